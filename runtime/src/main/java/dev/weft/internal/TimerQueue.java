package dev.weft.internal;

import java.util.Arrays;

/**
 * The loop's timers: a 4-ary min-heap ordered by (deadline, insertion sequence), so timers fire
 * in deadline order and FIFO among equal deadlines.
 *
 * <p>Why this shape: the deadline and sequence live in parallel {@code long[]} arrays next to
 * the entries, so sift operations compare primitives without touching entry objects (cache
 * friendly), and entries stay small: a sleeping task carries no timer fields at all. A 4-ary
 * heap is shallower than a binary one, which matters when a million timers are queued.
 *
 * <p>Cancellation is O(1): the entry marks itself and calls {@link #noteCancelled()}; the
 * queue drops it when it surfaces, and rebuilds itself without the dead entries once they are
 * more than half of it (asyncio's policy), so memory stays bounded under churn.
 *
 * <p>Loop thread only.
 */
public final class TimerQueue {
  private static final int ARITY = 4;
  private static final int COMPACT_MIN_SIZE = 256;

  private long[] deadlines = new long[16];
  private long[] sequences = new long[16];
  private TimerEntry[] entries = new TimerEntry[16];
  private int size;
  private int cancelled;
  private long nextSequence;

  /** Live plus not yet dropped cancelled entries. */
  public int size() {
    return size;
  }

  /** Entries that will still fire. */
  public int pending() {
    return size - cancelled;
  }

  /** Whether no entry, live or cancelled, is queued. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** Queues {@code entry} for {@code deadlineNanos}; O(log n), after earlier equal deadlines. */
  public void add(long deadlineNanos, TimerEntry entry) {
    if (size == entries.length) {
      int capacity = size * 2;
      deadlines = Arrays.copyOf(deadlines, capacity);
      sequences = Arrays.copyOf(sequences, capacity);
      entries = Arrays.copyOf(entries, capacity);
    }
    siftUp(size++, deadlineNanos, nextSequence++, entry);
  }

  /** The earliest deadline; the queue must not be empty. Cancelled entries count. */
  public long peekDeadline() {
    return deadlines[0];
  }

  /**
   * Fires, in order, every live entry whose deadline is at or before {@code nowNanos}, and drops
   * the cancelled ones it meets.
   */
  public void fireExpired(long nowNanos) {
    while (size > 0 && deadlines[0] - nowNanos <= 0) {
      TimerEntry entry = removeFirst();
      if (entry.isTimerCancelled()) {
        cancelled--;
      } else {
        entry.deadlineReached();
      }
    }
  }

  /** Drops cancelled entries from the head, so that {@link #peekDeadline()} is a live one. */
  public void dropCancelledHead() {
    while (size > 0 && entries[0].isTimerCancelled()) {
      removeFirst();
      cancelled--;
    }
  }

  /** Called by an entry that was cancelled while queued. */
  public void noteCancelled() {
    cancelled++;
    if (cancelled > COMPACT_MIN_SIZE && cancelled * 2 > size) {
      compact();
    }
  }

  /** Removes every entry, live or not, returning the live ones. */
  public TimerEntry[] clear() {
    TimerEntry[] live = new TimerEntry[size - cancelled];
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (!entries[i].isTimerCancelled() && n < live.length) {
        live[n++] = entries[i];
      }
    }
    Arrays.fill(entries, 0, size, null);
    size = 0;
    cancelled = 0;
    return n == live.length ? live : Arrays.copyOf(live, n);
  }

  private TimerEntry removeFirst() {
    TimerEntry first = entries[0];
    int last = --size;
    if (last > 0) {
      siftDown(0, deadlines[last], sequences[last], entries[last]);
    }
    entries[last] = null;
    return first;
  }

  /** Drops cancelled entries and restores the heap property bottom-up, in O(n). */
  private void compact() {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (!entries[i].isTimerCancelled()) {
        deadlines[n] = deadlines[i];
        sequences[n] = sequences[i];
        entries[n] = entries[i];
        n++;
      }
    }
    Arrays.fill(entries, n, size, null);
    size = n;
    cancelled = 0;
    for (int i = (n - 2) / ARITY; i >= 0; i--) {
      siftDown(i, deadlines[i], sequences[i], entries[i]);
    }
  }

  private static boolean before(long deadlineA, long sequenceA, long deadlineB, long sequenceB) {
    long byDeadline = deadlineA - deadlineB; // overflow-safe comparison of nanoTime values
    return byDeadline < 0 || (byDeadline == 0 && sequenceA < sequenceB);
  }

  private void siftUp(int index, long deadline, long sequence, TimerEntry entry) {
    while (index > 0) {
      int parent = (index - 1) / ARITY;
      if (!before(deadline, sequence, deadlines[parent], sequences[parent])) {
        break;
      }
      move(parent, index);
      index = parent;
    }
    put(index, deadline, sequence, entry);
  }

  private void siftDown(int index, long deadline, long sequence, TimerEntry entry) {
    for (; ; ) {
      int firstChild = index * ARITY + 1;
      if (firstChild >= size) {
        break;
      }
      int smallest = firstChild;
      int end = Math.min(firstChild + ARITY, size);
      for (int child = firstChild + 1; child < end; child++) {
        if (before(deadlines[child], sequences[child], deadlines[smallest], sequences[smallest])) {
          smallest = child;
        }
      }
      if (!before(deadlines[smallest], sequences[smallest], deadline, sequence)) {
        break;
      }
      move(smallest, index);
      index = smallest;
    }
    put(index, deadline, sequence, entry);
  }

  private void move(int from, int to) {
    deadlines[to] = deadlines[from];
    sequences[to] = sequences[from];
    entries[to] = entries[from];
  }

  private void put(int index, long deadline, long sequence, TimerEntry entry) {
    deadlines[index] = deadline;
    sequences[index] = sequence;
    entries[index] = entry;
  }
}
