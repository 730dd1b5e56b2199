package dev.weft.sync;

import dev.weft.Task;
import dev.weft.internal.LoopCore;

/**
 * A mutual-exclusion lock for tasks of one event loop (asyncio's {@code Lock}). It is not owned
 * by a task: any task of the loop may release it, as in asyncio.
 *
 * <p>In an {@code @Async} method:
 *
 * <pre>{@code
 * await(lock.acquire());
 * try {
 *   ... // at most one task at a time runs here, even across awaits
 * } finally {
 *   lock.release();
 * }
 * }</pre>
 *
 * <p><b>Fairness.</b> Waiters get the lock in the order they called {@link #acquire()}. A
 * release hands the lock straight to the first waiter, so the lock stays locked in between and a
 * later caller cannot take it first (asyncio wakes the waiter and lets it lock on its turn; the
 * order is the same, and {@link #isLocked()} answers {@code true} a little longer here).
 *
 * <p><b>Threads.</b> The methods that wait or change state must be called on the thread of the
 * loop the lock belongs to: the loop of its first use. Calls from elsewhere throw {@link
 * IllegalStateException}. The queries ({@code isLocked}, {@code waiting}) do not check the thread,
 * and are exact only on the loop's thread.
 */
public final class Lock extends LoopBound {
  private final Permits permits = new Permits(1, "Lock.acquire");

  /** A new, unlocked lock. It binds to the event loop that first uses it. */
  public Lock() {}

  /**
   * Acquires the lock: the returned task completes once the lock is the caller's.
   *
   * <p>When the lock is free, it is taken at once and an already completed task is returned
   * (awaiting it does not suspend). Otherwise the caller joins the end of the line of waiters.
   *
   * <p><b>Cancellation.</b> Cancelling the returned task (or the task awaiting it) while it waits
   * takes it out of the line; if it had already been handed the lock but had not resumed yet,
   * the lock passes on to the next waiter (or becomes free). Either way the task ends cancelled
   * and the lock is not the caller's.
   *
   * @return a task that completes with {@code null} once the caller holds the lock
   * @throws IllegalStateException if no event loop runs on the calling thread, or the lock
   *     belongs to another loop
   */
  public Task<Void> acquire() {
    LoopCore loop = requireLoop("acquire");
    return permits.acquire(loop);
  }

  /**
   * Takes the lock if it is free, without waiting.
   *
   * @return whether the caller now holds the lock
   * @throws IllegalStateException if the lock belongs to another loop's thread
   */
  public boolean tryAcquire() {
    checkLoop("tryAcquire");
    return permits.tryAcquire();
  }

  /**
   * Releases the lock: hands it to the first waiter (which resumes on a later turn of the loop),
   * or unlocks it if nobody waits. Never suspends.
   *
   * @throws IllegalStateException if the lock is not locked, or belongs to another loop's thread
   */
  public void release() {
    checkLoop("release");
    if (permits.available() > 0) {
      throw new IllegalStateException("Lock.release() called on a lock that is not locked");
    }
    permits.release();
  }

  /** Whether the lock is held (by a task, or handed to a waiter that has not resumed yet). */
  public boolean isLocked() {
    return permits.available() == 0;
  }

  /** How many calls wait for the lock now. */
  public int waiting() {
    return permits.waiting();
  }

  @Override
  public String toString() {
    return "Lock[" + (isLocked() ? "locked" : "unlocked") + ", waiting=" + waiting() + "]";
  }
}
