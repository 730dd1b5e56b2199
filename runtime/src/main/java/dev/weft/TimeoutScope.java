package dev.weft;

import java.time.Duration;

/**
 * A deadline over a block of an {@code @Async} method (asyncio's {@code timeout()}), opened by
 * {@link Tasks#timeout(Duration)} and closed by try-with-resources:
 *
 * <pre>{@code
 * try (TimeoutScope scope = Tasks.timeout(Duration.ofSeconds(2))) {
 *   page = await(fetch(url));
 * } catch (TaskTimeoutException e) {
 *   page = cached(url);
 * }
 * }</pre>
 *
 * <p>When the deadline passes while the scope is open, the task is interrupted at the {@code
 * await} where it is suspended (or its next one): the awaited task is cancelled, as a {@link
 * Task#cancel()} would, and that {@code await} throws a {@link TaskTimeoutException}, which
 * leaves the block through its {@code finally} blocks and the scope's {@link #close()}. (asyncio
 * delivers a cancellation and converts it on exit; Java's try-with-resources cannot replace an
 * exception in flight, so weft converts it at the await itself.) A real cancellation of the task
 * wins over the timeout: then the await throws {@link CancelledException}.
 *
 * <p>Timers and callbacks take effect in (deadline, registration) order: a value whose callback
 * came due before the deadline (or at the same instant and registered first) is in time, even
 * when both come due in the same loop iteration. The await that was waiting for it returns it,
 * and the expiry, if the block goes on, is delivered at the block's next await.
 *
 * <p>The scope belongs to the task that opened it and to that task's loop thread; use it only
 * there, and always close it (try-with-resources), or the deadline could interrupt a later
 * await outside the block.
 */
public interface TimeoutScope extends AutoCloseable {
  /**
   * Moves the deadline to {@code delay} from now on the loop's clock; {@code null} removes it.
   * A deadline already passed interrupts the task at its next await. Loop thread only.
   *
   * @throws IllegalStateException if the scope is closed or has already expired
   */
  void reschedule(Duration delay);

  /**
   * The deadline on the loop's clock ({@link EventLoop#time()}), or {@code Long.MAX_VALUE} when
   * there is none.
   */
  long deadlineNanos();

  /** Whether the deadline passed while the scope was open, interrupting the task. */
  boolean expired();

  /**
   * Closes the scope: the deadline no longer applies. An expiry that was not delivered yet is
   * forgotten. Idempotent; never throws on the loop thread (on another thread, while the loop
   * runs, it refuses with {@link IllegalStateException}).
   */
  @Override
  void close();
}
