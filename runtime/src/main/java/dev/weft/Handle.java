package dev.weft;

/**
 * A callback scheduled on an {@link EventLoop} ({@code callSoon}, {@code callLater},
 * {@code callAt}), which can be cancelled until it runs.
 */
public interface Handle {
  /**
   * Stops the callback from running if it has not run yet. Cheap: the entry is only marked, and
   * the loop drops it when it reaches it. Handles of {@link EventLoop#callSoon} and {@link
   * EventLoop#callSoonThreadsafe} may be cancelled from any thread (a cancel racing the callback
   * either stops it or comes too late, never half); handles of {@link EventLoop#callLater} and
   * {@link EventLoop#callAt} belong to the loop's thread, since cancelling them updates the timer
   * queue.
   *
   * @return whether this call prevented the callback from running (racing another thread's
   *     cancel of a {@code callSoon} handle, both may answer true)
   * @throws IllegalStateException if a timer's handle is cancelled on another thread while the
   *     loop runs: use {@code loop.callSoonThreadsafe(handle::cancel)} there
   */
  boolean cancel();

  /** Whether {@link #cancel()} took effect. Any thread. */
  boolean isCancelled();
}
