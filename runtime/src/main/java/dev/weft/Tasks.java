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
}
