package dev.weft.test;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.internal.LoopCore;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a task on a fresh event loop the way {@link WeftTest} does, for code inside an ordinary
 * {@code @Test} method:
 *
 * <pre>{@code
 * @Test
 * void retriesThreeTimes() {
 *   int attempts = WeftTests.runTest(() -> new Client_Async(server).fetchWithRetry());
 *   assertEquals(3, attempts);
 * }
 * }</pre>
 */
public final class WeftTests {
  private WeftTests() {}

  /** How {@link #runTest(Options, Function)} runs: {@link #defaults()} and withers. */
  public static final class Options {
    final boolean virtualTime;
    final long shuffleSeed;
    final boolean debug;
    final boolean allowLeftovers;

    private Options(boolean virtualTime, long shuffleSeed, boolean debug, boolean allowLeftovers) {
      this.virtualTime = virtualTime;
      this.shuffleSeed = shuffleSeed;
      this.debug = debug;
      this.allowLeftovers = allowLeftovers;
    }

    /** Virtual time, FIFO order, no debug mode, leftovers fail the test. */
    public static Options defaults() {
      return new Options(true, Long.getLong("weft.test.shuffleSeed", 0L), false, false);
    }

    static Options of(WeftTest test) {
      long seed =
          test.shuffleSeed() != 0 ? test.shuffleSeed() : Long.getLong("weft.test.shuffleSeed", 0L);
      return new Options(test.virtualTime(), seed, test.debug(), test.allowLeftovers());
    }

    /** Virtual time (true, the default) or the real clock. */
    public Options virtualTime(boolean enabled) {
      return new Options(enabled, shuffleSeed, debug, allowLeftovers);
    }

    /** Same-moment work in an order drawn from {@code seed}; 0 for FIFO. */
    public Options shuffleSeed(long seed) {
      return new Options(virtualTime, seed, debug, allowLeftovers);
    }

    /** Debug mode on the loop. */
    public Options debug(boolean enabled) {
      return new Options(virtualTime, shuffleSeed, enabled, allowLeftovers);
    }

    /** Whether leftover tasks and channels are allowed. */
    public Options allowLeftovers(boolean allowed) {
      return new Options(virtualTime, shuffleSeed, debug, allowed);
    }
  }

  /** {@link #runTest(Options, Function)} with the {@linkplain Options#defaults() defaults}. */
  public static <T> T runTest(Supplier<? extends Task<T>> test) {
    return runTest(Options.defaults(), loop -> test.get());
  }

  /**
   * Makes a loop as {@code options} say, runs {@code test} on it until its task is done, checks
   * that nothing was left behind, closes the loop, and returns the task's value or rethrows its
   * exception.
   *
   * @throws AssertionError when tasks, channels, or uncaught exceptions were left behind
   */
  public static <T> T runTest(Options options, Function<EventLoop, ? extends Task<T>> test) {
    EventLoop loop = options.virtualTime ? EventLoop.withVirtualTime() : new EventLoop();
    try {
      return runOn(loop, options, test);
    } finally {
      loop.close();
    }
  }

  static <T> T runOn(EventLoop loop, Options options, Function<EventLoop, ? extends Task<T>> test) {
    List<String> uncaught = new ArrayList<>();
    List<Throwable> uncaughtExceptions = new ArrayList<>();
    loop.setExceptionHandler(
        (l, context, exception) -> {
          uncaught.add(context + ": " + exception);
          uncaughtExceptions.add(exception);
        });
    if (options.debug) {
      loop.setDebug(true);
    }
    LoopCore[] core = new LoopCore[1];
    String seedNote =
        options.shuffleSeed == 0
            ? ""
            : " (same-moment work shuffled with seed " + options.shuffleSeed + ")";
    T value;
    try {
      value =
          loop.runUntilComplete(
              () -> {
                core[0] = LoopCore.current();
                if (options.shuffleSeed != 0) {
                  core[0].setReadyShuffle(new SplittableRandom(options.shuffleSeed));
                }
                return test.apply(loop);
              });
    } catch (Throwable failure) {
      if (!seedNote.isEmpty()) {
        failure.addSuppressed(new AssertionError("the test failed" + seedNote));
      }
      cleanUp(core[0]);
      throw failure;
    }
    List<String> problems = new ArrayList<>();
    if (!options.allowLeftovers && core[0] != null) {
      if (!core[0].liveTasks().isEmpty()) {
        problems.add("it left tasks pending:\n" + loop.dumpTasks());
      }
      List<String> channels = openChannels(core[0]);
      if (!channels.isEmpty()) {
        problems.add(
            "it left " + channels.size() + " channel(s) registered with the loop (not closed): "
                + channels);
      }
    }
    cleanUp(core[0]);
    if (!uncaught.isEmpty()) {
      problems.add("exceptions reached the loop's exception handler: " + uncaught);
    }
    if (!problems.isEmpty()) {
      AssertionError error =
          new AssertionError("The test passed, but " + String.join("; and ", problems) + seedNote);
      uncaughtExceptions.forEach(error::addSuppressed);
      throw error;
    }
    return value;
  }

  private static List<String> openChannels(LoopCore core) {
    List<String> open = new ArrayList<>();
    for (SelectionKey key : core.selector().keys()) {
      if (key.isValid()) {
        open.add(String.valueOf(key.channel()));
      }
    }
    return open;
  }

  /** Cancels what is left and closes the channels still registered. */
  private static void cleanUp(LoopCore core) {
    if (core == null || core.isClosed()) {
      return;
    }
    core.cancelAllAndDrain();
    for (SelectionKey key : core.selector().keys()) {
      try {
        key.channel().close();
      } catch (java.io.IOException | RuntimeException e) {
        // closing what the test forgot: nothing more to do
      }
    }
  }
}
