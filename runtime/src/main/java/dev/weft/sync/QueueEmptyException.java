package dev.weft.sync;

import java.util.NoSuchElementException;

/**
 * Thrown by {@link Queue#getNow()} when the queue has no item to give at once (asyncio's {@code
 * QueueEmpty}). A {@link NoSuchElementException}, like {@link java.util.Queue#remove()}'s.
 */
public class QueueEmptyException extends NoSuchElementException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}, which says what failed and why. */
  public QueueEmptyException(String message) {
    super(message);
  }
}
