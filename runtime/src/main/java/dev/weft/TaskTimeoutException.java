package dev.weft;

/**
 * A task did not finish within its deadline ({@link Tasks#waitFor}, timeout scopes). By the time
 * it is thrown, the task that timed out has been cancelled and has finished cancelling.
 */
public class TaskTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A timeout saying what did not complete in time. */
  public TaskTimeoutException(String message) {
    super(message);
  }

  /** A timeout with its cause, usually the {@link CancelledException} of the task stopped. */
  public TaskTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
