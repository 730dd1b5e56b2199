package dev.weft.test;

import static dev.weft.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.TimeoutScope;
import dev.weft.annotation.Async;
import dev.weft.io.Streams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/** The test kit itself: @WeftTest, virtual time, leftovers, shuffled order. */
@ExtendWith(WeftTestExtension.class)
class WeftTestKitTest {
  static final long HOUR = Duration.ofHours(1).toNanos();
  final Services services = new Services_Async();

  @WeftTest
  @Async
  Task<Void> anHourOfSleepTakesNoTimeAndTimersFireInDeadlineOrder(EventLoop loop) {
    assertEquals(0, loop.time());
    List<String> log = new ArrayList<>();
    Task<List<Void>> all =
        Tasks.gather(
            services.sleepThenLog(log, 3, loop),
            services.sleepThenLog(log, 1, loop),
            services.sleepThenLog(log, 2, loop));
    assertEquals(0, loop.time()); // time moves only as timers fire
    await(all);
    assertEquals(List.of("1h at 1h", "2h at 2h", "3h at 3h"), log);
    assertEquals(3 * HOUR, loop.time());
    return Task.done();
  }

  /**
   * Issue 17: under the test kit's virtual time too, a callback due at the same instant as a
   * timeout scope's deadline, and registered first, delivers its value in time.
   */
  @WeftTest
  @Async
  Task<Void> aValueDueWithTheDeadlineAndRegisteredFirstIsInTime(EventLoop loop) {
    Promise<String> promise = new Promise<>();
    loop.callLater(Duration.ofHours(1), () -> promise.complete("in time"));
    String value;
    try (TimeoutScope scope = Tasks.timeout(Duration.ofHours(1))) {
      value = await(promise);
    }
    assertEquals("in time", value);
    assertEquals(HOUR, loop.time());
    return Task.done();
  }

  @Test
  void aTestThatLeavesATaskPendingFailsWithTheDump() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                WeftTests.runTest(
                    () -> {
                      services.leaf(60);
                      return Task.done();
                    }));
    assertTrue(e.getMessage().startsWith("The test passed, but it left tasks pending:"), e.getMessage());
    assertTrue(e.getMessage().contains("suspended at " + Lines.frame("leaf", "leaf-sleep")), e.getMessage());
  }

  @Test
  void aTestThatLeavesASocketOpenFails() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                WeftTests.runTest(
                    WeftTests.Options.defaults().virtualTime(false),
                    loop -> Streams.startServer((reader, writer) -> Task.done(), "127.0.0.1", 0)));
    assertTrue(e.getMessage().contains("1 channel(s) registered with the loop"), e.getMessage());
  }

  @Test
  void anExceptionThatReachesTheLoopFailsTheTest() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                WeftTests.runTest(
                    WeftTests.Options.defaults(),
                    loop -> {
                      loop.callSoon(() -> { throw new IllegalStateException("lost"); });
                      return Tasks.sleep(Duration.ofSeconds(1));
                    }));
    assertTrue(e.getMessage().contains("IllegalStateException: lost"), e.getMessage());
  }

  /** The order in which five tasks resumed at the same moment append to a log. */
  private List<String> orderWithSeed(long seed) {
    List<String> log = new ArrayList<>();
    WeftTests.runTest(
        WeftTests.Options.defaults().shuffleSeed(seed),
        loop -> {
          List<Task<Void>> tasks = new ArrayList<>();
          for (String item : List.of("a", "b", "c", "d", "e")) {
            tasks.add(services.append(log, item));
          }
          return Tasks.gather(tasks);
        });
    return log;
  }

  @Test
  void shufflingSameMomentWorkIsReproducibleFromItsSeed() {
    assertEquals(List.of("a", "b", "c", "d", "e"), orderWithSeed(0)); // FIFO by default
    Map<Long, List<String>> orders = new TreeMap<>();
    for (long seed = 1; seed <= 5; seed++) {
      orders.put(seed, orderWithSeed(seed));
      assertEquals(orders.get(seed), orderWithSeed(seed), "seed " + seed);
    }
    assertTrue(
        orders.values().stream().anyMatch(o -> !o.equals(List.of("a", "b", "c", "d", "e"))),
        orders.toString());
    assertNotEquals(1, orders.values().stream().distinct().count(), orders.toString());
  }

  /** Tests run through the JUnit launcher, to see how @WeftTest reports them. */
  @ExtendWith(WeftTestExtension.class)
  static class Fixture {
    final Services services = new Services_Async();

    @WeftTest
    @Async
    Task<Void> passes() {
      await(Tasks.sleep(Duration.ofDays(1)));
      return Task.done();
    }

    @WeftTest
    @Async
    Task<Void> leavesATaskBehind() {
      services.leaf(10);
      return Task.done();
    }

    @WeftTest
    @Async
    Task<Void> failsWithAnAsyncStackTrace() throws java.io.IOException {
      await(services.total());
      return Task.done();
    }

    @WeftTest(shuffleSeed = 3)
    @Async
    Task<Void> dependsOnFifoOrder() {
      List<String> log = new ArrayList<>();
      await(Tasks.gather(services.append(log, "first"), services.append(log, "second")));
      assertEquals(List.of("first", "second"), log);
      return Task.done();
    }
  }

  /** The mistake of a first test: @Async test methods, but no @ExtendWith on the class. */
  static class FixtureWithoutExtension {
    @WeftTest
    @Async
    Task<Void> sleeps() {
      await(Tasks.sleep(Duration.ofDays(1)));
      return Task.done();
    }
  }

  /** Runs the tests of {@code fixture} through the JUnit launcher: each @WeftTest's result. */
  private static Map<String, TestExecutionResult> launch(Class<?> fixture) {
    Map<String, TestExecutionResult> results = new TreeMap<>();
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectClass(fixture))
            .build();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(
        request,
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isContainer() && id.getDisplayName().endsWith("()") && !id.getDisplayName().contains("Fixture")) {
              results.put(id.getDisplayName(), result);
            }
          }
        });
    return results;
  }

  @Test
  void aMissingExtendWithNamesTheAnnotationToAdd() {
    Throwable failure =
        launch(FixtureWithoutExtension.class).get("sleeps()").getThrowable().orElseThrow();
    assertEquals(
        "@WeftTest method sleeps is @Async, but JUnit made the test instance from"
            + " FixtureWithoutExtension, not from the generated WeftTestKitTest_FixtureWithoutExtension_Async,"
            + " so its await(...) would run untransformed: put @ExtendWith(WeftTestExtension.class)"
            + " on class FixtureWithoutExtension (imports org.junit.jupiter.api.extension.ExtendWith"
            + " and dev.weft.test.WeftTestExtension)",
        failure.getMessage());
  }

  @Test
  void weftTestMethodsRunThroughJUnitAndReportTheirFailures() {
    Map<String, TestExecutionResult> results = launch(Fixture.class);
    assertEquals(
        List.of("dependsOnFifoOrder()", "failsWithAnAsyncStackTrace()", "leavesATaskBehind()", "passes()"),
        List.copyOf(results.keySet()));
    assertEquals(TestExecutionResult.Status.SUCCESSFUL, results.get("passes()").getStatus());
    Throwable leftover = results.get("leavesATaskBehind()").getThrowable().orElseThrow();
    assertTrue(leftover.getMessage().contains("left tasks pending"), leftover.getMessage());
    Throwable failure = results.get("failsWithAnAsyncStackTrace()").getThrowable().orElseThrow();
    assertEquals(Lines.frame("fetch", "fetch-throw"), String.valueOf(failure.getStackTrace()[0]));
    Throwable shuffled = results.get("dependsOnFifoOrder()").getThrowable().orElse(null);
    // Seed 3 reverses the two resumptions; the failure names the seed.
    assertTrue(shuffled != null, "seed 3 should expose the order dependence");
    assertTrue(
        shuffled.getSuppressed().length > 0
            && shuffled.getSuppressed()[0].getMessage().contains("seed 3"),
        String.valueOf(shuffled));
  }
}
