package dev.weft.benchmarks;

import java.util.Locale;

/**
 * The floor under W1 and W1b on this machine and JVM: the bare mechanism of a single-threaded
 * loop resuming state machines, with none of a task's semantics (no cancellation, no current
 * task, no outcome, no timers or I/O between iterations). A ring buffer of {@code Runnable}s and
 * a state machine that re-queues itself, written the way weft's loop and generated code are.
 * weft's ns per yield divided by this one, in the same run, is what weft's bookkeeping costs;
 * the machine's speed cancels out.
 *
 * <p>Usage: {@code YieldFloor w1|w1b [iterations]}; prints {@code RESULT w1 floor ...} lines.
 */
public final class YieldFloor {
  private YieldFloor() {}

  /** A FIFO ring of callbacks, as weft's ReadyQueue. */
  private static final class Ring {
    private Runnable[] elements = new Runnable[1024];
    private int head;
    private int size;

    void add(Runnable callback) {
      Runnable[] array = elements;
      if (size == array.length) {
        throw new IllegalStateException("the floor's ring is full");
      }
      array[(head + size) & (array.length - 1)] = callback;
      size++;
    }

    Runnable poll() {
      Runnable[] array = elements;
      Runnable callback = array[head];
      array[head] = null;
      head = (head + 1) & (array.length - 1);
      size--;
      return callback;
    }
  }

  /** {@code for (i = 0; i < n; i++) await(yieldNow());} as a switch over states. */
  private static final class Yielder implements Runnable {
    private final Ring ring;
    private final int n;
    private int state;
    private int i;
    int yields;

    Yielder(Ring ring, int n) {
      this.ring = ring;
      this.n = n;
    }

    @Override
    public void run() {
      for (; ; ) {
        switch (state) {
          case 0:
            i = 0;
            // fall through
          case 1:
            if (!(i < n)) {
              state = 3;
              continue;
            }
            state = 2;
            ring.add(this);
            return;
          case 2:
            yields++;
            i++;
            state = 1;
            continue;
          default:
            return;
        }
      }
    }
  }

  /** {@code tasks} yielders of {@code perTask} yields each, run to the end; the yields made. */
  static long run(int tasks, int perTask) {
    Ring ring = new Ring();
    Yielder[] yielders = new Yielder[tasks];
    for (int t = 0; t < tasks; t++) {
      yielders[t] = new Yielder(ring, perTask);
      yielders[t].run();
    }
    while (ring.size > 0) {
      for (int k = ring.size; k > 0; k--) {
        Runnable callback = ring.poll();
        try {
          callback.run();
        } catch (RuntimeException e) {
          throw new IllegalStateException("a floor callback failed", e);
        }
      }
    }
    long yields = 0;
    for (Yielder yielder : yielders) {
      yields += yielder.yields;
    }
    return yields;
  }

  public static void main(String[] args) {
    String workload = args.length > 0 ? args[0] : "w1";
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int tasks = workload.equals("w1b") ? 1000 : 1;
    int perTask = 5_000_000 / tasks;
    for (int iter = 1; iter <= iterations; iter++) {
      long start = System.nanoTime();
      long yields = run(tasks, perTask);
      long elapsed = System.nanoTime() - start;
      if (yields != 5_000_000) {
        throw new AssertionError("the floor yielded " + yields);
      }
      System.out.println(
          String.format(
              Locale.ROOT,
              "RESULT %s floor iter=%d ns_per_yield=%.1f n=%d",
              workload,
              iter,
              elapsed / (double) yields,
              yields));
    }
  }
}
