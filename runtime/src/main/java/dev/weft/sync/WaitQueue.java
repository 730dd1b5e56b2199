package dev.weft.sync;

import dev.weft.Task;
import dev.weft.internal.LoopCore;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * The FIFO line of calls waiting on one primitive, with what the primitive does when a granted
 * call claims its grant or lets go of it. Every primitive of this package keeps one (a queue
 * keeps two) as an anonymous subclass that overrides the two hooks it needs.
 *
 * <p>Invariant: it holds exactly the waiters still waiting for a grant. Granting or refusing
 * takes a waiter out; a waiter cancelled before its grant takes itself out at once.
 * {@link #claim} and {@link #giveBack} are called only when {@link #grantsMustBeClaimed()}.
 */
abstract class WaitQueue<T> {
  private final ArrayDeque<Waiter<T>> waiters = new ArrayDeque<>();
  private final String operation;
  private final boolean grantsMustBeClaimed;

  /**
   * {@code operation} names the waiting call, e.g. {@code "Lock.acquire"}, for task names; {@code
   * grantsMustBeClaimed} says whether a grant is something that must not be lost (a lock, a
   * permit, an item), so that {@link #claim} and {@link #giveBack} are called for each grant.
   */
  WaitQueue(String operation, boolean grantsMustBeClaimed) {
    this.operation = operation;
    this.grantsMustBeClaimed = grantsMustBeClaimed;
  }

  final boolean grantsMustBeClaimed() {
    return grantsMustBeClaimed;
  }

  final String operation() {
    return operation;
  }

  /** A new waiter at the end of the line, started on {@code loop}: the task a call returns. */
  final Task<T> enqueue(LoopCore loop, Object payload) {
    return Waiter.startWaiting(loop, this, payload);
  }

  final void add(Waiter<T> waiter) {
    waiters.addLast(waiter);
  }

  final void remove(Waiter<T> waiter) {
    waiters.remove(waiter);
  }

  final int size() {
    return waiters.size();
  }

  final boolean isEmpty() {
    return waiters.isEmpty();
  }

  /** Takes the first waiter out of the line; null if none waits. */
  final Waiter<T> poll() {
    Waiter<T> waiter;
    while ((waiter = waiters.pollFirst()) != null) {
      if (waiter.isWaiting()) {
        return waiter;
      }
    }
    return null;
  }

  /** Grants {@code value} to the first waiter, taking it out; false if none waits. */
  final boolean grantFirst(T value) {
    Waiter<T> waiter = poll();
    return waiter != null && waiter.grant(value);
  }

  /** Grants {@code value} to every waiter, in FIFO order, emptying the line. */
  final void grantAll(T value) {
    Waiter<T> waiter;
    while ((waiter = poll()) != null) {
      waiter.grant(value);
    }
  }

  /** Refuses every waiter, in FIFO order, each with a fresh exception, emptying the line. */
  final void refuseAll(Supplier<? extends Throwable> failure) {
    Waiter<T> waiter;
    while ((waiter = poll()) != null) {
      waiter.refuse(failure.get());
    }
  }

  /**
   * At the waiter's claim point, just before its caller resumes with {@code granted}: settle what
   * the grant kept aside. The default does nothing.
   */
  void claim(Waiter<T> waiter, T granted) {}

  /**
   * At the waiter's claim point, when its caller was cancelled after the grant and will never
   * receive it: give it to the next in line, or back to the primitive. The default does nothing.
   */
  void giveBack(Waiter<T> waiter, T granted) {}
}
