package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.handwritten.Chain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Tasks#timeout}: a deadline over a block, delivered at the await. */
@org.junit.jupiter.api.extension.ExtendWith(FailOnUncaught.class)
class TimeoutScopeTest {
  private static final Duration LONG = Duration.ofHours(1);

  @Test
  void workDoneInTimeGivesItsValue() {
    List<TimeoutScope> scopes = new ArrayList<>();
    Task<String> work =
        Run.toEnd(() -> Chain.withinTimeout(LONG, Chain.adopt(Task.of("v")), scopes));
    assertEquals("v", work.resultNow());
    assertFalse(scopes.get(0).expired());
  }

  @Test
  void anExpiredScopeCancelsTheAwaitedTaskAndThrowsAtTheAwait() {
    List<TimeoutScope> scopes = new ArrayList<>();
    List<String> log = new ArrayList<>();
    List<Task<String>> work = new ArrayList<>();
    String value =
        EventLoop.run(
            () -> {
              work.add(Chain.slowCleanup(LONG, log));
              return Chain.withinTimeout(Duration.ofMillis(1), work.get(0), scopes);
            });
    assertEquals("timed out", value);
    assertTrue(scopes.get(0).expired());
    assertTrue(work.get(0).isCancelled());
    assertEquals(List.of("cleanup done"), log, "the awaited task finished cancelling first");
  }

  @Test
  void reschedulingMovesTheDeadline() {
    List<TimeoutScope> scopes = new ArrayList<>();
    String value =
        EventLoop.run(
            () -> {
              Task<String> task = Chain.withinTimeout(null, new Promise<>(), scopes);
              TimeoutScope scope = scopes.get(0);
              assertEquals(Long.MAX_VALUE, scope.deadlineNanos());
              EventLoop.current().callSoon(() -> scope.reschedule(Duration.ZERO));
              return task;
            });
    assertEquals("timed out", value);
  }

  @Test
  void removingTheDeadlineLetsTheWorkFinish() {
    List<TimeoutScope> scopes = new ArrayList<>();
    String value =
        EventLoop.run(
            () -> {
              Promise<String> work = new Promise<>();
              Task<String> task = Chain.withinTimeout(Duration.ofMillis(1), work, scopes);
              scopes.get(0).reschedule(null);
              EventLoop.current().callLater(Duration.ofMillis(5), () -> work.complete("late"));
              return task;
            });
    assertEquals("late", value);
    assertThrows(IllegalStateException.class, () -> scopes.get(0).reschedule(LONG), "closed");
  }

  @Test
  void aRealCancellationWinsOverTheTimeout() {
    List<TimeoutScope> scopes = new ArrayList<>();
    Task<String> task =
        Run.toEnd(
            () -> {
              Task<String> t = Chain.withinTimeout(Duration.ZERO, new Promise<>(), scopes);
              t.cancel();
              return t;
            });
    assertTrue(task.isCancelled());
  }

  @Test
  void aScopeNeedsATask() {
    EventLoop.run(
        () -> {
          assertThrows(IllegalStateException.class, () -> Tasks.timeout(LONG));
          return Task.done();
        });
  }
}
