package dev.weft.internal;

import java.util.Arrays;

/**
 * The loop's FIFO of callbacks ready to run: a growable ring buffer of {@link Runnable}s.
 *
 * <p>Loop thread only, so no synchronisation. A state machine is its own {@code Runnable}, so
 * resuming one costs one array store and no allocation; this is the hot path of every
 * {@code await} that suspends.
 */
public final class ReadyQueue {
  private Runnable[] elements = new Runnable[64];

  /** Index of the oldest element. */
  private int head;

  private int size;

  /** Whether no callback is queued. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** How many callbacks are queued. */
  public int size() {
    return size;
  }

  /** Appends {@code callback}; amortised O(1), no allocation unless the ring grows. */
  public void add(Runnable callback) {
    Runnable[] array = elements;
    if (size == array.length) {
      array = grow();
    }
    array[(head + size) & (array.length - 1)] = callback;
    size++;
  }

  /** Removes and returns the oldest callback; the queue must not be empty. */
  public Runnable poll() {
    Runnable[] array = elements;
    Runnable callback = array[head];
    array[head] = null; // let the finished task be collected
    head = (head + 1) & (array.length - 1);
    size--;
    return callback;
  }

  /** Empties the queue, returning what was in it, oldest first. */
  public Runnable[] drain() {
    Runnable[] out = new Runnable[size];
    for (int i = 0; i < out.length; i++) {
      out[i] = poll();
    }
    return out;
  }

  private Runnable[] grow() {
    Runnable[] old = elements;
    Runnable[] bigger = new Runnable[old.length * 2];
    // Unroll the ring so the oldest element lands at index 0.
    int firstPart = old.length - head;
    System.arraycopy(old, head, bigger, 0, firstPart);
    System.arraycopy(old, 0, bigger, firstPart, head);
    Arrays.fill(old, null);
    elements = bigger;
    head = 0;
    return bigger;
  }
}
