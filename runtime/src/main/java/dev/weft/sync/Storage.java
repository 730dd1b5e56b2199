package dev.weft.sync;

import java.util.ArrayDeque;
import java.util.Comparator;

/**
 * Where a {@link Queue} keeps its items, and so the order it gives them in: FIFO, LIFO or by
 * priority. Items only; the waiting and counting live in {@link Queue}.
 */
interface Storage<E> {
  void add(E item);

  /** Removes the next item to give; the storage is not empty. */
  E take();

  /**
   * Puts back an item that was taken and could not be delivered (its getter was cancelled), as
   * the oldest item: every item stored now arrived after it.
   */
  void addOldest(E item);

  int size();

  /** Removes {@code item} itself (compared by identity) if it is stored; whether it was. */
  boolean removeSame(Object item);

  void clear();

  /** Removes the first element of {@code elements} that is {@code item} itself. */
  static boolean removeFrom(java.util.Iterator<?> elements, Object item) {
    while (elements.hasNext()) {
      if (elements.next() == item) {
        elements.remove();
        return true;
      }
    }
    return false;
  }

  /** First in, first out. */
  static <E> Storage<E> fifo() {
    return new Ends<>(false);
  }

  /** Last in, first out. */
  static <E> Storage<E> lifo() {
    return new Ends<>(true);
  }

  /** Smallest first, by {@code order}, or by natural order when it is null. */
  static <E> Storage<E> priority(Comparator<? super E> order) {
    java.util.PriorityQueue<E> heap = new java.util.PriorityQueue<>(order);
    return new Storage<>() {
      @Override
      public void add(E item) {
        heap.add(item);
      }

      @Override
      public E take() {
        return heap.poll();
      }

      @Override
      public void addOldest(E item) {
        heap.add(item);
      }

      @Override
      public int size() {
        return heap.size();
      }

      @Override
      public boolean removeSame(Object item) {
        return removeFrom(heap.iterator(), item);
      }

      @Override
      public void clear() {
        heap.clear();
      }
    };
  }

  /** A deque, oldest item first, taken from either end. */
  final class Ends<E> implements Storage<E> {
    private final ArrayDeque<E> items = new ArrayDeque<>();
    private final boolean newestFirst;

    Ends(boolean newestFirst) {
      this.newestFirst = newestFirst;
    }

    @Override
    public void add(E item) {
      items.addLast(item);
    }

    @Override
    public E take() {
      return newestFirst ? items.pollLast() : items.pollFirst();
    }

    @Override
    public void addOldest(E item) {
      items.addFirst(item);
    }

    @Override
    public int size() {
      return items.size();
    }

    @Override
    public boolean removeSame(Object item) {
      return removeFrom(items.descendingIterator(), item);
    }

    @Override
    public void clear() {
      items.clear();
    }
  }
}
