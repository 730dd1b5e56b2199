package dev.weft;

import dev.weft.internal.LoopCore;
import dev.weft.internal.StageTask;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Test helpers for running a loop. */
final class Run {
  private Run() {}

  /**
   * Runs {@code main} with {@link EventLoop#run} until its task is done, whatever the outcome, and
   * returns the task itself so that a test can look at how it ended.
   */
  static <T> Task<T> toEnd(Supplier<? extends Task<T>> main) {
    @SuppressWarnings("unchecked")
    Task<T>[] task = new Task[1];
    EventLoop.run(
        () -> {
          task[0] = main.get();
          return Tasks.gatherReturningExceptions(task[0]);
        });
    return task[0];
  }

  /**
   * A task of this thread's loop with {@code stage}'s outcome (what {@code Tasks.fromFuture}
   * does; the runtime core's tests do not depend on it).
   */
  static <T> Task<T> fromFuture(CompletionStage<T> stage) {
    return new StageTask<>(LoopCore.currentOrThrow("Run.fromFuture"), stage);
  }
}
