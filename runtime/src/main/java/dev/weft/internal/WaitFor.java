package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.TaskTimeoutException;
import java.time.Duration;

/**
 * {@code Tasks.waitFor}: the inner task's outcome, unless the deadline passes first; then the
 * inner task is cancelled, waited for until it has finished cancelling, and the wait fails with
 * {@link TaskTimeoutException}. One object: the awaiter of the inner task and its own timer.
 *
 * <p>Loop thread only.
 */
public final class WaitFor<T> extends Combinator<T> {
  private final Task<T> inner;
  private final Duration timeout;
  private boolean timedOut;
  private boolean cancelRequested;

  /** Debugging (issue 7): the inner task's await chain when the deadline passed. */
  private java.util.List<StackTraceElement> stillAwaiting = java.util.List.of();

  private WaitFor(LoopCore loop, Task<T> inner, Duration timeout) {
    super(loop);
    this.inner = inner;
    this.timeout = timeout;
  }

  /** Waits for {@code inner} (pending, of {@code loop}) until {@code deadlineNanos}. */
  public static <T> WaitFor<T> of(
      LoopCore loop, Task<T> inner, Duration timeout, long deadlineNanos) {
    WaitFor<T> wait = new WaitFor<>(loop, inner, timeout);
    addAwaiter(inner, wait);
    if (timeout.isZero() || timeout.isNegative()) {
      wait.deadlinePassed(); // asyncio: a zero timeout cancels a pending task at once
    } else {
      wait.armTimer(deadlineNanos);
    }
    return wait;
  }

  @Override
  protected void deadlinePassed() {
    timedOut = true;
    stillAwaiting = AsyncStackTraces.awaitChain(inner);
    requestCancel(inner);
  }

  @Override
  public void taskCompleted(Task<?> task) {
    disarmTimer();
    scheduleCompletion();
  }

  @Override
  protected void complete() {
    if (!inner.isDone()) {
      return;
    }
    if (cancelRequested) {
      setException(new CancelledException("waitFor was cancelled"));
    } else if (timedOut && inner.isCancelled()) {
      TaskTimeoutException timeoutError =
          new TaskTimeoutException(
              inner.name() + " did not complete within " + timeout,
              inner.exceptionNow(),
              stillAwaiting);
      setException(timeoutError);
    } else {
      // Done in time; or, past the deadline, it ignored the cancellation and finished anyway:
      // its own outcome then stands, as in asyncio.
      copyOutcome(inner);
    }
  }

  /** Cancels the inner task; the wait ends cancelled once the inner task is done. */
  @Override
  protected boolean cancelOnLoop() {
    if (isDone()) {
      return false;
    }
    cancelRequested = true;
    disarmTimer();
    requestCancel(inner);
    return true;
  }

  @Override
  protected String describe() {
    return "waitFor";
  }
}
