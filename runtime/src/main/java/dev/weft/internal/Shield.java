package dev.weft.internal;

import dev.weft.Task;

/**
 * {@code Tasks.shield}: a task with the outcome of its inner task, whose cancellation does not
 * reach the inner task. Cancelling the shield ends it as cancelled (its awaiters get the
 * {@code CancelledException} in a later turn of the loop) while the inner task keeps running.
 *
 * <p>Loop thread only.
 */
public final class Shield<T> extends Combinator<T> {
  private final Task<T> inner;

  private Shield(LoopCore loop, Task<T> inner) {
    super(loop);
    this.inner = inner;
  }

  /** A shield over {@code inner}, pending and of {@code loop}. */
  public static <T> Shield<T> of(LoopCore loop, Task<T> inner) {
    Shield<T> shield = new Shield<>(loop, inner);
    addAwaiter(inner, shield);
    return shield;
  }

  @Override
  public void taskCompleted(Task<?> task) {
    scheduleCompletion();
  }

  @Override
  protected void complete() {
    copyOutcome(inner);
  }

  @Override
  protected boolean cancelOnLoop() {
    boolean cancelled = super.cancelOnLoop();
    if (cancelled) {
      removeAwaiter(inner, this);
    }
    return cancelled;
  }

  @Override
  protected String describe() {
    return "shield";
  }
}
