package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.handwritten.Chain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 2: everything due in one loop iteration takes effect in (deadline,
 * registration) order, whatever kind of timer it is: a {@code callLater} callback, a {@code
 * waitFor} deadline, a timeout scope, a sleep. Before, internal timers acted inline while user
 * callbacks were queued behind them, so a value that arrived in time lost to the timeout.
 */
@org.junit.jupiter.api.extension.ExtendWith(FailOnUncaught.class)
class TimerOrderTest {
  private static final Duration DELAY = Duration.ofMillis(5);

  @Test
  void aCallbackDueAtTheSameInstantAndRegisteredFirstBeatsWaitFor() {
    assertEquals("in time", awaitCallbacksValue(promise -> Tasks.waitFor(promise, DELAY)));
  }

  @Test
  void aCallbackDueAtTheSameInstantAndRegisteredFirstBeatsATimeoutScope() {
    assertEquals(
        "in time",
        awaitCallbacksValue(promise -> Chain.withinTimeout(DELAY, promise, new ArrayList<>())));
  }

  /**
   * Under virtual time: a callLater that completes a promise, then {@code waiting} on that
   * promise with a deadline at the same instant; the outcome of {@code waiting}.
   */
  private static String awaitCallbacksValue(
      java.util.function.Function<Promise<String>, Task<String>> waiting) {
    try (EventLoop loop = EventLoop.withVirtualTime()) {
      return loop.runUntilComplete(
          () -> {
            Promise<String> promise = new Promise<>();
            loop.callLater(DELAY, () -> promise.complete("in time"));
            return waiting.apply(promise);
          });
    }
  }

  @Test
  void aCallbackDueAtTheSameInstantAndRegisteredFirstRunsBeforeASleepEnds() {
    try (EventLoop loop = EventLoop.withVirtualTime()) {
      Task<?>[] sleep = new Task<?>[1];
      boolean[] cancelled = new boolean[1];
      loop.runUntilComplete(
          () -> {
            loop.callLater(DELAY, () -> cancelled[0] = sleep[0].cancel());
            sleep[0] = Tasks.sleep(DELAY);
            return Tasks.gatherReturningExceptions(sleep[0]);
          });
      assertTrue(cancelled[0], "the callback came first, while the sleep was still pending");
      assertTrue(sleep[0].isCancelled());
    }
  }

  @Test
  void aTimeoutRegisteredFirstStillWinsAtTheSameInstant() {
    try (EventLoop loop = EventLoop.withVirtualTime()) {
      List<String> log = new ArrayList<>();
      Task<String>[] wait = newArray();
      loop.runUntilComplete(
          () -> {
            Promise<String> promise = new Promise<>();
            wait[0] = Tasks.waitFor(promise, DELAY);
            loop.callLater(DELAY, () -> log.add("late: " + promise.complete("too late")));
            return Tasks.gatherReturningExceptions(wait[0]);
          });
      assertTrue(wait[0].exceptionNow() instanceof TaskTimeoutException, wait[0].toString());
      assertEquals(List.of("late: false"), log);
    }
  }

  /**
   * A callback due <em>before</em> a waitFor deadline, both reached in one iteration because the
   * loop thread was busy past both (a callback that spins on the loop's clock: no sleeping, and
   * the outcome does not depend on how long anything takes).
   */
  @Test
  void aCallbackDueFirstBeatsWaitForWhenBothComeDueInOneIteration() {
    try (EventLoop loop = new EventLoop()) {
      String value =
          loop.runUntilComplete(
              () -> {
                Promise<String> promise = new Promise<>();
                Task<String> wait = Tasks.waitFor(promise, Duration.ofMillis(20));
                long due = loop.time() + Duration.ofMillis(1).toNanos();
                loop.callAt(due, () -> promise.complete("in time"));
                // Keeps the loop thread busy past both deadlines in this same callback, so that
                // the next iteration finds both due at once.
                long past = loop.time() + Duration.ofMillis(40).toNanos();
                while (loop.time() - past < 0) {
                  Thread.onSpinWait();
                }
                return wait;
              });
      assertEquals("in time", value);
    }
  }

  @Test
  void dueTimersOfEveryKindTakeEffectInDeadlineThenRegistrationOrder() {
    List<String> log = new ArrayList<>();
    try (EventLoop loop = EventLoop.withVirtualTime()) {
      loop.runUntilComplete(
          () -> {
            Promise<String> a = new Promise<>();
            Promise<String> b = new Promise<>();
            loop.callLater(DELAY, () -> log.add("callback 1"));
            Task<Void> sleep = Tasks.sleep(DELAY);
            sleep.whenDone(t -> log.add("sleep done"));
            Task<String> waitA = Tasks.waitFor(a, DELAY);
            waitA.whenDone(t -> log.add("waitFor a " + (t.isSucceeded() ? "value" : "timeout")));
            loop.callLater(DELAY, () -> log.add("callback 2: a " + a.complete("x")));
            loop.callLater(DELAY, () -> log.add("callback 3: b " + b.complete("y")));
            Task<String> waitB = Tasks.waitFor(b, DELAY);
            waitB.whenDone(t -> log.add("waitFor b " + (t.isSucceeded() ? "value" : "timeout")));
            return Tasks.gatherReturningExceptions(sleep, waitA, waitB);
          });
    }
    assertEquals(
        List.of(
            "callback 1",
            "callback 2: a false",
            "callback 3: b true",
            "sleep done",
            "waitFor a timeout",
            "waitFor b value"),
        log);
  }

  @SuppressWarnings("unchecked")
  private static <T> Task<T>[] newArray() {
    return new Task[1];
  }
}
