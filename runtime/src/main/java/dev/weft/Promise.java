package dev.weft;

import dev.weft.internal.LoopCore;

/**
 * A task completed by hand (asyncio's {@code Future}): a pending {@link Task} of the current
 * loop whose outcome the owner sets with {@link #complete} or {@link #fail}. Locks, queues,
 * I/O and bridges to callback APIs are built on it.
 *
 * <p>Loop thread only, except for what {@link Task} allows from any thread. Cancelling a
 * pending promise ends it as cancelled at once and resumes its awaiters later.
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
   */
  public boolean complete(T value) {
    return setResult(value);
  }

  /**
   * Completes the promise with {@code exception} (a {@link CancelledException} cancels it);
   * false if it was already done. Its awaiters get the same object, unwrapped, in a later loop
   * iteration. Loop thread only.
   */
  public boolean fail(Throwable exception) {
    if (exception == null) {
      throw new NullPointerException("exception");
    }
    return setException(exception);
  }

  @Override
  protected String describe() {
    return "Promise";
  }
}
