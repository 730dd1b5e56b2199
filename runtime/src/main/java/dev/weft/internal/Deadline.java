package dev.weft.internal;

import dev.weft.TimeoutScope;
import java.time.Duration;

/**
 * The {@link TimeoutScope} of a task: when its deadline passes it interrupts its task with
 * {@link Coroutine#expireTimeout()}.
 *
 * <p>Each (re)scheduling puts a fresh {@link Arming} in the timer queue, so a superseded one is
 * cancelled in O(1) and dropped by the queue later. Loop thread only.
 */
public final class Deadline implements TimeoutScope {
  private final LoopCore loop;
  private final Coroutine<?> task;
  private Arming armed;
  private long deadlineNanos = Long.MAX_VALUE;
  private boolean expired;
  private boolean closed;

  private static final String SCOPE_HINT =
      "a timeout scope belongs to the task that opened it; use it only in that task";

  private Deadline(LoopCore loop, Coroutine<?> task) {
    this.loop = loop;
    this.task = task;
  }

  /**
   * A scope over the task running now on {@code loop}, due at {@code deadlineNanos}, or with no
   * deadline when {@code timed} is false.
   *
   * @throws IllegalStateException if no {@code @Async} task runs now
   */
  public static Deadline open(LoopCore loop, boolean timed, long deadlineNanos) {
    if (!(loop.currentTask() instanceof Coroutine)) {
      throw new IllegalStateException(
          "Tasks.timeout must be called inside an @Async method: it interrupts the task that"
              + " opens it, and no task runs now");
    }
    Deadline scope = new Deadline(loop, (Coroutine<?>) loop.currentTask());
    if (timed) {
      scope.arm(deadlineNanos);
    }
    return scope;
  }

  private void arm(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
    armed = new Arming(this);
    loop.addTimer(deadlineNanos, armed);
  }

  private void disarm() {
    if (armed != null) {
      armed.cancelled = true;
      if (!armed.due) {
        loop.timers().noteCancelled(); // still in the queue (else its effect is queued: now void)
      }
      armed = null;
    }
    deadlineNanos = Long.MAX_VALUE;
  }

  @Override
  public void reschedule(Duration delay) {
    loop.requireLoopThread("TimeoutScope.reschedule", SCOPE_HINT);
    if (closed || expired) {
      throw new IllegalStateException(
          "cannot reschedule a timeout scope that is " + (closed ? "closed" : "expired"));
    }
    disarm();
    if (delay != null) {
      arm(loop.deadlineAfter(delay));
    }
  }

  @Override
  public long deadlineNanos() {
    return deadlineNanos;
  }

  @Override
  public boolean expired() {
    return expired;
  }

  @Override
  public void close() {
    loop.requireLoopThread("TimeoutScope.close", SCOPE_HINT);
    if (closed) {
      return;
    }
    closed = true;
    if (expired) {
      task.clearTimeout();
    } else {
      disarm();
    }
  }

  private void deadlinePassed() {
    armed = null;
    if (!closed) {
      expired = task.expireTimeout();
    }
  }

  /** One scheduling of the deadline in the timer queue. */
  private static final class Arming implements TimerEntry {
    private final Deadline scope;
    boolean cancelled;

    /** The deadline was reached: out of the queue, its effect queued. */
    boolean due;

    Arming(Deadline scope) {
      this.scope = scope;
    }

    @Override
    public void deadlineReached() {
      due = true;
      scope.loop.deadlineDue(this);
    }

    @Override
    public void deadlineEffect() {
      if (!cancelled) {
        scope.deadlinePassed();
      }
    }

    @Override
    public boolean isTimerCancelled() {
      return cancelled;
    }
  }
}
