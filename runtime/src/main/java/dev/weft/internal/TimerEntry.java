package dev.weft.internal;

/**
 * Something waiting in the {@link TimerQueue} for its deadline: a sleeping task, a
 * {@code callLater} handle. The deadline itself lives in the queue's arrays, not in the entry.
 */
public interface TimerEntry {
  /**
   * The deadline has come. Runs on the loop thread; must not run user code inline (schedule it
   * on the ready queue instead), so that timers fire in order before any callback runs.
   */
  void deadlineReached();

  /** Whether the entry was cancelled while queued; such entries are dropped when reached. */
  boolean isTimerCancelled();
}
