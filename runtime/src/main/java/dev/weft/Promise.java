package dev.weft;

import dev.weft.internal.LoopCore;

/**
 * A task completed by hand (asyncio's {@code Future}): a pending {@link Task} of the current
 * loop whose outcome the owner sets with {@link #complete} or {@link #fail}. Locks, queues,
 * I/O and bridges to callback APIs are built on it.
 *
 * <p><b>Threads.</b> {@link #complete} and {@link #fail} belong to the loop's thread and refuse
 * any other thread (while the loop runs) with an {@link IllegalStateException}: completing there
 * resumes awaiters through the loop's ready queue, which is not thread-safe. From another thread
 * (a callback API's I/O thread, an executor), use {@link #completeThreadsafe} and {@link
 * #failThreadsafe}, which hand the completion to the loop and wake it. What {@link Task} allows
 * from any thread ({@code cancel}, {@code join}, {@code isDone}...) is allowed here too.
 * Cancelling a pending promise ends it as cancelled at once and resumes its awaiters later.
 *
 * <pre>{@code
 * Promise<Response> response = new Promise<>();
 * httpClient.send(request, r -> response.completeThreadsafe(r)); // called on the client's thread
 * return await(response);
 * }</pre>
 */
public class Promise<T> extends Task<T> {
  /**
   * A pending promise of the loop running on this thread.
   *
   * @throws IllegalStateException if no loop runs here
   */
  public Promise() {
    super(LoopCore.currentOrThrow("new Promise()"));
  }

  /** A pending promise of {@code loop}; for weft's internals, which hold the loop core. */
  public Promise(LoopCore loop) {
    super(loop);
  }

  /**
   * Completes the promise with {@code value}; false if it was already done. Its awaiters resume
   * in a later loop iteration, in the order they started waiting. Loop thread only.
   *
   * @throws IllegalStateException if called on another thread while the loop runs: use {@link
   *     #completeThreadsafe} there
   */
  public boolean complete(T value) {
    loop().requireLoopThread("Promise.complete", THREADSAFE_HINT);
    return setResult(value);
  }

  /**
   * Completes the promise with {@code exception} (a {@link CancelledException} cancels it);
   * false if it was already done. Its awaiters get the same object, unwrapped, in a later loop
   * iteration. Loop thread only.
   *
   * @throws IllegalStateException if called on another thread while the loop runs: use {@link
   *     #failThreadsafe} there
   */
  public boolean fail(Throwable exception) {
    if (exception == null) {
      throw new NullPointerException("exception");
    }
    loop().requireLoopThread("Promise.fail", THREADSAFE_HINT);
    return setException(exception);
  }

  /**
   * Completes the promise with {@code value} on its loop's thread, soon: safe from any thread
   * (asyncio's {@code loop.call_soon_threadsafe(future.set_result, value)}). The completion is
   * queued on the loop's thread-safe queue, which wakes the loop if it waits; it never runs
   * inline, not even on the loop thread. Completions queued by one thread are applied in the
   * order they were made; if the promise is done by the time its turn comes (completed, failed or
   * cancelled meanwhile), {@code value} is dropped, as a second {@link #complete} would be.
   *
   * @return true if the completion was handed to the loop; false if the loop is closed, so the
   *     value can never be delivered (closing the loop failed the promise's awaiters already)
   */
  public boolean completeThreadsafe(T value) {
    return loop().tryExecuteThreadsafe(() -> setResult(value));
  }

  /**
   * {@link #completeThreadsafe}'s counterpart for failures: fails the promise with {@code
   * exception} on its loop's thread, soon (a {@link CancelledException} cancels it). Safe from
   * any thread.
   *
   * @return true if the failure was handed to the loop; false if the loop is closed
   */
  public boolean failThreadsafe(Throwable exception) {
    if (exception == null) {
      throw new NullPointerException("exception");
    }
    return loop().tryExecuteThreadsafe(() -> setException(exception));
  }

  private static final String THREADSAFE_HINT =
      "from other threads use completeThreadsafe(value) / failThreadsafe(exception), or"
          + " loop.callSoonThreadsafe(() -> promise.complete(value))";

  @Override
  protected String describe() {
    return "Promise";
  }
}
