package dev.weft;

/**
 * Thrown at an {@code await} of a task that was cancelled, or in a task whose own cancellation
 * is being delivered (asyncio's {@code CancelledError}).
 *
 * <p>Let it propagate: {@code finally} blocks and try-with-resources still run. Catching it
 * without rethrowing turns the cancellation into an ordinary return, which is rarely what you
 * want.
 */
public class CancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A cancellation with a generic message. */
  public CancelledException() {
    super("task was cancelled");
  }

  /** A cancellation saying what was cancelled. */
  public CancelledException(String message) {
    super(message);
  }
}
