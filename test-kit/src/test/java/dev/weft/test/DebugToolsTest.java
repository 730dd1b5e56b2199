package dev.weft.test;

import static dev.weft.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.annotation.Async;
import dev.weft.debug.LoopMetrics;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Task dumps, the watchdog, the close report, metrics and JMX, on real stalls. */
@ExtendWith(WeftTestExtension.class)
class DebugToolsTest {
  final Services services = new Services_Async();

  @WeftTest
  @Async
  Task<Void> theTaskDumpIsATreeOfWhoAwaitsWhatAtWhichLine(EventLoop loop) {
    Task<Integer> middle = services.middle();
    String dump = loop.dumpTasks();
    System.out.println(dump);
    String[] lines = dump.split("\n");
    assertTrue(lines[0].startsWith("4 live tasks on event loop"), dump);
    String middleLine = line(lines, "Services.middle@");
    assertTrue(middleLine.startsWith("Services.middle@"), dump); // a root: nobody awaits it
    assertTrue(middleLine.endsWith("suspended at " + Lines.frame("middle", "middle-gather")), dump);
    int at = List.of(lines).indexOf(middleLine);
    assertTrue(lines[at + 1].startsWith("  awaits gather@"), dump);
    assertTrue(lines[at + 2].startsWith("    Services.leaf@"), dump);
    assertTrue(lines[at + 2].endsWith("suspended at " + Lines.frame("leaf", "leaf-sleep")), dump);
    assertTrue(lines[at + 3].startsWith("      awaits sleep@"), dump);
    assertTrue(lines[at + 4].startsWith("    Services.leaf@"), dump);
    assertTrue(line(lines, "DebugToolsTest.theTaskDump").contains(" running"), dump);
    assertEquals(3, await(middle));
    return Task.done();
  }

  /**
   * Issue 17: a dump made while tasks started eagerly are on the loop thread's stack lists each
   * under the task that started it, at the line it runs, not where its state started.
   */
  @WeftTest
  @Async
  Task<Void> theTaskDumpShowsAnEagerChainUnderItsStarterAtTheLinesThatRun(EventLoop loop) {
    List<String> dumps = new ArrayList<>();
    await(services.awaitsEagerRoot(() -> dumps.add(loop.dumpTasks())));
    String dump = dumps.get(0);
    System.out.println(dump);
    String[] lines = dump.split("\n");
    String root = line(lines, "Services.eagerRoot@");
    String leaf = line(lines, "Services.blockingAtOnce@");
    assertTrue(root.endsWith(" running at " + Lines.frame("eagerRoot", "eager-root")), dump);
    assertTrue(leaf.endsWith(" running at " + Lines.frame("blockingAtOnce", "eager-block")), dump);
    long chain =
        List.of(lines).stream()
            .filter(l -> l.contains("Services.eagerChain@"))
            .filter(l -> l.endsWith(" running at " + Lines.frame("eagerChain", "eager-chain")))
            .count();
    assertEquals(2, chain, dump);
    int rootAt = List.of(lines).indexOf(root);
    int leafAt = List.of(lines).indexOf(leaf);
    assertTrue(leafAt > rootAt && indentOf(leaf) == indentOf(root) + 12, dump); // 3 levels under
    assertTrue(lines[rootAt + 1].trim().startsWith("starts eagerly, on the same stack"), dump);
    return Task.done();
  }

  private static int indentOf(String line) {
    return line.length() - line.stripLeading().length();
  }

  static String line(String[] lines, String containing) {
    for (String l : lines) {
      if (l.contains(containing)) {
        return l;
      }
    }
    throw new AssertionError("no line with " + containing + " in\n" + String.join("\n", lines));
  }

  @Test
  void theWatchdogReportsABlockedLoopWithTheStackAndTheAwaitChain() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> report = new AtomicReference<>();
    java.nio.file.Path jfr = java.nio.file.Files.createTempFile("weft-watchdog", ".jfr");
    jdk.jfr.Recording recording = new jdk.jfr.Recording();
    recording.enable("dev.weft.BlockedLoop");
    recording.enable("dev.weft.SlowCallback");
    recording.start();
    WeftTests.runTest(
        WeftTests.Options.defaults().debug(true),
        loop -> {
          loop.setBlockedThreshold(Duration.ofMillis(50));
          // The blocked step lasts at least the 50 ms before the report: surely slow at 10 ms.
          loop.setSlowCallbackDuration(Duration.ofMillis(10));
          loop.setDebugReporter(
              r -> {
                // Only the report on the blocked task: a slow machine may report an earlier step.
                if (r.startsWith("weft watchdog")
                    && r.contains("in task Services.blocking@")
                    && report.compareAndSet(null, r)) {
                  release.countDown(); // the blocked task may go on once it has been reported
                }
              });
          return services.outerBlocking(release);
        });
    recording.stop();
    recording.dump(jfr);
    recording.close();
    List<jdk.jfr.consumer.RecordedEvent> events = jdk.jfr.consumer.RecordingFile.readAllEvents(jfr);
    java.nio.file.Files.delete(jfr);
    String r = report.get();
    System.out.println(r);
    // The same report as a JFR event, and the slow step as another, naming where it got to.
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.getEventType().getName().equals("dev.weft.BlockedLoop")
                        && e.getString("report").equals(r)),
        events.toString());
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.getEventType().getName().equals("dev.weft.SlowCallback")
                        && e.getString("callback").contains("Services.blocking@")),
        events.toString());
    assertTrue(r.contains("has been blocked for"), r);
    assertTrue(r.contains("in task Services.blocking@"), r);
    assertTrue(r.contains("java.util.concurrent.CountDownLatch.await"), r);
    assertTrue(r.contains("\tat " + Lines.frame("blocking", "blocking-call")), r);
    assertTrue(r.contains("Await chain of Services.blocking@"), r);
    assertTrue(r.contains("\tat " + Lines.frame("outerBlocking$await", "outer-await")), r);
  }

  /** Runs {@code main} in debug mode until the watchdog reports {@code blockedTask} blocked. */
  private static String watchdogReportOn(
      String blockedTask, java.util.function.Function<CountDownLatch, Task<Void>> main) {
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> report = new AtomicReference<>();
    WeftTests.runTest(
        WeftTests.Options.defaults().debug(true),
        loop -> {
          loop.setBlockedThreshold(Duration.ofMillis(50));
          loop.setDebugReporter(
              r -> {
                if (r.startsWith("weft watchdog")
                    && r.contains("in task Services." + blockedTask + "@")
                    && report.compareAndSet(null, r)) {
                  release.countDown();
                }
              });
          return main.apply(release);
        });
    System.out.println(report.get());
    return report.get();
  }

  /** Issue 17: the chain starts at the line that blocks, not at the line of the last await. */
  @Test
  void theWatchdogNamesTheLineThatBlocksAfterAnAwait() {
    String r = watchdogReportOn("blockingAfterAwait", services::blockingAfterAwait);
    String chain = r.substring(r.indexOf("Await chain of"));
    assertTrue(
        chain.contains("\tat " + Lines.frame("blockingAfterAwait", "after-block") + " (running)"),
        r);
    assertTrue(!chain.contains(Lines.frame("blockingAfterAwait", "after-await")), r);
  }

  /**
   * Issue 17: a task that blocks before its first await runs on the stacks of the tasks that
   * started it eagerly: every one of their frames is mapped to its source line, and the await
   * chain lists them all, then who awaits the outermost.
   */
  @Test
  void theWatchdogGivesTheWholeEagerChainOfATaskBlockedBeforeItsFirstAwait() {
    String r =
        watchdogReportOn(
            "blockingAtOnce", release -> services.awaitsEagerRoot(() -> Services.hold(release)));
    String stack = r.substring(r.indexOf("Stack of the loop thread"), r.indexOf("Await chain of"));
    for (String[] frame :
        new String[][] {
          {"blockingAtOnce", "eager-block"},
          {"eagerChain", "eager-chain"},
          {"eagerRoot", "eager-root"}
        }) {
      assertTrue(stack.contains("\tat " + Lines.frame(frame[0], frame[1]) + "\n"), r);
    }
    // No frame of a state machine (Services_Async$EagerChain...) is left unmapped; the one-line
    // overrides of Services_Async that start them stay, as in exceptions' stack traces.
    assertTrue(!stack.contains("Services_Async$"), r);
    String chain = r.substring(r.indexOf("Await chain of"));
    List<String> expected =
        List.of(
            Lines.frame("blockingAtOnce", "eager-block") + " (running)",
            Lines.frame("eagerChain$await", "eager-chain") + " (starting it)",
            Lines.frame("eagerChain$await", "eager-chain") + " (starting it)",
            Lines.frame("eagerRoot$await", "eager-root") + " (starting it)",
            Lines.frame("awaitsEagerRoot$await", "eager-awaiter"));
    int from = 0;
    for (String line : expected) {
      int at = chain.indexOf("\tat " + line, from);
      assertTrue(at >= from, "missing or out of order: " + line + "\n" + r);
      from = at + 1; // the next line must come after this one (the chain repeats a frame)
    }
  }

  @Test
  void tasksStillPendingWhenTheLoopClosesAreListed() {
    List<String> reports = new ArrayList<>();
    EventLoop loop = new EventLoop();
    loop.setDebug(true);
    loop.setDebugReporter(reports::add);
    loop.runUntilComplete(
        () -> {
          services.leaf(3600);
          return Task.done();
        });
    loop.close();
    assertEquals(1, reports.size(), reports.toString());
    String r = reports.get(0);
    assertTrue(r.startsWith("The event loop closed with tasks still pending"), r);
    assertTrue(r.contains("Services.leaf@"), r);
    assertTrue(r.contains("suspended at " + Lines.frame("leaf", "leaf-sleep")), r);
  }

  @WeftTest
  @Async
  Task<Void> metricsCountTasksTimersAndIterations(EventLoop loop) {
    LoopMetrics before = loop.metrics();
    Task<Integer> middle = services.middle();
    LoopMetrics during = loop.metrics();
    assertEquals(3, during.tasksCreated() - before.tasksCreated());
    assertEquals(before.liveTasks() + 3, during.liveTasks());
    assertEquals(2, during.timersPending());
    await(middle);
    LoopMetrics after = loop.metrics();
    assertEquals(3, after.tasksFinished() - before.tasksFinished());
    assertEquals(0, after.timersPending());
    assertEquals(0, after.loopLagNanos()); // virtual time: timers fire exactly at their deadline
    assertTrue(after.iterations() > during.iterations());
    assertTrue(after.selectWakeups() >= 2, after.toString()); // one per timer jump at least
    return Task.done();
  }

  @WeftTest(debug = true)
  @Async
  Task<Void> aLoopInDebugModeHasAJmxBeanThatDumpsItsTasks() throws Exception {
    Task<Integer> leaf = services.leaf(5);
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Set<ObjectName> names = server.queryNames(new ObjectName("dev.weft:type=EventLoop,*"), null);
    assertEquals(1, names.size(), names.toString());
    String dump = (String) server.invoke(names.iterator().next(), "dumpTasks", null, null);
    assertTrue(dump.contains("suspended at " + Lines.frame("leaf", "leaf-sleep")), dump);
    String metrics = (String) server.getAttribute(names.iterator().next(), "Metrics");
    assertTrue(metrics.contains("timersPending=1"), metrics);
    await(leaf);
    return Task.done();
  }
}
