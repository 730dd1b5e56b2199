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

  static String line(String[] lines, String containing) {
    for (String l : lines) {
      if (l.contains(containing)) {
        return l;
      }
    }
    throw new AssertionError("no line with " + containing + " in\n" + String.join("\n", lines));
  }

  @Test
  void theWatchdogReportsABlockedLoopWithTheStackAndTheAwaitChain() {
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> report = new AtomicReference<>();
    WeftTests.runTest(
        WeftTests.Options.defaults().debug(true),
        loop -> {
          loop.setBlockedThreshold(Duration.ofMillis(50));
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
    String r = report.get();
    System.out.println(r);
    assertTrue(r.contains("has been blocked for"), r);
    assertTrue(r.contains("in task Services.blocking@"), r);
    assertTrue(r.contains("java.util.concurrent.CountDownLatch.await"), r);
    assertTrue(r.contains("\tat " + Lines.frame("blocking", "blocking-call")), r);
    assertTrue(r.contains("Await chain of Services.blocking@"), r);
    assertTrue(r.contains("\tat " + Lines.frame("outerBlocking$await", "outer-await")), r);
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
