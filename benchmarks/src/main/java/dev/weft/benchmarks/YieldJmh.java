package dev.weft.benchmarks;

import dev.weft.EventLoop;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W1 and W1b under JMH: the score is nanoseconds per yield. Each invocation is a whole {@code
 * EventLoop.run} (loop creation included, as in the plain harness), amortised over the yields.
 * {@link JmhMain} runs these and prints the anchors' RESULT lines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class YieldJmh {
  static final int W1_YIELDS = 5_000_000;
  static final int W1B_TASKS = 1000;
  static final int W1B_YIELDS_PER_TASK = 5000;

  private final Workloads workloads = new Workloads_Async();

  /** W1: one task yields 5,000,000 times. */
  @Benchmark
  @OperationsPerInvocation(W1_YIELDS)
  public int w1() {
    return EventLoop.run(() -> workloads.yieldMany(W1_YIELDS));
  }

  /** W1b: 1,000 tasks each yield 5,000 times. */
  @Benchmark
  @OperationsPerInvocation(W1B_TASKS * W1B_YIELDS_PER_TASK)
  public int w1b() {
    return EventLoop.run(() -> workloads.manyYielders(W1B_TASKS, W1B_YIELDS_PER_TASK));
  }
}
