package dev.weft.internal;

import dev.weft.Task;
import java.util.Arrays;

/**
 * The base of weft's combinator tasks (gather, waitFor, shield, wait): a task that awaits other
 * tasks and, optionally, a deadline, with no allocation beyond itself.
 *
 * <p>It registers itself as the {@link Awaiter} of the tasks it combines and as the {@link
 * TimerEntry} of its deadline. When an event decides its outcome it does not settle inline: it
 * puts itself on the ready queue ({@link #scheduleCompletion()}) and settles in {@link
 * #complete()} when its turn comes. So a combinator of combinators, nested a million deep,
 * completes one level per loop iteration instead of recursing on the stack, exactly as a chain
 * of awaiting coroutines does.
 *
 * <p>Loop thread only.
 */
public abstract class Combinator<T> extends Task<T> implements Awaiter, Runnable, TimerEntry {
  private boolean completionScheduled;
  private boolean timerArmed;

  /** The deadline was reached and its effect waits for its turn on the ready queue. */
  private boolean timerDue;

  /** A pending combinator of {@code loop}. */
  protected Combinator(LoopCore loop) {
    super(loop);
  }

  /** Settles the task from the state gathered so far; called from the ready queue. */
  protected abstract void complete();

  /** The deadline passed while the task was still pending. */
  protected void deadlinePassed() {}

  /** Queues {@link #complete()} for this loop iteration's successor; idempotent. */
  protected final void scheduleCompletion() {
    if (!completionScheduled && !isDone()) {
      completionScheduled = true;
      loop().schedule(this);
    }
  }

  @Override
  public final void run() {
    completionScheduled = false;
    if (!isDone()) {
      try {
        complete();
      } catch (RuntimeException | Error bug) {
        // A bug here must not leave the awaiters waiting forever: they get it instead.
        if (!setException(bug)) {
          throw bug;
        }
      }
    }
  }

  /** Puts this task in the loop's timer queue, due at {@code deadlineNanos}. */
  protected final void armTimer(long deadlineNanos) {
    timerArmed = true;
    loop().addTimer(deadlineNanos, this);
  }

  /**
   * Takes the timer out (in O(1): the queue drops it later), or, if its deadline was reached and
   * its effect is still queued, calls that effect off; harmless when not armed.
   */
  protected final void disarmTimer() {
    if (timerArmed) {
      timerArmed = false;
      loop().timers().noteCancelled();
    }
    timerDue = false;
  }

  @Override
  public final void deadlineReached() {
    timerArmed = false;
    timerDue = true;
    loop().deadlineDue(this);
  }

  @Override
  public final void deadlineEffect() {
    if (timerDue) {
      timerDue = false;
      if (!isDone()) {
        deadlinePassed();
      }
    }
  }

  @Override
  public final boolean isTimerCancelled() {
    return !timerArmed;
  }

  /** Cancels the timer when the task settles, however it settles. */
  @Override
  protected void onSettled() {
    disarmTimer();
  }

  /**
   * Checks {@code tasks} for nulls and bridges tasks of other loops to this one, in place, and
   * returns the array: the caller's own copy (a fresh {@code Collection.toArray()} or varargs
   * clone), which may then serve as the combinator's storage. An array whose runtime type is not
   * {@code Object[]} is copied first, so that any value can be stored in it later.
   */
  protected static Object[] adopt(LoopCore loop, Object[] tasks, String operation) {
    Object[] own =
        tasks.getClass() == Object[].class
            ? tasks
            : Arrays.copyOf(tasks, tasks.length, Object[].class);
    for (int i = 0; i < own.length; i++) {
      Task<?> task = (Task<?>) own[i];
      if (task == null) {
        throw new NullPointerException(operation + ": task " + i + " is null");
      }
      LoopCore owner = loopOf(task);
      if (owner != null && owner != loop) {
        own[i] = StageTask.of(loop, task);
      }
    }
    return own;
  }
}
