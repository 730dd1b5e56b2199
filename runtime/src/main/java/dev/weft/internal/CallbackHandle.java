package dev.weft.internal;

import dev.weft.Handle;

/**
 * A user callback scheduled with {@code callSoon}, {@code callLater}, {@code callAt} or
 * {@code callSoonThreadsafe}. It is its own ready-queue entry and its own timer entry, so
 * scheduling allocates this one object.
 */
public final class CallbackHandle implements Handle, Runnable, TimerEntry {
  private final LoopCore loop;
  private final Runnable callback;

  /** Volatile: handles of {@code callSoonThreadsafe} may be cancelled from any thread. */
  private volatile boolean cancelled;

  /** Whether the handle sits in the timer queue, so a cancel must be counted there. */
  private boolean inTimerQueue;

  /** A callLater/callAt handle: its cancel touches the timer queue, so it is loop-thread only. */
  private final boolean timer;

  CallbackHandle(LoopCore loop, Runnable callback, boolean inTimerQueue) {
    this.loop = loop;
    this.callback = callback;
    this.inTimerQueue = inTimerQueue;
    this.timer = inTimerQueue;
  }

  @Override
  public boolean cancel() {
    if (timer) {
      loop.requireLoopThread(
          "Handle.cancel of a callLater/callAt timer",
          "from other threads use loop.callSoonThreadsafe(handle::cancel)");
    }
    if (cancelled) {
      return false;
    }
    cancelled = true;
    if (inTimerQueue) {
      inTimerQueue = false;
      loop.timers().noteCancelled();
    }
    return true;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public void deadlineReached() {
    inTimerQueue = false;
    loop.schedule(this);
  }

  @Override
  public boolean isTimerCancelled() {
    return cancelled;
  }

  @Override
  public void run() {
    if (!cancelled) {
      callback.run();
    }
  }

  @Override
  public String toString() {
    return "Handle[" + callback + (cancelled ? ", cancelled]" : "]");
  }
}
