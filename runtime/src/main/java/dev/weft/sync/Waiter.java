package dev.weft.sync;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.internal.Awaiter;
import dev.weft.internal.Coroutine;
import dev.weft.internal.LoopCore;

/**
 * One call of a primitive that has to wait ({@code Lock.acquire}, {@code Queue.get}, ...): the
 * task the call returns. It is a small state machine, like the ones weft generates, suspended on
 * a {@link Signal} that its {@link WaitQueue} completes to grant the call (the lock, a permit, an
 * item) or fails to refuse it (a shut-down queue, a broken barrier).
 *
 * <p>Why a state machine and not a bare promise: the grant and the caller's resumption are two
 * loop turns apart, and the caller may be cancelled in between. asyncio closes that window by
 * running the rest of {@code acquire()} inside the caller's task; here the rest of the call runs
 * in this task, on its own turn after the grant: if it is cancelled before that turn, it hands
 * what it was granted back to the queue ({@link WaitQueue#giveBack}), so a lock, permit or item is
 * never lost; otherwise it claims it ({@link WaitQueue#claim}). A cancellation before the grant
 * takes the waiter out of the queue at once, so the primitive's counts stay exact.
 *
 * <p>A caller cancelled after this task completed, and before the caller's own next turn, is the
 * one window left: see the package documentation.
 */
final class Waiter<T> extends Coroutine<T> {
  /**
   * Told when a waiter whose start was queued (eager starts nested too deep) ends before it ever
   * ran: a cancelled queued start never runs {@link #resume()}, so it must let go here.
   */
  private static final Awaiter ENDED_BEFORE_FIRST_TURN = task -> ((Waiter<?>) task).letGo();

  private final WaitQueue<T> queue;
  private final Signal signal;

  /** What the call brings with it: the item of a {@code put}, or null. */
  final Object payload;

  /** Set once the call has claimed or let go of its grant, so it does so once. */
  private boolean settledWithQueue;

  /** The promise the queue completes; leaving the queue when it is cancelled. */
  private final class Signal extends Promise<T> {
    Signal(LoopCore loop) {
      super(loop);
    }

    @Override
    protected void onSettled() {
      if (isCancelled()) {
        queue.remove(Waiter.this);
      }
    }

    @Override
    protected String describe() {
      return queue.operation() + " signal";
    }
  }

  private Waiter(LoopCore loop, WaitQueue<T> queue, Object payload) {
    this.queue = queue;
    this.payload = payload;
    this.signal = new Signal(loop);
  }

  /** Makes a waiter at the end of {@code queue} and starts it; loop thread only. */
  static <T> Waiter<T> startWaiting(LoopCore loop, WaitQueue<T> queue, Object payload) {
    Waiter<T> waiter = new Waiter<>(loop, queue, payload);
    queue.add(waiter);
    waiter.start();
    if (waiter.awaitingTask() == null && !waiter.isDone()) {
      // The start was queued, not run: see ENDED_BEFORE_FIRST_TURN.
      addAwaiter(waiter, ENDED_BEFORE_FIRST_TURN);
    }
    return waiter;
  }

  /** Whether the waiter still waits for a grant (not granted, refused or cancelled yet). */
  boolean isWaiting() {
    return !signal.isDone() && !isDone();
  }

  /** Grants the call {@code value}; the caller resumes on a later turn. */
  boolean grant(T value) {
    return signal.complete(value);
  }

  /** Refuses the call: awaiting it throws {@code failure}. */
  boolean refuse(Throwable failure) {
    return signal.fail(failure);
  }

  @Override
  protected void resume() throws Throwable {
    switch (state) {
      case 0:
        if (suspendOn(signal, 1)) {
          return;
        }
        // fall through: granted before a queued start ran
      case 1:
        T granted;
        try {
          granted = awaited();
        } catch (Throwable failure) {
          letGo();
          throw failure;
        }
        settledWithQueue = true;
        returnValue(queue.claim(this, granted));
        return;
      default:
        throw new IllegalStateException(describe() + ": state " + state);
    }
  }

  /** The call ends without claiming: give back a grant, or leave the queue. Idempotent. */
  private void letGo() {
    if (settledWithQueue) {
      return;
    }
    settledWithQueue = true;
    if (signal.isSucceeded()) {
      queue.giveBack(this, signal.resultNow());
    } else if (!signal.isDone()) {
      signal.cancel(); // leaves the queue through Signal.onSettled
    }
  }

  @Override
  protected String describe() {
    return queue.operation();
  }
}
