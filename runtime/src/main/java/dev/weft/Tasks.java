package dev.weft;

import dev.weft.internal.LoopCore;
import dev.weft.internal.SleepTask;
import dev.weft.internal.YieldToken;
import java.time.Duration;
import java.util.Objects;

/**
 * Tasks that wait, and combinators over tasks: asyncio's module-level functions in Java form.
 *
 * <p>Every method here that makes a task must be called on a loop thread (inside an {@code
 * @Async} method, or a callback of the loop) unless it says otherwise.
 */
public final class Tasks {
  private Tasks() {}

  /**
   * A task done after {@code delay} on the loop's clock. It costs one object, which is also its
   * timer entry; cancelling it removes the timer. {@code sleep(Duration.ZERO)} (or a negative
   * delay) is {@link #yieldNow()}.
   */
  public static Task<Void> sleep(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isZero() || delay.isNegative()) {
      return yieldNow();
    }
    LoopCore loop = LoopCore.currentOrThrow("Tasks.sleep");
    EventLoop facade = (EventLoop) loop.facade();
    return new SleepTask(loop, facade.deadlineAfter(delay));
  }

  /**
   * Lets every other ready task and callback run before the caller continues: {@code
   * await(Tasks.yieldNow())} is asyncio's {@code await asyncio.sleep(0)}. Costs no allocation.
   * Outside an {@code await}, the returned task behaves as one already done with {@code null}.
   */
  public static Task<Void> yieldNow() {
    return YieldToken.INSTANCE;
  }

  // ---------------------------------------------------------------------------------------------
  // Blocking work and futures. Owned by dev.weft.sync's engineer.

  /**
   * Runs the blocking {@code call} on the current loop's default executor (asyncio's {@code
   * to_thread}): {@code EventLoop.current().runInExecutor(call)}, with its guarantees. Cancelling
   * the task interrupts the thread; a late result is dropped.
   *
   * @throws IllegalStateException if no event loop runs on the calling thread
   */
  public static <T> Task<T> toThread(java.util.concurrent.Callable<? extends T> call) {
    Objects.requireNonNull(call, "call");
    return EventLoop.current().runInExecutor(call);
  }

  /**
   * A task of the current loop that completes with {@code stage}'s outcome, on the loop's thread
   * whichever thread completes the stage (asyncio's {@code wrap_future}). A failure is unwrapped
   * from {@code CompletionException} / {@code ExecutionException} to its cause, and a cancelled
   * future gives a {@link CancelledException}. Cancelling the task cancels the stage where it can
   * ({@code toCompletableFuture().cancel(false)}).
   *
   * @throws IllegalStateException if no event loop runs on the calling thread
   */
  public static <T> Task<T> fromFuture(java.util.concurrent.CompletionStage<T> stage) {
    Objects.requireNonNull(stage, "stage");
    return new dev.weft.internal.StageTask<>(LoopCore.currentOrThrow("Tasks.fromFuture"), stage);
  }
}
