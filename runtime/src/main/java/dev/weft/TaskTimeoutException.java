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
    this.stillAwaiting = java.util.List.of();
  }

  /** A timeout with its cause, usually the {@link CancelledException} of the task stopped. */
  public TaskTimeoutException(String message, Throwable cause) {
    super(message, cause);
    this.stillAwaiting = java.util.List.of();
  }

  /** What the task that timed out was still awaiting; see {@link #stillAwaiting()}. */
  private final java.util.List<StackTraceElement> stillAwaiting;

  /**
   * A timeout that says what the task was still awaiting when its deadline passed: its await
   * chain, outermost first, listed in the message too.
   */
  public TaskTimeoutException(
      String message, Throwable cause, java.util.List<StackTraceElement> stillAwaiting) {
    super(message + describe(stillAwaiting), cause);
    this.stillAwaiting = java.util.List.copyOf(stillAwaiting);
  }

  private static String describe(java.util.List<StackTraceElement> chain) {
    StringBuilder sb = new StringBuilder();
    if (!chain.isEmpty()) {
      sb.append("; it was still awaiting:");
      for (StackTraceElement frame : chain) {
        sb.append("\n\tat ").append(frame);
      }
    }
    return sb.toString();
  }

  /**
   * The await chain of the task that timed out, as it was when the deadline passed: for each
   * {@code @Async} method from the task down to what it awaited, the original source line where
   * it was suspended ({@code demo.Foo.fetch(Foo.java:42)}); a last frame names a task that is not
   * an {@code @Async} method (a {@code sleep}, a {@code gather}...). Empty when not known.
   */
  public java.util.List<StackTraceElement> stillAwaiting() {
    return stillAwaiting == null ? java.util.List.of() : stillAwaiting;
  }
}
