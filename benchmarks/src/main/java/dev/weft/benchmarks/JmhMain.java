package dev.weft.benchmarks;

import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link YieldJmh} (W1 or W1b) under JMH, one fork on the JVM running this class, and
 * prints one anchors-style line: {@code RESULT w1 weft-jmh ns_per_yield=... err=... n=...}, the
 * JMH score (mean of the measurement iterations) and its 99.9% error.
 *
 * <p>Usage: {@code JmhMain w1|w1b [warmupIterations measurementIterations]}
 */
public final class JmhMain {
  private JmhMain() {}

  public static void main(String[] args) throws Exception {
    String workload = args[0];
    int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int measurements = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    var options =
        new OptionsBuilder()
            .include(YieldJmh.class.getName() + "\\." + workload + "$")
            .forks(1)
            .warmupIterations(warmups)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(measurements)
            .measurementTime(TimeValue.seconds(1))
            .jvmArgsPrepend("-Xmx4g")
            .verbosity(VerboseMode.SILENT)
            .resultFormat(ResultFormatType.TEXT)
            .result("/dev/null")
            .build();
    for (RunResult run : new Runner(options).run()) {
      var score = run.getPrimaryResult();
      int n =
          workload.equals("w1")
              ? YieldJmh.W1_YIELDS
              : YieldJmh.W1B_TASKS * YieldJmh.W1B_YIELDS_PER_TASK;
      Bench.resultAs(
          workload,
          "-jmh",
          String.format(Locale.ROOT, "ns_per_yield=%.1f", score.getScore()),
          String.format(Locale.ROOT, "err=%.1f", score.getScoreError()),
          "n=" + n);
    }
  }
}
