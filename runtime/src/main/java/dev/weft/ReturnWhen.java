package dev.weft;

/**
 * When {@link Tasks#wait(java.util.Collection, ReturnWhen)} returns (asyncio's {@code
 * return_when}). A timeout, when given, ends the wait earlier in every case.
 */
public enum ReturnWhen {
  /** As soon as any task is done, whatever its outcome. */
  FIRST_COMPLETED,
  /**
   * As soon as any task fails with an exception other than {@link CancelledException}, or when
   * every task is done (a cancelled task does not count as an exception, as in asyncio).
   */
  FIRST_EXCEPTION,
  /** When every task is done. */
  ALL_COMPLETED
}
