package dev.weft;

/**
 * A callback scheduled on an {@link EventLoop} ({@code callSoon}, {@code callLater},
 * {@code callAt}), which can be cancelled until it runs.
 */
public interface Handle {
  /**
   * Stops the callback from running if it has not run yet. Cheap: the entry is only marked, and
   * the loop drops it when it reaches it. Call on the loop's thread, except for handles returned
   * by {@link EventLoop#callSoonThreadsafe}, which may be cancelled from any thread.
   *
   * @return whether this call prevented the callback from running
   */
  boolean cancel();

  /** Whether {@link #cancel()} took effect. */
  boolean isCancelled();
}
