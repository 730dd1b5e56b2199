package dev.weft.sync;

import java.util.Comparator;

/**
 * A {@link Queue} that gives the smallest item first (asyncio's {@code PriorityQueue}), by
 * natural order or by a {@link Comparator}; equal items come out in no particular order. Every
 * guarantee of {@link Queue} holds, except that order.
 *
 * @param <E> the type of the items: {@link Comparable}, unless a comparator is given
 */
public final class PriorityQueue<E> extends Queue<E> {
  /** An unbounded queue in natural order. */
  public PriorityQueue() {
    this(0);
  }

  /** A queue in natural order, bounded by {@code maxSize} if positive. */
  public PriorityQueue(int maxSize) {
    this(maxSize, null);
  }

  /** A queue in the order of {@code order}, bounded by {@code maxSize} if positive. */
  public PriorityQueue(int maxSize, Comparator<? super E> order) {
    super(maxSize, Storage.priority(order));
  }
}
