package dev.weft.sample;

import dev.weft.EventLoop;
import dev.weft.Task;

/** Runs a test scenario on a new event loop, as {@link EventLoop#run} does. */
public final class Run {
  private Run() {}

  /** An {@code @Async} call that may declare checked exceptions. */
  @FunctionalInterface
  public interface Scenario<T> {
    Task<T> start() throws Exception;
  }

  /**
   * {@link EventLoop#run}, for {@code @Async} methods that declare checked exceptions: its {@code
   * Supplier} cannot throw them, though an {@code @Async} call never does (its task fails instead).
   */
  public static <T> T onNewLoop(Scenario<T> scenario) {
    return EventLoop.run(
        () -> {
          try {
            return scenario.start();
          } catch (Exception e) {
            return Task.failed(e);
          }
        });
  }
}
