package dev.weft.internal;

import dev.weft.Task;

/**
 * What {@code Tasks.sleep(d)} returns. It is its own timer entry, so a sleep allocates this one
 * object; its deadline lives in the timer queue.
 */
public final class SleepTask extends Task<Void> implements TimerEntry {
  /** The deadline was reached: the entry left the timer queue and its effect is queued. */
  private boolean due;

  /** A sleep of {@code loop} until {@code deadlineNanos}, already in its timer queue. */
  public SleepTask(LoopCore loop, long deadlineNanos) {
    super(loop);
    loop.addTimer(deadlineNanos, this);
  }

  @Override
  public void deadlineReached() {
    due = true;
    loop().deadlineDue(this);
  }

  /** Ends the sleep, unless it was cancelled after its deadline came and before its turn. */
  @Override
  public void deadlineEffect() {
    setResult(null);
  }

  @Override
  public boolean isTimerCancelled() {
    return isDone();
  }

  @Override
  protected boolean cancelOnLoop() {
    boolean cancelled = super.cancelOnLoop();
    if (cancelled && !due) {
      loop().timers().noteCancelled();
    }
    return cancelled;
  }

  @Override
  protected String describe() {
    return "sleep";
  }
}
