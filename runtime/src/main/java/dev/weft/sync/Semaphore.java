package dev.weft.sync;

import dev.weft.Task;
import dev.weft.internal.LoopCore;

/**
 * A counting semaphore for tasks of one event loop (asyncio's {@code Semaphore}): it holds a
 * number of permits; {@link #acquire()} takes one, waiting while there is none, and {@link
 * #release()} returns one. {@link BoundedSemaphore} also refuses releases beyond its initial
 * count.
 *
 * <pre>{@code
 * await(connections.acquire());
 * try {
 *   ... // at most n tasks here at once
 * } finally {
 *   connections.release();
 * }
 * }</pre>
 *
 * <p><b>Fairness.</b> Waiters get permits in the order they called {@link #acquire()}: a release
 * hands its permit straight to the first waiter, so a later caller never overtakes one that
 * waits, even when permits are released while it waits.
 *
 * <p><b>Threads.</b> The methods that wait or change state must be called on the thread of the
 * loop the semaphore belongs to (the loop of its first use); calls from elsewhere throw {@link
 * IllegalStateException}. The queries ({@code isLocked}, {@code availablePermits}, {@code
 * waiting}) do not check the thread, and are exact only on the loop's thread.
 */
public sealed class Semaphore extends LoopBound permits BoundedSemaphore {
  private final Permits permits;

  /**
   * A semaphore with {@code permits} free permits; it binds to the event loop that first uses
   * it.
   *
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public Semaphore(int permits) {
    if (permits < 0) {
      throw new IllegalArgumentException(
          "a semaphore's initial permits must be 0 or more, not " + permits);
    }
    this.permits = new Permits(permits, getClass().getSimpleName() + ".acquire");
  }

  /**
   * Takes a permit: the returned task completes once the caller has one.
   *
   * <p>When a permit is free, it is taken at once and an already completed task is returned.
   * Otherwise the caller joins the end of the line of waiters.
   *
   * <p><b>Cancellation.</b> Cancelling the returned task (or the task awaiting it) while it waits
   * takes it out of the line; if it had already been handed a permit but had not resumed yet,
   * the permit passes on to the next waiter (or becomes free). Either way no permit is lost and
   * the task ends cancelled.
   *
   * @throws IllegalStateException if no event loop runs on the calling thread, or the semaphore
   *     belongs to another loop
   */
  public final Task<Void> acquire() {
    LoopCore loop = requireLoop("acquire");
    return permits.acquire(loop);
  }

  /**
   * Takes a permit if one is free, without waiting.
   *
   * @return whether the caller got a permit
   * @throws IllegalStateException if the semaphore belongs to another loop's thread
   */
  public final boolean tryAcquire() {
    checkLoop("tryAcquire");
    return permits.tryAcquire();
  }

  /**
   * Returns a permit: hands it to the first waiter (which resumes on a later turn of the loop),
   * or adds it to the free ones. Never suspends.
   *
   * @throws IllegalStateException if the semaphore belongs to another loop's thread (and, for a
   *     {@link BoundedSemaphore}, if the release would exceed its initial count)
   */
  public void release() {
    checkLoop("release");
    permits.release();
  }

  /** Whether {@link #acquire()} would have to wait: no permit is free. */
  public final boolean isLocked() {
    return permits.available() == 0;
  }

  /** The number of free permits. */
  public final int availablePermits() {
    return permits.available();
  }

  /** How many calls wait for a permit now. */
  public final int waiting() {
    return permits.waiting();
  }

  @Override
  public String toString() {
    return kind() + "[permits=" + availablePermits() + ", waiting=" + waiting() + "]";
  }
}
