package dev.weft.internal;

import dev.weft.Task;

/**
 * What {@code Tasks.yieldNow()} returns: a shared, already done task that a state machine
 * recognises by identity and answers by rescheduling itself, so a yield allocates nothing.
 * Anywhere else it behaves as a task done with {@code null}.
 */
public final class YieldToken extends Task<Void> {
  /** The one instance, recognised by identity. */
  public static final YieldToken INSTANCE = new YieldToken();

  private YieldToken() {
    setResult(null);
  }

  @Override
  protected String describe() {
    return "yieldNow";
  }
}
