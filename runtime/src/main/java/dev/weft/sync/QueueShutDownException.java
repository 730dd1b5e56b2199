package dev.weft.sync;

/**
 * Thrown by the operations of a {@link Queue} that was {@linkplain Queue#shutdown(boolean) shut
 * down}: every put, and every get once no item is left to give (asyncio's {@code QueueShutDown},
 * Python 3.13). A consumer loop typically ends on it.
 */
public class QueueShutDownException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}, which says what failed and why. */
  public QueueShutDownException(String message) {
    super(message);
  }
}
