package dev.weft.benchmarks;

import dev.weft.EventLoop;
import dev.weft.Handle;
import dev.weft.Task;
import dev.weft.Tasks;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;

/**
 * weft's side of the shared workloads (see benchmarks/README.md), printing the same {@code
 * RESULT workload system key=value...} lines as the peers' programs in shared/anchors, so one
 * summary covers all of them. Iteration 1 is "cold", later ones "warm".
 *
 * <p>Usage: {@code Bench w1|w1b|w2|w3|w4|w6|w6-scale [iterations]}; {@code -Dweft.system=NAME} sets the
 * system column (default {@code weft}).
 */
public final class Bench {
  /** The system column of the RESULT lines; run.sh names the JDK, e.g. {@code weft-jdk17}. */
  private static final String SYSTEM = System.getProperty("weft.system", "weft");

  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: Bench w1|w1b|w2|w3|w4|w6|w6-scale [iterations]");
      System.exit(2);
    }
    String workload = args[0];
    int iterations = args.length > 1 && !workload.equals("w6-sources") ? Integer.parseInt(args[1]) : 3;
    Workloads workloads = new Workloads_Async();
    switch (workload) {
      case "w1":
        for (int iter = 1; iter <= iterations; iter++) {
          int n = 5_000_000;
          long cpu = threadCpuNanos();
          long start = System.nanoTime();
          int done = EventLoop.run(() -> workloads.yieldMany(n));
          long elapsed = System.nanoTime() - start;
          cpu = threadCpuNanos() - cpu;
          check(done == n, "w1 yielded " + done);
          result(
              "w1",
              "iter=" + iter,
              "ns_per_yield=" + fmt(elapsed / (double) n),
              "cpu_ns_per_yield=" + fmt(cpu / (double) n),
              "n=" + n);
        }
        break;
      case "w1b":
        for (int iter = 1; iter <= iterations; iter++) {
          long cpu = threadCpuNanos();
          long start = System.nanoTime();
          int done = EventLoop.run(() -> workloads.manyYielders(1000, 5000));
          long elapsed = System.nanoTime() - start;
          cpu = threadCpuNanos() - cpu;
          check(done == 5_000_000, "w1b yielded " + done);
          result(
              "w1b",
              "iter=" + iter,
              "ns_per_yield=" + fmt(elapsed / 5e6),
              "cpu_ns_per_yield=" + fmt(cpu / 5e6),
              "n=5000000");
        }
        break;
      case "w2":
        for (int iter = 1; iter <= iterations; iter++) {
          int n = 1_000_000;
          long cpu = threadCpuNanos();
          long start = System.nanoTime();
          long sum = EventLoop.run(() -> workloads.spawnAndGather(n));
          long elapsed = System.nanoTime() - start;
          cpu = threadCpuNanos() - cpu;
          check(sum == (long) n * (n - 1) / 2, "w2 sum " + sum);
          result(
              "w2",
              "iter=" + iter,
              "ms=" + elapsed / 1_000_000,
              "cpu_ms=" + cpu / 1_000_000,
              "peak_rss_mb=" + procStatusKb("VmHWM") / 1024,
              "n=" + n);
        }
        break;
      case "w3":
        w3(workloads, 1_000_000);
        break;
      case "w4":
        for (int iter = 1; iter <= iterations; iter++) {
          w4(iter, 1_000_000);
        }
        break;
      case "w6":
        CompileBench.run(iterations);
        break;
      case "w6-scale": // the processor's cost for one method of 250 to 2,000 awaits
        CompileBench.runScale(iterations);
        break;
      case "w6-sources": // writes W6's source set under args[1], to profile the processor on it
        CompileBench.generate(Path.of(args[1]));
        break;
      default:
        System.err.println("unknown workload " + workload);
        System.exit(2);
    }
  }

  /** W3: heap and RSS per task suspended in a 60 s sleep, measured after GC; then cancel all. */
  private static void w3(Workloads workloads, int n) throws IOException {
    Task<?>[] tasks = new Task<?>[n];
    long[] measured = new long[4];
    EventLoop.run(
        () -> {
          try {
            measured[0] = heapUsedAfterGc();
            measured[1] = procStatusKb("VmRSS");
            long start = System.nanoTime();
            // Eager start: each call returns once its task is suspended in the sleep.
            for (int i = 0; i < n; i++) {
              tasks[i] = workloads.sleepLong();
            }
            measured[2] = System.nanoTime() - start;
            for (Task<?> task : tasks) {
              check(!task.isDone(), "w3 task finished early");
            }
            measured[3] = heapUsedAfterGc();
            long rssAfter = procStatusKb("VmRSS");
            result(
                "w3",
                "heap_bytes_per_task=" + Math.round((measured[3] - measured[0]) / (double) n),
                "rss_bytes_per_task=" + Math.round((rssAfter - measured[1]) * 1024.0 / n),
                "suspend_all_ms=" + measured[2] / 1_000_000,
                "peak_rss_mb=" + procStatusKb("VmHWM") / 1024,
                "n=" + n);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          for (Task<?> task : tasks) {
            task.cancel();
          }
          return Tasks.gatherReturningExceptions(java.util.Arrays.asList(tasks));
        });
  }

  /**
   * W4: a million timers at random delays in [0, 1000] ms (seed 42), every odd one cancelled
   * right after scheduling; runs until the rest have fired. Timed twice per iteration:
   *
   * <ul>
   *   <li>as the peers' programs do it (shared/anchors java/src/Bench.java): {@code
   *       callLater(delay, cb)} with one shared callback that counts firings ({@code ms}, {@code
   *       sched_cancel_ms});
   *   <li>with a callback per timer that remembers its deadline and checks that timers fire in
   *       deadline order ({@code ordered_ms}, {@code ordered_sched_cancel_ms}, {@code
   *       order_errors}): a million more live objects, and a clock read per timer.
   * </ul>
   */
  private static void w4(int iter, int n) {
    Random random = new Random(42);
    long[] delaysMs = new long[n];
    for (int i = 0; i < n; i++) {
      delaysMs[i] = random.nextInt(1001);
    }
    long expected = n - n / 2;

    long[] shared =
        w4Run(
            n,
            expected,
            (loop, fired, allFired) -> {
              Runnable countFiring =
                  () -> {
                    if (++fired[0] == expected) {
                      allFired.complete(null);
                    }
                  };
              Handle[] handles = new Handle[n];
              for (int i = 0; i < n; i++) {
                handles[i] = loop.callLater(Duration.ofMillis(delaysMs[i]), countFiring);
              }
              return handles;
            });

    long[] lastDeadlineAndErrors = new long[2];
    long[] ordered =
        w4Run(
            n,
            expected,
            (loop, fired, allFired) -> {
              Handle[] handles = new Handle[n];
              for (int i = 0; i < n; i++) {
                long deadline = loop.time() + delaysMs[i] * 1_000_000;
                handles[i] =
                    loop.callAt(
                        deadline,
                        () -> {
                          if (deadline < lastDeadlineAndErrors[0]) {
                            lastDeadlineAndErrors[1]++;
                          }
                          lastDeadlineAndErrors[0] = deadline;
                          if (++fired[0] == expected) {
                            allFired.complete(null);
                          }
                        });
              }
              return handles;
            });
    result(
        "w4",
        "iter=" + iter,
        "ms=" + shared[0] / 1_000_000,
        "sched_cancel_ms=" + shared[1] / 1_000_000,
        "ordered_ms=" + ordered[0] / 1_000_000,
        "ordered_sched_cancel_ms=" + ordered[1] / 1_000_000,
        "order_errors=" + lastDeadlineAndErrors[1],
        "n=" + n);
    check(
        lastDeadlineAndErrors[1] == 0,
        "w4 fired out of deadline order " + lastDeadlineAndErrors[1] + " times");
  }

  /** How one W4 protocol schedules its timers, on the loop thread; returns their handles. */
  private interface W4Scheduler {
    /** Callbacks add one to {@code fired[0]} and complete {@code allFired} at the last one. */
    Handle[] schedule(EventLoop loop, long[] fired, dev.weft.Promise<Void> allFired);
  }

  /**
   * One W4 run on a fresh loop: schedules the timers, cancels the odd ones, waits for the rest.
   * Returns {total, schedule+cancel} in nanoseconds, both from before the loop is made.
   */
  private static long[] w4Run(int n, long expected, W4Scheduler scheduler) {
    long[] fired = new long[1];
    long[] scheduleNanos = new long[1];
    long start = System.nanoTime();
    EventLoop.run(
        () -> {
          dev.weft.Promise<Void> allFired = new dev.weft.Promise<>();
          Handle[] handles = scheduler.schedule(EventLoop.current(), fired, allFired);
          for (int i = 1; i < n; i += 2) {
            handles[i].cancel();
          }
          scheduleNanos[0] = System.nanoTime() - start;
          return allFired;
        });
    long elapsed = System.nanoTime() - start;
    check(fired[0] == expected, "w4 fired " + fired[0] + " of " + expected);
    return new long[] {elapsed, scheduleNanos[0]};
  }

  /**
   * CPU time of the calling thread (the loop's): a second, steadier view of the single-threaded
   * workloads on a busy machine, where wall time also counts time spent descheduled. GC and JIT
   * threads are not included.
   */
  private static long threadCpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static long heapUsedAfterGc() {
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static long procStatusKb(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
      }
    }
    return -1;
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  static void result(String workload, String... keyValues) {
    resultAs(workload, "", keyValues);
  }

  /** A RESULT line for a variant of weft, e.g. {@code weft-jmh}: {@code suffix} = "-jmh". */
  static void resultAs(String workload, String suffix, String... keyValues) {
    System.out.println(
        "RESULT " + workload + " " + SYSTEM + suffix + " " + String.join(" ", keyValues));
  }
}
