package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.handwritten.Chain;
import dev.weft.internal.LoopCore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cancel() only requests; the loop delivers at an await; the request travels down the chain. */
@org.junit.jupiter.api.extension.ExtendWith(FailOnUncaught.class)
class CancellationTest {
  private static final Duration LONG = Duration.ofHours(1);

  @Test
  void cancelOnlyRequestsAndTheLoopDeliversAtTheAwait() {
    List<String> log = new ArrayList<>();
    Task<Integer> task =
        Run.toEnd(
            () -> {
              Task<Integer> sleeper = Chain.sleepThen(LONG, log, "s");
              assertTrue(sleeper.cancel());
              log.add("cancel() returned");
              assertFalse(sleeper.isDone(), "nothing is delivered inside cancel()");
              return sleeper;
            });
    assertEquals(List.of("s:start", "cancel() returned", "s:finally"), log);
    assertTrue(task.isCancelled());
    assertFalse(task.cancel(), "a done task cannot be cancelled");
    assertThrows(CancelledException.class, task::join);
  }

  @Test
  void cancellationPropagatesDownTheAwaitChain() {
    List<String> log = new ArrayList<>();
    List<Task<?>> chain = new ArrayList<>();
    assertThrows(
        CancelledException.class,
        () ->
            EventLoop.run(
                () -> {
                  Task<Integer> bottom = Chain.sleepThen(LONG, log, "bottom");
                  Task<Integer> middle = Chain.guarded(bottom, log, "middle");
                  Task<Integer> top = Chain.guarded(middle, log, "top");
                  chain.addAll(List.of(bottom, middle, top));
                  EventLoop.current().callSoon(top::cancel);
                  return top;
                }));
    assertEquals(
        List.of(
            "bottom:start",
            "bottom:finally",
            "middle:cancelled",
            "middle:finally",
            "top:cancelled",
            "top:finally"),
        log);
    for (Task<?> task : chain) {
      assertTrue(task.isCancelled(), task.toString());
    }
  }

  @Test
  void aTaskMaySwallowItsCancellation() {
    List<String> log = new ArrayList<>();
    Task<Integer> task =
        Run.toEnd(
            () -> {
              Task<Integer> swallowing = Chain.orElse(Chain.sleepThen(LONG, log, "s"), -1);
              EventLoop.current().callSoon(swallowing::cancel);
              return swallowing;
            });
    assertEquals(-1, task.resultNow());
    assertFalse(task.isCancelled(), "it caught the CancelledException and returned a value");
  }

  @Test
  void aTaskThatCancelsItselfPassesTheRequestToWhatItAwaitsNext() {
    List<String> log = new ArrayList<>();
    Task<?>[] sleeper = new Task<?>[1];
    Task<String> task =
        Run.toEnd(
            () -> {
              sleeper[0] = Tasks.sleep(LONG);
              return Chain.cancelSelfThenAwait(sleeper[0], log);
            });
    assertEquals(List.of("still running"), log);
    assertTrue(sleeper[0].isCancelled(), "the awaited sleep was cancelled at once");
    assertTrue(task.isCancelled());
  }

  @Test
  void aCancellationIsDeliveredAtTheNextAwaitEvenOfADoneTask() {
    List<String> log = new ArrayList<>();
    Task<String> task = Run.toEnd(() -> Chain.cancelSelfThenAwait(Task.of("done already"), log));
    assertTrue(task.isCancelled(), "delivered at the await of a done task");
    assertEquals(List.of("still running"), log);
  }

  @Test
  void aTaskCancelledBeforeItsQueuedStartNeverRuns() {
    List<String> log = new ArrayList<>();
    Task<?>[] queued = new Task<?>[1];
    EventLoop.run(
        () ->
            Chain.nestThen(
                // At the bottom, eager starts are nested as deep as they may be: one more is
                // queued.
                LoopCore.MAX_EAGER_DEPTH - 1,
                () -> {
                  queued[0] = Chain.sleepThen(Duration.ofMillis(1), log, "queued");
                  assertTrue(log.isEmpty(), "the start was queued, not run");
                  assertTrue(queued[0].cancel());
                }));
    assertTrue(queued[0].isCancelled());
    assertEquals(List.of(), log, "its body never ran");
  }

  @Test
  void cancellingAFinishedTaskOrAYieldIsHarmless() {
    EventLoop.run(
        () -> {
          assertFalse(Task.of(1).cancel());
          assertFalse(Tasks.yieldNow().cancel());
          return Task.done();
        });
  }

  @Test
  void cancellingAPromiseEndsItAtOnceAndResumesItsAwaiterLater() {
    List<String> log = new ArrayList<>();
    EventLoop.run(
        () -> {
          Promise<String> promise = new Promise<>();
          Task<String> waiter = Chain.guarded(promise, log, "w");
          assertTrue(promise.cancel());
          assertTrue(promise.isCancelled());
          assertEquals(List.of(), log, "the awaiter resumes in a later iteration");
          return Chain.orElse(waiter, "x");
        });
    assertEquals(List.of("w:cancelled", "w:finally"), log);
  }

  @Test
  void runCancelsLeftoverTasksAndTheirFinallyRuns() {
    List<String> log = new ArrayList<>();
    Task<?>[] leftover = new Task<?>[1];
    int value =
        EventLoop.run(
            () -> {
              leftover[0] = Chain.sleepThen(LONG, log, "leftover");
              return Chain.addAfterYield(1, 2);
            });
    assertEquals(3, value);
    assertEquals(List.of("leftover:start", "leftover:finally"), log);
    assertTrue(leftover[0].isCancelled());
  }

  @Test
  void runCancelsLeftoverTasksAfterAFailureToo() {
    List<String> log = new ArrayList<>();
    IllegalStateException failure = new IllegalStateException("main failed");
    assertThrows(
        IllegalStateException.class,
        () ->
            EventLoop.run(
                () -> {
                  Chain.slowCleanup(LONG, log);
                  return Chain.failAfterYield(failure);
                }));
    assertEquals(List.of("cleanup done"), log, "an await inside finally still ran");
  }
}
