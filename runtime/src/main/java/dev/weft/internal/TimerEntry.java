package dev.weft.internal;

/**
 * Something waiting in the {@link TimerQueue} for its deadline: a sleeping task, a {@code
 * callLater} handle, a combinator's or timeout scope's deadline. The deadline itself lives in the
 * queue's arrays, not in the entry.
 *
 * <p><b>Order (issue 17).</b> Whatever its kind, a timer takes effect on the ready queue, at the
 * turn its deadline gave it: the queue reaches deadlines in (deadline, registration) order and
 * each entry then only queues its effect, behind the work already ready (I/O callbacks, earlier
 * callbacks). So a {@code callLater} due first, or due at the same instant and registered first,
 * runs before a {@code waitFor}, timeout-scope or {@code sleep} deadline of the same iteration
 * takes effect, and a value it delivers is in time.
 */
public interface TimerEntry {
  /**
   * The deadline has come and the entry has left the queue (a cancel from now on must not be
   * counted there). Called by the queue on the loop thread, in order; it must not act here: it
   * queues its effect, with {@link LoopCore#deadlineDue} (which later calls {@link
   * #deadlineEffect()}) or, for a user callback, by putting itself on the ready queue.
   */
  void deadlineReached();

  /** Whether the entry was cancelled while queued; such entries are dropped when reached. */
  boolean isTimerCancelled();

  /**
   * The deadline's effect, at the turn {@link LoopCore#deadlineDue} gave it on the ready queue.
   * The entry may have been cancelled since its deadline was reached: it checks, and then does
   * nothing.
   */
  default void deadlineEffect() {}
}
