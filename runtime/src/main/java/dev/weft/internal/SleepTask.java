package dev.weft.internal;

import dev.weft.Task;

/**
 * What {@code Tasks.sleep(d)} returns. It is its own timer entry, so a sleep allocates this one
 * object; its deadline lives in the timer queue.
 */
public final class SleepTask extends Task<Void> implements TimerEntry {
  /** A sleep of {@code loop} until {@code deadlineNanos}, already in its timer queue. */
  public SleepTask(LoopCore loop, long deadlineNanos) {
    super(loop);
    loop.addTimer(deadlineNanos, this);
  }

  @Override
  public void deadlineReached() {
    setResult(null);
  }

  @Override
  public boolean isTimerCancelled() {
    return isDone();
  }

  @Override
  protected boolean cancelOnLoop() {
    boolean cancelled = super.cancelOnLoop();
    if (cancelled) {
      loop().timers().noteCancelled();
    }
    return cancelled;
  }

  @Override
  protected String describe() {
    return "sleep";
  }
}
