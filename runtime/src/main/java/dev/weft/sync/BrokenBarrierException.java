package dev.weft.sync;

/**
 * Thrown by {@link Barrier#arriveAndWait()} when the barrier is broken ({@link Barrier#abort()})
 * or reset ({@link Barrier#reset()}) while the caller waits, or is broken when it arrives
 * (asyncio's {@code BrokenBarrierError}). Unchecked, unlike {@link
 * java.util.concurrent.BrokenBarrierException}, because {@code await} rethrows it as it is.
 */
public class BrokenBarrierException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}, which says what failed and why. */
  public BrokenBarrierException(String message) {
    super(message);
  }
}
