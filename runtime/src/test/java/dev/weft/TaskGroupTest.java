package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.handwritten.Chain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TaskGroup}'s policies, failure aggregation and cancellation. */
@org.junit.jupiter.api.extension.ExtendWith(FailOnUncaught.class)
class TaskGroupTest {
  private static final Duration LONG = Duration.ofHours(1);

  @Test
  void failFastGivesValuesInAddOrder() {
    List<Integer> values =
        EventLoop.run(
            () -> {
              TaskGroup<Integer> group = TaskGroup.failFast();
              group.add(Chain.sleepThen(Duration.ofMillis(2), new ArrayList<>(), "slow"));
              group.add(Chain.addAfterYield(1, 1));
              group.add(Task.of(9));
              return group.join();
            });
    assertEquals(List.of(4, 2, 9), values);
  }

  @Test
  void failFastCancelsTheOthersWaitsForThemAndReportsTheFailure() {
    List<String> log = new ArrayList<>();
    IllegalStateException failure = new IllegalStateException("boom");
    List<Task<?>> tasks = new ArrayList<>();
    Task<List<Object>> join =
        Run.toEnd(
            () -> {
              TaskGroup<Object> group = TaskGroup.failFast();
              tasks.add(group.add(Chain.slowCleanup(LONG, log)));
              tasks.add(group.add(Chain.failAfterYield(failure)));
              Task<List<Object>> j = group.join();
              Chain.guarded(j, log, "joiner");
              return j;
            });
    TaskGroupException e = assertInstanceOf(TaskGroupException.class, join.exceptionNow());
    assertEquals(List.of(failure), e.failures());
    assertSame(failure, e.getCause());
    assertTrue(tasks.get(0).isCancelled());
    assertEquals(List.of("cleanup done", "joiner:finally"), log, "join waited for the cleanup");
  }

  @Test
  void collectAllLetsEveryTaskFinishAndReportsEveryFailure() {
    IllegalStateException first = new IllegalStateException("first");
    IllegalArgumentException second = new IllegalArgumentException("second");
    List<Task<?>> tasks = new ArrayList<>();
    Task<List<Object>> join =
        Run.toEnd(
            () -> {
              TaskGroup<Object> group = TaskGroup.collectAll();
              group.add(Chain.failAfterYield(first));
              tasks.add(group.add(Chain.sleepThen(Duration.ofMillis(1), new ArrayList<>(), "s")));
              group.add(Chain.adopt(Chain.failAfterYield(second)));
              return group.join();
            });
    TaskGroupException e = assertInstanceOf(TaskGroupException.class, join.exceptionNow());
    assertEquals(List.of(first, second), e.failures());
    assertEquals(List.of(second), List.of(e.getSuppressed()));
    assertTrue(tasks.get(0).isSucceeded());
  }

  @Test
  void firstSuccessTakesTheFirstValueAndCancelsTheRest() {
    List<Task<?>> tasks = new ArrayList<>();
    List<Object> values =
        EventLoop.run(
            () -> {
              TaskGroup<Object> group = TaskGroup.firstSuccess();
              group.add(Chain.failAfterYield(new IllegalStateException("lost")));
              tasks.add(group.add(Chain.sleepThen(LONG, new ArrayList<>(), "slow")));
              group.add(Chain.adopt(Chain.addAfterYield(20, 1)));
              return group.join();
            });
    assertEquals(List.of(21), values);
    assertTrue(tasks.get(0).isCancelled());
  }

  @Test
  void firstSuccessFailsOnlyWhenAllFail() {
    Task<List<Object>> join =
        Run.toEnd(
            () -> {
              TaskGroup<Object> group = TaskGroup.firstSuccess();
              group.add(Chain.failAfterYield(new IllegalStateException("a")));
              group.add(Chain.failAfterYield(new IllegalStateException("b")));
              return group.join();
            });
    assertEquals(
        2, assertInstanceOf(TaskGroupException.class, join.exceptionNow()).failures().size());
  }

  @Test
  void quorumTakesTheFirstValuesInCompletionOrder() {
    List<Integer> values =
        EventLoop.run(
            () -> {
              TaskGroup<Integer> group = TaskGroup.quorum(2);
              group.add(Chain.sleepThen(LONG, new ArrayList<>(), "never"));
              group.add(Chain.adopt(Chain.addAfterYield(1, 1)));
              group.add(Chain.addAfterYield(0, 1));
              return group.join();
            });
    assertEquals(List.of(1, 2), values);
  }

  @Test
  void quorumGivesUpAsSoonAsItCannotBeReached() {
    List<Task<?>> tasks = new ArrayList<>();
    Task<List<Integer>> join =
        Run.toEnd(
            () -> {
              TaskGroup<Integer> group = TaskGroup.quorum(2);
              tasks.add(group.add(Chain.sleepThen(LONG, new ArrayList<>(), "pending")));
              group.add(Chain.failAfterYield(new IllegalStateException("one")));
              group.add(Chain.failAfterYield(new IllegalStateException("two")));
              return group.join();
            });
    assertInstanceOf(TaskGroupException.class, join.exceptionNow());
    assertTrue(tasks.get(0).isCancelled());
  }

  @Test
  void cancellingTheJoinCancelsEveryTask() {
    List<String> log = new ArrayList<>();
    Task<List<Integer>> join =
        Run.toEnd(
            () -> {
              TaskGroup<Integer> group = TaskGroup.failFast();
              group.add(Chain.sleepThen(LONG, log, "a"));
              group.add(Chain.sleepThen(LONG, log, "b"));
              Task<List<Integer>> j = group.join();
              EventLoop.current().callSoon(j::cancel);
              return j;
            });
    assertTrue(join.isCancelled());
    assertEquals(List.of("a:start", "b:start", "a:finally", "b:finally"), log);
  }

  @Test
  void closingWithoutJoinCancelsWhatRuns() {
    List<String> log = new ArrayList<>();
    List<Task<?>> tasks = new ArrayList<>();
    EventLoop.run(
        () -> {
          TaskGroup<Integer> group = TaskGroup.failFast();
          try (group) {
            tasks.add(group.add(Chain.sleepThen(LONG, log, "a")));
          }
          tasks.add(group.join());
          assertThrows(IllegalStateException.class, TaskGroupTest::addAfterClose);
          return Tasks.gatherReturningExceptions(tasks);
        });
    assertEquals(List.of("a:start", "a:finally"), log);
    assertTrue(tasks.get(0).isCancelled());
    assertTrue(tasks.get(1).isCancelled(), "join reports the cancellation made by close");
  }

  private static Object addAfterClose() {
    TaskGroup<Integer> group = TaskGroup.failFast();
    group.close();
    return group.add(Task.of(1));
  }
}
