package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.handwritten.Chain;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starting, awaiting, returning and failing: the life of a task without cancellation. */
@org.junit.jupiter.api.extension.ExtendWith(FailOnUncaught.class)
class TaskTest {
  @Test
  void aTaskStartsEagerlyUpToItsFirstSuspension() {
    List<String> log = new ArrayList<>();
    EventLoop.run(
        () -> {
          Task<Integer> task = Chain.sleepThen(Duration.ofMillis(1), log, "a");
          log.add("start() returned");
          assertFalse(task.isDone());
          return task;
        });
    assertEquals(List.of("a:start", "start() returned", "a:finally", "a:end"), log);
  }

  @Test
  void awaitingADoneTaskDoesNotSuspend() {
    EventLoop.run(
        () -> {
          Task<Integer> task = Chain.awaitPrevious(Task.of(41));
          assertTrue(task.isDone(), "finished inside start()");
          assertEquals(42, task.resultNow());
          return task;
        });
  }

  @Test
  void sameMomentResumptionsInterleaveInFifoOrder() {
    List<String> log = new ArrayList<>();
    EventLoop.run(() -> Tasks.gather(Chain.ticker(3, log, "a"), Chain.ticker(3, log, "b")));
    assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "b2"), log);
  }

  @Test
  void sleepsEndInDeadlineOrder() {
    List<String> log = new ArrayList<>();
    EventLoop.run(
        () ->
            Tasks.gather(
                Chain.sleepThen(Duration.ofMillis(30), log, "slow"),
                Chain.sleepThen(Duration.ofMillis(1), log, "fast"),
                Chain.sleepThen(Duration.ZERO, log, "zero")));
    assertEquals(List.of("zero:end", "fast:end", "slow:end"), ends(log));
  }

  @Test
  void yieldAndZeroSleepAllocateNothing() {
    EventLoop.run(
        () -> {
          assertSame(Tasks.yieldNow(), Tasks.sleep(Duration.ZERO));
          assertSame(Tasks.yieldNow(), Tasks.sleep(Duration.ofMillis(-5)));
          assertTrue(Tasks.yieldNow().isDone());
          return Task.done();
        });
  }

  @Test
  void returnOfATaskAdoptsItsOutcome() {
    assertEquals("done", EventLoop.run(() -> Chain.adopt(Task.of("done"))));
    assertEquals(2, EventLoop.run(() -> Chain.adopt(Chain.addAfterYield(1, 1))));
    IOException failure = new IOException("disk");
    assertSame(
        failure,
        assertThrows(
            IOException.class,
            () -> EventLoop.run(() -> Chain.adopt(Chain.failAfterYield(failure)))));
  }

  @Test
  void exceptionsAreRethrownUnwrappedCheckedOrNot() {
    IOException checked = new IOException("io");
    assertSame(
        checked,
        assertThrows(
            IOException.class,
            () -> EventLoop.run(() -> Chain.awaitPrevious(Chain.failAfterYield(checked)))));
    Error error = new AssertionError("an Error too");
    assertSame(
        error,
        assertThrows(
            AssertionError.class,
            () -> EventLoop.run(() -> Chain.awaitPrevious(Chain.failAfterYield(error)))));
  }

  @Test
  void aChainOfAHundredThousandAwaitingTasksCompletes() {
    int length = 100_000;
    int result =
        EventLoop.run(
            () -> {
              Promise<Integer> first = new Promise<>();
              Task<Integer> last = first;
              for (int i = 0; i < length; i++) {
                last = Chain.awaitPrevious(last);
              }
              EventLoop.current().callSoon(() -> first.complete(0));
              return last;
            });
    assertEquals(length, result);
  }

  @Test
  void asyncRecursionAHundredThousandDeepCompletes() {
    assertEquals(100_000L, EventLoop.run(() -> Chain.countDown(100_000)));
  }

  @Test
  void namesSayWhatATaskRuns() {
    EventLoop.run(
        () -> {
          Task<Integer> task = Chain.addAfterYield(1, 2);
          assertTrue(task.name().startsWith("Chain.addAfterYield@"), task.name());
          assertTrue(task.toString().endsWith("[pending]"), task.toString());
          return task;
        });
    assertTrue(Task.of(3).toString().contains("succeeded: 3"));
  }

  @Test
  void currentAndAllDescribeTheRunningTasks() {
    List<Object> seen = new ArrayList<>();
    EventLoop.run(
        () -> {
          assertNull(Tasks.current(), "no task runs in the callback that calls main");
          Task<Integer> sleeper = Chain.sleepThen(Duration.ofMillis(1), new ArrayList<>(), "s");
          Task<Integer> ticker = Chain.addAfterYield(1, 2);
          seen.addAll(Tasks.all());
          return Tasks.gather(sleeper, ticker);
        });
    assertEquals(2, seen.size());
    assertTrue(seen.get(0).toString().startsWith("Chain.SleepThen@"), seen.toString());
    Task<?> inside = EventLoop.run(Chain::whoAmI);
    assertTrue(inside.name().startsWith("Chain.whoAmI"), inside.name());
  }

  @Test
  void whenDoneCallbacksRunLaterInRegistrationOrder() {
    List<String> log = new ArrayList<>();
    EventLoop.run(
        () -> {
          Promise<String> promise = new Promise<>();
          promise.whenDone(t -> log.add("first " + t.resultNow()));
          promise.whenDone(t -> log.add("second"));
          promise.complete("x");
          log.add("completed");
          Task.of(1).whenDone(t -> log.add("already done"));
          return Chain.addAfterYield(0, 0);
        });
    assertEquals(List.of("completed", "first x", "second", "already done"), log);
  }

  @Test
  void toCompletableFutureCarriesTheOutcome() {
    IllegalStateException failure = new IllegalStateException("f");
    EventLoop.run(
        () -> {
          Task<Integer> ok = Chain.addAfterYield(1, 1);
          var okFuture = ok.toCompletableFuture();
          var failedFuture = Chain.failAfterYield(failure).toCompletableFuture();
          return Chain.adopt(
              Run.fromFuture(
                  okFuture.thenCombine(
                      failedFuture.handle((v, e) -> e),
                      (value, exception) -> {
                        assertSame(failure, exception);
                        return value;
                      })));
        });
  }

  @Test
  void awaitingAFutureCompletedOnAnotherThreadResumesOnTheLoopThread() {
    Thread[] loopThread = new Thread[1];
    String value =
        EventLoop.run(
            () -> {
              loopThread[0] = Thread.currentThread();
              java.util.concurrent.CompletableFuture<String> future =
                  java.util.concurrent.CompletableFuture.supplyAsync(() -> "from elsewhere");
              return Chain.guarded(Run.fromFuture(future), new ArrayList<>(), "f");
            });
    assertEquals("from elsewhere", value);
  }

  static List<String> ends(List<String> log) {
    List<String> ends = new ArrayList<>();
    for (String entry : log) {
      if (entry.endsWith(":end")) {
        ends.add(entry);
      }
    }
    return ends;
  }
}
