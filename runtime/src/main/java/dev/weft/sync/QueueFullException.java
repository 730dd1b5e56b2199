package dev.weft.sync;

/**
 * Thrown by {@link Queue#putNow} when a bounded queue has no free slot (asyncio's {@code
 * QueueFull}). An {@link IllegalStateException}, like {@link java.util.Queue#add}'s.
 */
public class QueueFullException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}, which says what failed and why. */
  public QueueFullException(String message) {
    super(message);
  }
}
