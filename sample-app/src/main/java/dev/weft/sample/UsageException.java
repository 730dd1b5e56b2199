package dev.weft.sample;

/**
 * A command line that {@link Main} cannot run: it prints the message and the usage, exit code 2.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
