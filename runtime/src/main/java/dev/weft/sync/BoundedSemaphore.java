package dev.weft.sync;

/**
 * A {@link Semaphore} that refuses to be released more times than it was acquired: its free
 * permits never exceed the initial count (asyncio's {@code BoundedSemaphore}). An extra release
 * is almost always a bug, and this makes it loud.
 */
public final class BoundedSemaphore extends Semaphore {
  private final int bound;

  /**
   * A semaphore with {@code permits} free permits, which is also the most it may ever have.
   *
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public BoundedSemaphore(int permits) {
    super(permits);
    this.bound = permits;
  }

  /**
   * Returns a permit, as {@link Semaphore#release()} does.
   *
   * @throws IllegalStateException if every permit is already free (released too many times),
   *     or if the semaphore belongs to another loop's thread
   */
  @Override
  public void release() {
    checkLoop("release");
    if (availablePermits() >= bound) {
      throw new IllegalStateException(
          "BoundedSemaphore released too many times: all " + bound + " permits are free");
    }
    super.release();
  }
}
