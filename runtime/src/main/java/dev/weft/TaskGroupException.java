package dev.weft;

import java.util.List;

/**
 * A {@link TaskGroup} failed: it carries every failure of the group's tasks, in the order they
 * happened. The first is also the {@linkplain #getCause() cause}, the others are {@linkplain
 * #getSuppressed() suppressed}, so a stack trace shows them all.
 */
public class TaskGroupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Not serialized: the failures may not be. */
  private final transient List<Throwable> failures;

  /** A group failure with {@code failures} in the order they happened (the first is the cause). */
  public TaskGroupException(String message, List<? extends Throwable> failures) {
    super(message, failures.isEmpty() ? null : failures.get(0));
    this.failures = List.copyOf(failures);
    for (int i = 1; i < this.failures.size(); i++) {
      addSuppressed(this.failures.get(i));
    }
  }

  /** The failures of the group's tasks, in the order they happened; unmodifiable. */
  public List<Throwable> failures() {
    return failures;
  }
}
