package dev.weft.sync;

/**
 * A {@link Queue} that gives the most recently put item first, a stack (asyncio's {@code
 * LifoQueue}). Every guarantee of {@link Queue} holds, except that order.
 *
 * @param <E> the type of the items
 */
public final class LifoQueue<E> extends Queue<E> {
  /** An unbounded stack. */
  public LifoQueue() {
    this(0);
  }

  /** A stack bounded by {@code maxSize} if positive. */
  public LifoQueue(int maxSize) {
    super(maxSize, Storage.lifo());
  }
}
