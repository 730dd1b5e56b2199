package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.handwritten.Chain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gather, waitFor, shield, wait and asCompleted: success, failure and cancellation. */
@org.junit.jupiter.api.extension.ExtendWith(FailOnUncaught.class)
class CombinatorTest {
  private static final Duration LONG = Duration.ofHours(1);

  /** Completes {@code promises[i]} with {@code values[i]}, one per loop iteration, in order. */
  @SafeVarargs
  private static <T> void completeLater(List<Promise<T>> promises, T... values) {
    EventLoop loop = EventLoop.current();
    loop.callSoon(
        () -> {
          if (!promises.isEmpty()) {
            promises.get(0).complete(values[0]);
            completeLater(
                promises.subList(1, promises.size()), Arrays.copyOfRange(values, 1, values.length));
          }
        });
  }

  // --- gather ------------------------------------------------------------------------------

  @Test
  void gatherGivesValuesInArgumentOrderWhateverTheCompletionOrder() {
    List<String> values =
        EventLoop.run(
            () -> {
              Promise<String> a = new Promise<>();
              Promise<String> b = new Promise<>();
              Promise<String> c = new Promise<>();
              completeLater(List.of(c, a, b), "c", "a", "b");
              return Tasks.gather(a, b, c, Task.of("done"));
            });
    assertEquals(List.of("a", "b", "c", "done"), values);
  }

  @Test
  void gatherOfNothingIsAnEmptyList() {
    assertEquals(List.of(), EventLoop.run(() -> Tasks.gather(List.<Task<String>>of())));
  }

  @Test
  void gatherFailsFastAndLeavesTheOthersRunning() {
    IllegalStateException failure = new IllegalStateException("first");
    List<String> log = new ArrayList<>();
    List<Task<?>> tasks = new ArrayList<>();
    EventLoop.run(
        () -> {
          Promise<Integer> sibling = new Promise<>();
          Task<List<Integer>> gather = Tasks.gather(Chain.failAfterYield(failure), sibling);
          Task<List<Integer>> awaiter = Chain.guarded(gather, log, "gather");
          Task<Integer> siblingAwaiter = Chain.guarded(sibling, log, "sibling");
          tasks.addAll(List.of(gather, sibling));
          completeLater(List.of(new Promise<>(), new Promise<>(), sibling), 0, 0, 7);
          return Tasks.gatherReturningExceptions(awaiter, siblingAwaiter);
        });
    assertSame(failure, tasks.get(0).exceptionNow());
    assertTrue(tasks.get(1).isSucceeded(), "not cancelled by the failure");
    assertEquals(List.of("gather:finally", "sibling:value 7", "sibling:finally"), log);
  }

  @Test
  void cancellingAGatherCancelsItsChildrenAndWaitsForThem() {
    List<String> log = new ArrayList<>();
    List<Task<?>> children = new ArrayList<>();
    Task<List<Object>> gather =
        Run.toEnd(
            () -> {
              Task<String> a = Chain.slowCleanup(LONG, log);
              Task<Integer> b = Chain.sleepThen(LONG, log, "b");
              children.addAll(List.of(a, b));
              Task<List<Object>> g = Tasks.gather(List.<Task<?>>of(a, b));
              EventLoop.current().callSoon(g::cancel);
              return Chain.guarded(g, log, "awaiter");
            });
    assertTrue(gather.isCancelled());
    assertEquals(
        List.of("b:start", "b:finally", "cleanup done", "awaiter:cancelled", "awaiter:finally"),
        log);
    for (Task<?> child : children) {
      assertTrue(child.isCancelled(), child.toString());
    }
  }

  @Test
  void cancellingTheAwaiterOfAGatherCancelsTheChildren() {
    List<String> log = new ArrayList<>();
    Task<Integer> child =
        Run.toEnd(
                () -> {
                  Task<Integer> c = Chain.sleepThen(LONG, log, "child");
                  Task<List<Integer>> awaiter = Chain.guarded(Tasks.gather(c), log, "awaiter");
                  EventLoop.current().callSoon(awaiter::cancel);
                  return Task.of(c);
                })
            .resultNow();
    assertTrue(child.isCancelled());
    assertEquals(
        List.of("child:start", "child:finally", "awaiter:cancelled", "awaiter:finally"), log);
  }

  @Test
  void aCancelledChildMakesTheGatherCancelled() {
    Task<List<Integer>> gather =
        Run.toEnd(
            () -> {
              Task<Integer> child = Chain.sleepThen(LONG, new ArrayList<>(), "c");
              EventLoop.current().callSoon(child::cancel);
              return Tasks.gather(child, Task.of(1));
            });
    assertTrue(gather.isCancelled());
  }

  @Test
  void gatherReturningExceptionsPutsThemInTheirSlots() {
    IllegalArgumentException failure = new IllegalArgumentException("bad");
    List<Object> results =
        EventLoop.run(
            () -> {
              Task<Integer> cancelled = Chain.sleepThen(LONG, new ArrayList<>(), "c");
              EventLoop.current().callSoon(cancelled::cancel);
              return Tasks.gatherReturningExceptions(
                  Chain.addAfterYield(1, 2),
                  Chain.failAfterYield(failure),
                  cancelled,
                  Task.of(null));
            });
    assertEquals(4, results.size());
    assertEquals(3, results.get(0));
    assertSame(failure, results.get(1));
    assertInstanceOf(CancelledException.class, results.get(2));
    assertEquals(null, results.get(3));
  }

  @Test
  void gatherHandlesAMillionChildren() {
    int count = 1_000_000;
    List<Integer> values =
        EventLoop.run(
            () -> {
              List<Promise<Integer>> promises = new ArrayList<>(count);
              for (int i = 0; i < count; i++) {
                promises.add(new Promise<>());
              }
              Task<List<Integer>> gather = Tasks.gather(promises);
              EventLoop.current()
                  .callSoon(
                      () -> {
                        for (int i = count - 1; i >= 0; i--) {
                          promises.get(i).complete(i);
                        }
                      });
              return gather;
            });
    assertEquals(count, values.size());
    for (int i = 0; i < count; i += 9_999) {
      assertEquals(i, values.get(i));
    }
  }

  @Test
  void gathersNestedAHundredThousandDeepComplete() {
    int depth = 100_000;
    List<?> outer =
        EventLoop.run(
            () -> {
              Promise<Object> innermost = new Promise<>();
              Task<?> task = innermost;
              for (int i = 0; i < depth; i++) {
                task = Tasks.gather(task);
              }
              EventLoop.current().callSoon(() -> innermost.complete("x"));
              @SuppressWarnings("unchecked")
              Task<List<?>> top = (Task<List<?>>) task;
              return top;
            });
    assertEquals(1, outer.size());
  }

  // --- waitFor -----------------------------------------------------------------------------

  @Test
  void waitForGivesTheValueInTime() {
    assertEquals(3, EventLoop.run(() -> Tasks.waitFor(Chain.addAfterYield(1, 2), LONG)));
    assertEquals(4, EventLoop.run(() -> Tasks.waitFor(Task.of(4), Duration.ZERO)));
    IllegalStateException failure = new IllegalStateException("x");
    assertSame(
        failure,
        assertThrows(
            IllegalStateException.class,
            () -> EventLoop.run(() -> Tasks.waitFor(Chain.failAfterYield(failure), LONG))));
  }

  @Test
  void waitForCancelsOnTimeoutAndWaitsForTheCancellationToFinish() {
    List<String> log = new ArrayList<>();
    Task<String>[] inner = newArray();
    Task<String> wait =
        Run.toEnd(
            () -> {
              inner[0] = Chain.slowCleanup(LONG, log);
              Task<String> w = Tasks.waitFor(inner[0], Duration.ofMillis(1));
              Chain.guarded(w, log, "awaiter");
              return w;
            });
    TaskTimeoutException timeout =
        assertInstanceOf(TaskTimeoutException.class, wait.exceptionNow());
    assertInstanceOf(CancelledException.class, timeout.getCause());
    assertTrue(inner[0].isCancelled());
    assertEquals(List.of("cleanup done", "awaiter:finally"), log, "cleanup finished first");
  }

  @Test
  void waitForWithAZeroTimeoutCancelsAPendingTaskAtOnce() {
    Task<Integer> wait =
        Run.toEnd(
            () -> Tasks.waitFor(Chain.sleepThen(LONG, new ArrayList<>(), "s"), Duration.ZERO));
    assertInstanceOf(TaskTimeoutException.class, wait.exceptionNow());
  }

  @Test
  void aTaskThatIgnoresTheTimeoutsCancellationKeepsItsValue() {
    assertEquals(
        -1,
        EventLoop.run(
            () ->
                Tasks.waitFor(
                    Chain.orElse(Chain.sleepThen(LONG, new ArrayList<>(), "s"), -1),
                    Duration.ofMillis(1))));
  }

  @Test
  void cancellingWaitForCancelsTheInnerTask() {
    List<String> log = new ArrayList<>();
    Task<Integer>[] inner = newArray();
    Task<Integer> wait =
        Run.toEnd(
            () -> {
              inner[0] = Chain.sleepThen(LONG, log, "inner");
              Task<Integer> w = Tasks.waitFor(inner[0], LONG);
              EventLoop.current().callSoon(w::cancel);
              return w;
            });
    assertTrue(wait.isCancelled());
    assertTrue(inner[0].isCancelled());
    assertEquals(List.of("inner:start", "inner:finally"), log);
  }

  // --- shield ------------------------------------------------------------------------------

  @Test
  void shieldKeepsTheInnerTaskRunningWhenTheAwaiterIsCancelled() {
    List<String> log = new ArrayList<>();
    List<Task<Integer>> tasks = new ArrayList<>();
    EventLoop.run(
        () -> {
          Promise<Integer> work = new Promise<>();
          Task<Integer> inner = Chain.guarded(work, log, "inner");
          Task<Integer> awaiter = Chain.guarded(Tasks.shield(inner), log, "awaiter");
          tasks.addAll(List.of(inner, awaiter));
          EventLoop.current().callSoon(awaiter::cancel);
          completeLater(List.of(new Promise<>(), work), 0, 5);
          return Tasks.gatherReturningExceptions(inner, awaiter);
        });
    assertTrue(tasks.get(0).isSucceeded(), tasks.get(0).toString());
    assertTrue(tasks.get(1).isCancelled());
    assertEquals(
        List.of("awaiter:cancelled", "awaiter:finally", "inner:value 5", "inner:finally"), log);
  }

  @Test
  void shieldOfADoneTaskIsThatTask() {
    EventLoop.run(
        () -> {
          Task<Integer> done = Task.of(1);
          assertSame(done, Tasks.shield(done));
          return Task.done();
        });
  }

  @Test
  void shieldPassesOnTheOutcome() {
    assertEquals(3, EventLoop.run(() -> Tasks.shield(Chain.addAfterYield(1, 2))));
  }

  // --- wait --------------------------------------------------------------------------------

  @Test
  void waitFirstCompletedSplitsDoneAndPending() {
    WaitResult<Integer> result =
        EventLoop.run(
            () -> {
              Promise<Integer> slow = new Promise<>();
              Task<Integer> fast = Chain.addAfterYield(1, 1);
              return Tasks.wait(List.of(slow, fast), ReturnWhen.FIRST_COMPLETED);
            });
    assertEquals(1, result.done().size());
    assertEquals(1, result.pending().size());
    assertTrue(result.done().iterator().next().isDone());
    assertFalse(result.pending().iterator().next().isDone());
  }

  @Test
  void waitFirstExceptionIgnoresValuesAndCancellations() {
    IllegalStateException failure = new IllegalStateException("f");
    WaitResult<Integer> result =
        EventLoop.run(
            () -> {
              Task<Integer> value = Chain.addAfterYield(1, 1);
              Task<Integer> cancelled = Chain.sleepThen(LONG, new ArrayList<>(), "c");
              cancelled.cancel();
              Task<Integer> failing = Chain.adopt(Chain.adopt(Chain.failAfterYield(failure)));
              Task<Integer> pending = Chain.sleepThen(LONG, new ArrayList<>(), "p");
              return Tasks.wait(
                  List.of(value, cancelled, failing, pending), ReturnWhen.FIRST_EXCEPTION);
            });
    assertEquals(3, result.done().size());
    assertEquals(1, result.pending().size());
  }

  @Test
  void waitAllCompletedWaitsForEveryTask() {
    WaitResult<Integer> result =
        EventLoop.run(
            () ->
                Tasks.wait(
                    List.of(Chain.addAfterYield(1, 1), Chain.failAfterYield(new Exception())),
                    ReturnWhen.ALL_COMPLETED));
    assertEquals(2, result.done().size());
    assertTrue(result.pending().isEmpty());
  }

  @Test
  void waitWithATimeoutReturnsWhatIsDoneByThen() {
    List<String> log = new ArrayList<>();
    WaitResult<Integer> result =
        EventLoop.run(
            () ->
                Tasks.wait(
                    List.of(Chain.addAfterYield(1, 1), Chain.sleepThen(LONG, log, "slow")),
                    ReturnWhen.ALL_COMPLETED,
                    Duration.ofMillis(1)));
    assertEquals(1, result.done().size());
    assertEquals(1, result.pending().size());
    assertEquals(List.of("slow:start", "slow:finally"), log, "left running, then run's cleanup");
  }

  @Test
  void waitNeedsTasks() {
    EventLoop.run(
        () -> {
          assertThrows(
              IllegalArgumentException.class,
              () -> Tasks.wait(List.<Task<Integer>>of(), ReturnWhen.ALL_COMPLETED));
          return Task.done();
        });
  }

  @Test
  void cancellingAWaitLeavesTheTasksRunning() {
    List<Task<?>> tasks = new ArrayList<>();
    EventLoop.run(
        () -> {
          Task<Integer> inner = Chain.sleepThen(Duration.ofMillis(1), new ArrayList<>(), "inner");
          Task<WaitResult<Integer>> wait = Tasks.wait(List.of(inner), ReturnWhen.ALL_COMPLETED);
          assertTrue(wait.cancel());
          tasks.addAll(List.of(inner, wait));
          return Tasks.gatherReturningExceptions(inner, wait);
        });
    assertTrue(tasks.get(0).isSucceeded());
    assertTrue(tasks.get(1).isCancelled());
  }

  // --- asCompleted -------------------------------------------------------------------------

  @Test
  void asCompletedGivesOutcomesInCompletionOrder() {
    List<String> order =
        EventLoop.run(
            () -> {
              Promise<String> a = new Promise<>();
              Promise<String> b = new Promise<>();
              Promise<String> c = new Promise<>();
              completeLater(List.of(b, c, a), "b", "c", "a");
              return Chain.inCompletionOrder(List.of(a, b, Task.of("done"), c));
            });
    assertEquals(List.of("done", "b", "c", "a"), order);
  }

  @Test
  void asCompletedTimesOutWhatIsLeft() {
    List<Object> outcomes =
        EventLoop.run(
            () -> {
              Promise<String> never = new Promise<>();
              var sequence =
                  Tasks.asCompleted(List.of(never, Task.of("early"), never), Duration.ofMillis(1))
                      .iterator();
              Task<String> first = sequence.next();
              assertEquals("early", first.resultNow(), "a known completion comes out done");
              return Tasks.gatherReturningExceptions(first, sequence.next(), sequence.next());
            });
    assertEquals("early", outcomes.get(0));
    assertInstanceOf(TaskTimeoutException.class, outcomes.get(1));
    assertInstanceOf(TaskTimeoutException.class, outcomes.get(2));
  }

  @Test
  void aCancelledPlaceholderPassesItsCompletionToTheNextOne() {
    List<Object> outcomes =
        EventLoop.run(
            () -> {
              Promise<String> a = new Promise<>();
              Promise<String> b = new Promise<>();
              var sequence = Tasks.asCompleted(List.of(a, b)).iterator();
              Task<String> first = sequence.next();
              Task<String> second = sequence.next();
              first.cancel();
              completeLater(List.of(b), "b");
              return Tasks.gatherReturningExceptions(first, second);
            });
    assertInstanceOf(CancelledException.class, outcomes.get(0));
    assertEquals("b", outcomes.get(1));
  }

  @Test
  void asCompletedIsIteratedOnce() {
    EventLoop.run(
        () -> {
          Iterable<Task<Integer>> sequence = Tasks.asCompleted(List.of(Task.of(1)));
          sequence.iterator();
          assertThrows(IllegalStateException.class, sequence::iterator);
          return Task.done();
        });
  }

  @SuppressWarnings("unchecked")
  private static <T> Task<T>[] newArray() {
    return new Task[1];
  }
}
