package dev.weft.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * W6: what the processor costs at compile time. Generates a source set of {@value #CLASSES}
 * classes with {@value #METHODS_PER_CLASS} {@code @Async} methods each (200 in all, ten shapes:
 * loops with labels, switch statements and expressions, conditions, string concatenation,
 * gather, timeouts caught with try/catch/finally around awaits), and
 * compiles it with the running JDK's javac with the processor (on {@code -processorpath}) and
 * without it ({@code -proc:none}).
 *
 * <p>Cold: each compilation in a fresh JVM, as a {@code javac} command runs. Warm: repeated
 * compilations in this JVM, as in a build daemon (the last {@value #WARM_MEASURED} of {@value
 * #WARM_COMPILES}). Wall time, and CPU time of the whole process (javac plus JIT and GC threads),
 * which a busy machine disturbs less. Prints per round {@code RESULT w6 weft javac_ms=...
 * javac_processor_ms=... overhead_ms_per_method=... overhead_cpu_ms_per_method=...
 * warm_overhead_ms_per_method=... warm_overhead_cpu_ms_per_method=... methods=200}.
 *
 * <p>Needs {@code -Dweft.classpath} (runtime and annotations) and {@code -Dweft.processorpath}
 * (the processor and its dependencies), which run.sh sets.
 */
public final class CompileBench {
  static final int CLASSES = 20;
  static final int METHODS_PER_CLASS = 10;

  private CompileBench() {}

  static void run(int rounds) throws IOException, InterruptedException {
    String classpath = requiredProperty("weft.classpath");
    String processorpath = requiredProperty("weft.processorpath");
    Path work = Files.createTempDirectory("weft-w6-");
    try {
      List<String> sources = generate(work.resolve("src"));
      int methods = CLASSES * METHODS_PER_CLASS;
      for (int round = 1; round <= rounds; round++) {
        // Cold: a fresh JVM per compilation, as a javac command is.
        long[] plain = inChildJvm(work, "plain", classpath, processorpath);
        long[] processed = inChildJvm(work, "processed", classpath, processorpath);
        long[] warm = warmOverhead(work, sources, classpath, processorpath);
        Bench.result(
            "w6",
            "javac_ms=" + plain[0] / 1_000_000,
            "javac_processor_ms=" + processed[0] / 1_000_000,
            perMethod("overhead_ms_per_method", processed[0] - plain[0], methods),
            perMethod("overhead_cpu_ms_per_method", processed[1] - plain[1], methods),
            perMethod("warm_overhead_ms_per_method", warm[0], methods),
            perMethod("warm_overhead_cpu_ms_per_method", warm[1], methods),
            "methods=" + methods);
      }
    } finally {
      deleteTree(work);
    }
  }

  /** How many awaits the methods of W6's scaling run have. */
  static final int[] SCALE_AWAITS = {250, 500, 1000, 2000};

  /**
   * W6 scaling: what the processor costs for one method as its number of awaits grows (issue
   * 15: keep it linear). For each size, a class with one {@code @Async} method of that many
   * awaits (a loop around a try whose body adds them up), compiled warm in this JVM with the
   * processor and without; prints {@code RESULT w6-scale-N weft overhead_ms=... us_per_await=...}
   * for N awaits. Doubling the awaits should double the overhead, not quadruple it.
   */
  static void runScale(int rounds) throws IOException {
    String classpath = requiredProperty("weft.classpath");
    String processorpath = requiredProperty("weft.processorpath");
    Path work = Files.createTempDirectory("weft-w6-scale-");
    try {
      for (int round = 1; round <= rounds; round++) {
        for (int awaits : SCALE_AWAITS) {
          Path dir = work.resolve("src").resolve("scale");
          Files.createDirectories(dir);
          Path file = dir.resolve("Scale" + awaits + ".java");
          Files.writeString(file, scaleSource("Scale" + awaits, awaits));
          List<String> sources = List.of(file.toString());
          long overhead = warmOverhead(work, sources, classpath, processorpath)[0];
          Bench.result(
              "w6-scale-" + awaits,
              String.format(Locale.ROOT, "overhead_ms=%.1f", overhead / 1e6),
              String.format(Locale.ROOT, "us_per_await=%.0f", overhead / 1e3 / awaits));
        }
      }
    } finally {
      deleteTree(work);
    }
  }

  /** A class with one {@code @Async} method of {@code awaits} awaits. */
  static String scaleSource(String name, int awaits) {
    StringBuilder body = new StringBuilder();
    for (int k = 0; k < awaits; k++) {
      body.append("        n += await(value(").append(k % 7).append("));\n");
    }
    return String.join(
        "\n",
        "package scale;",
        "",
        "import static dev.weft.Await.await;",
        "",
        "import dev.weft.Task;",
        "import dev.weft.annotation.Async;",
        "",
        "public class " + name + " {",
        "  Task<Integer> value(int i) {",
        "    return Task.of(i);",
        "  }",
        "",
        "  @Async",
        "  public Task<Integer> sum(int rounds) {",
        "    int n = 0;",
        "    for (int i = 0; i < rounds; i++) {",
        "      try {",
        body.toString(),
        "      } catch (IllegalStateException e) {",
        "        n = -1;",
        "      }",
        "    }",
        "    return Task.of(n);",
        "  }",
        "}",
        "");
  }

  /**
   * Compiles {@code sources} in this JVM with and without the processor, alternating, as in a
   * build daemon (the processor is still loaded from -processorpath by a new class loader each
   * time, as javac does): the medians of the last {@value #WARM_MEASURED} differences, {wall ns,
   * CPU ns}.
   */
  private static long[] warmOverhead(Path work, List<String> sources, String classpath, String processorpath)
      throws IOException {
    List<Long> wall = new ArrayList<>();
    List<Long> cpu = new ArrayList<>();
    for (int i = 0; i < WARM_COMPILES; i++) {
      long[] plain = compile(work, "plain", sources, classpath, processorpath);
      long[] processed = compile(work, "processed", sources, classpath, processorpath);
      if (i >= WARM_COMPILES - WARM_MEASURED) {
        wall.add(processed[0] - plain[0]);
        cpu.add(processed[1] - plain[1]);
      }
    }
    return new long[] {median(wall), median(cpu)};
  }

  static final int WARM_COMPILES = 5;
  static final int WARM_MEASURED = 3;

  /** Child JVM entry: compiles the source set under args[0] once, prints wall and CPU ns. */
  public static void main(String[] args) throws IOException {
    Path work = Path.of(args[0]);
    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.list(work.resolve("src").resolve("w6"))) {
      files.sorted().forEach(f -> sources.add(f.toString()));
    }
    long[] r = compile(work, args[1], sources, args[2], args[3]);
    System.out.println("W6CHILD " + r[0] + " " + r[1]);
  }

  private static long[] inChildJvm(Path work, String mode, String classpath, String processorpath)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CompileBench.class.getName(),
                work.toString(),
                mode,
                classpath,
                processorpath)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0 || !out.startsWith("W6CHILD ")) {
      throw new IllegalStateException("W6 child (" + mode + ") failed: " + out);
    }
    String[] parts = out.trim().split(" ");
    return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
  }

  /**
   * One in-process javac compilation of {@code sources}: {wall ns, process CPU ns (javac's
   * thread plus JIT and GC threads)}.
   */
  private static long[] compile(
      Path work, String mode, List<String> sources, String classpath, String processorpath)
      throws IOException {
    Path out = work.resolve(mode);
    deleteTree(out);
    Files.createDirectories(out);
    List<String> options =
        new ArrayList<>(List.of("-nowarn", "-d", out.toString(), "-cp", classpath));
    if (mode.equals("processed")) {
      options.addAll(List.of("-processorpath", processorpath));
    } else {
      options.add("-proc:none");
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      long cpu = os.getProcessCpuTime();
      long start = System.nanoTime();
      boolean ok =
          javac.getTask(null, files, null, options, null, files.getJavaFileObjectsFromStrings(sources))
              .call();
      long wall = System.nanoTime() - start;
      cpu = os.getProcessCpuTime() - cpu;
      if (!ok) {
        throw new IllegalStateException("javac (" + mode + ") failed");
      }
      return new long[] {wall, cpu};
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static String perMethod(String key, long nanos, int methods) {
    return String.format(Locale.ROOT, "%s=%.2f", key, nanos / 1e6 / methods);
  }

  /** Writes the source set; returns the file names. */
  static List<String> generate(Path root) throws IOException {
    Path dir = root.resolve("w6");
    Files.createDirectories(dir);
    List<String> files = new ArrayList<>();
    for (int c = 0; c < CLASSES; c++) {
      String name = String.format(Locale.ROOT, "Service%02d", c);
      Path file = dir.resolve(name + ".java");
      Files.writeString(file, serviceSource(name));
      files.add(file.toString());
    }
    return files;
  }

  /** One class with {@value #METHODS_PER_CLASS} {@code @Async} methods of different shapes. */
  static String serviceSource(String name) {
    return String.join(
        "\n",
        "package w6;",
        "",
        "import static dev.weft.Await.await;",
        "",
        "import dev.weft.Task;",
        "import dev.weft.TaskTimeoutException;",
        "import dev.weft.Tasks;",
        "import dev.weft.annotation.Async;",
        "import java.time.Duration;",
        "import java.util.ArrayList;",
        "import java.util.List;",
        "",
        "public class " + name + " {",
        "  int calls;",
        "",
        "  @Async",
        "  public Task<Integer> value(int i) {",
        "    await(Tasks.yieldNow());",
        "    calls++;",
        "    return Task.of(i);",
        "  }",
        "",
        "  @Async",
        "  public Task<Integer> sum(int n) {",
        "    int total = 0;",
        "    for (int i = 0; i < n; i++) {",
        "      total += await(value(i));",
        "    }",
        "    return Task.of(total);",
        "  }",
        "",
        "  @Async",
        "  public Task<Integer> search(int rows, int target) {",
        "    int steps = 0;",
        "    outer:",
        "    for (int i = 0; i < rows; i++) {",
        "      for (int cell : await(fanOut(i))) {",
        "        steps++;",
        "        if (cell == target) {",
        "          break outer;",
        "        }",
        "      }",
        "    }",
        "    int n = rows;",
        "    do {",
        "      n -= await(value(n));",
        "    } while (n > 0);",
        "    return Task.of(steps);",
        "  }",
        "",
        "  @Async",
        "  public Task<Integer> dispatch(int kind) {",
        "    int result;",
        "    switch (kind) {",
        "      case 0:",
        "        result = await(value(10));",
        "        break;",
        "      case 1:",
        "        result = await(sum(3)) + 1;",
        "        break;",
        "      default:",
        "        result = -1;",
        "    }",
        "    return Task.of(result);",
        "  }",
        "",
        "  @Async",
        "  public Task<Integer> countWhile(int limit) {",
        "    int count = 0;",
        "    while (count < limit && await(value(count)) >= 0) {",
        "      count++;",
        "    }",
        "    return Task.of(count);",
        "  }",
        "",
        "  @Async",
        "  public Task<Long> overList(List<Integer> items) {",
        "    long total = 0;",
        "    for (int item : items) {",
        "      total += await(value(item)) * 2L;",
        "    }",
        "    return Task.of(total);",
        "  }",
        "",
        "  @Async",
        "  public Task<String> concat(String prefix) {",
        "    String s = prefix + \":\" + await(value(1)) + \",\" + await(value(2));",
        "    return Task.of(s.toUpperCase());",
        "  }",
        "",
        "  @Async",
        "  public Task<Integer> choose(int n) {",
        "    int v = n > 0 ? await(value(n)) : await(value(-n));",
        "    boolean both = n != 0 && await(value(n)) > 0;",
        "    return Task.of(both ? v : -v);",
        "  }",
        "",
        "  @Async",
        "  public Task<List<Integer>> fanOut(int n) {",
        "    List<Task<Integer>> tasks = new ArrayList<>();",
        "    for (int i = 0; i < n; i++) {",
        "      tasks.add(value(i));",
        "    }",
        "    return Task.of(await(Tasks.gather(tasks)));",
        "  }",
        "",
        "  @Async",
        "  public Task<Integer> withTimeout(int n) {",
        "    int v;",
        "    try {",
        "      v = await(Tasks.waitFor(sum(n), Duration.ofMillis(100)));",
        "    } catch (TaskTimeoutException e) {",
        "      v = await(value(-1));",
        "    } finally {",
        "      calls++;",
        "    }",
        "    await(Tasks.sleep(Duration.ofMillis(v % 3)));",
        "    int weight = switch (v % 3) {",
        "      case 0 -> 1;",
        "      case 1 -> await(value(v));",
        "      default -> {",
        "        int w = await(value(v * 2));",
        "        yield w + calls;",
        "      }",
        "    };",
        "    return Task.of(weight);",
        "  }",
        "}",
        "");
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("set -D" + name + "=... (run.sh does)");
    }
    return value;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
