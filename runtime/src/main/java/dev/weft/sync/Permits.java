package dev.weft.sync;

import dev.weft.Task;
import dev.weft.internal.LoopCore;

/**
 * A count of free permits and the FIFO line of calls waiting for one: the core of {@link Lock}
 * (one permit) and {@link Semaphore}.
 *
 * <p>A release hands its permit straight to the first waiter instead of making it free, so a
 * caller arriving later can never take it first (no barging: strict FIFO). Hence the invariant:
 * while a permit is free, nobody waits.
 */
final class Permits {
  private int available;
  private final WaitQueue<Void> waiters;

  Permits(int available, String acquireOperation) {
    this.available = available;
    this.waiters =
        new WaitQueue<>(acquireOperation, true) {
          @Override
          void giveBack(Waiter<Void> waiter, Void granted) {
            release();
          }
        };
  }

  int available() {
    return available;
  }

  int waiting() {
    return waiters.size();
  }

  /** A done task if a permit is free (taking it), else the task of a new waiter. */
  Task<Void> acquire(LoopCore loop) {
    if (available > 0) {
      available--;
      return Task.done();
    }
    return waiters.enqueue(loop, null);
  }

  boolean tryAcquire() {
    if (available > 0) {
      available--;
      return true;
    }
    return false;
  }

  /** Hands the permit to the first waiter, or makes it free if nobody waits. */
  void release() {
    if (!waiters.grantFirst(null)) {
      available++;
    }
  }
}
