package dev.weft.internal;

import dev.weft.Task;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * A task that mirrors a {@link CompletionStage}, completing on its loop's thread whichever thread
 * completes the stage. Exceptions are unwrapped from {@code CompletionException} and {@code
 * ExecutionException} to their cause. Cancelling the task cancels the stage where it can.
 */
public final class StageTask<T> extends Task<T> {
  private final CompletionStage<T> stage;

  /** The task of another loop that {@link #stage} mirrors, cancelled with this one; or null. */
  private final Task<T> source;

  /** A task of {@code loop} mirroring {@code stage}; call on the loop thread. */
  public StageTask(LoopCore loop, CompletionStage<T> stage) {
    this(loop, stage, null);
  }

  /**
   * A task of {@code loop} that mirrors {@code task} of another loop: it completes on {@code
   * loop}'s thread, and cancelling it cancels {@code task} (through that loop).
   */
  public static <T> StageTask<T> of(LoopCore loop, Task<T> task) {
    return new StageTask<>(loop, task.toCompletableFuture(), task);
  }

  private StageTask(LoopCore loop, CompletionStage<T> stage, Task<T> source) {
    super(loop);
    this.stage = stage;
    this.source = source;
    // Runs inline when the stage is already complete (we are on the loop thread then).
    stage.whenComplete(
        (value, exception) -> {
          if (loop.inLoopThread()) {
            settle(value, exception);
          } else {
            // A closed loop has nobody left to resume: the outcome is dropped.
            loop.tryExecuteThreadsafe(() -> settle(value, exception));
          }
        });
  }

  private void settle(T value, Throwable exception) {
    if (exception == null) {
      setResult(value);
    } else {
      setException(unwrap(exception));
    }
  }

  static Throwable unwrap(Throwable exception) {
    while ((exception instanceof CompletionException || exception instanceof ExecutionException)
        && exception.getCause() != null) {
      exception = exception.getCause();
    }
    if (exception instanceof java.util.concurrent.CancellationException) {
      dev.weft.CancelledException cancelled =
          new dev.weft.CancelledException("the awaited CompletionStage was cancelled");
      cancelled.initCause(exception);
      return cancelled;
    }
    return exception;
  }

  @Override
  protected boolean cancelOnLoop() {
    boolean cancelled = super.cancelOnLoop();
    if (cancelled && source != null) {
      source.cancel();
    } else if (cancelled) {
      try {
        stage.toCompletableFuture().cancel(false);
      } catch (UnsupportedOperationException ignored) {
        // A stage that cannot be viewed as a future cannot be cancelled; it just completes later.
      }
    }
    return cancelled;
  }

  @Override
  protected String describe() {
    return "CompletionStage";
  }
}
