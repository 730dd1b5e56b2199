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

  /**
   * 100,000 races between a value and a deadline under virtual time, with random delays (0 to 3
   * ms) and a random registration order, through waitFor and through a timeout scope: each ends
   * exactly as (deadline, registration) order says, and no value is lost (a completion that
   * returned true is always delivered; a timeout always means the value came too late).
   */
  @Test
  void aHundredThousandRacesOfValueAndDeadlineEndInDeadlineOrderAndLoseNothing() {
    int trials = 100_000;
    int[] outcomes = new int[2]; // values, timeouts
    try (EventLoop loop = EventLoop.withVirtualTime()) {
      loop.runUntilComplete(
          () -> {
            Promise<Void> allDone = new Promise<>();
            raceInBatches(loop, new java.util.SplittableRandom(17), 0, trials, outcomes, allDone);
            return allDone;
          });
    }
    assertEquals(trials, outcomes[0] + outcomes[1]);
    assertTrue(
        outcomes[0] > trials / 4 && outcomes[1] > trials / 4, outcomes[0] + " / " + outcomes[1]);
  }

  /** Runs the races from {@code first} on, 10,000 at a time, so that few are alive at once. */
  private static void raceInBatches(
      EventLoop loop,
      java.util.SplittableRandom random,
      int first,
      int trials,
      int[] outcomes,
      Promise<Void> allDone) {
    int end = Math.min(trials, first + 10_000);
    List<Task<Void>> checks = new ArrayList<>();
    for (int i = first; i < end; i++) {
      checks.add(race(loop, random, i, outcomes));
    }
    Tasks.gather(checks)
        .whenDone(
            batch -> {
              if (!batch.isSucceeded()) {
                allDone.fail(batch.exceptionNow());
              } else if (end < trials) {
                raceInBatches(loop, random, end, trials, outcomes, allDone);
              } else {
                allDone.complete(null);
              }
            });
  }

  private static boolean isTimeout(Object outcome) {
    return outcome instanceof TaskTimeoutException || "timed out".equals(outcome);
  }

  /** One race: a deadline {@code limit} ms away against a value {@code arrival} ms away. */
  private static Task<Void> race(
      EventLoop loop, java.util.SplittableRandom random, int trial, int[] outcomes) {
    Duration limit = Duration.ofMillis(random.nextInt(4));
    Duration arrival = Duration.ofMillis(random.nextInt(4));
    boolean valueRegisteredFirst = random.nextBoolean();
    boolean scope = random.nextBoolean();
    boolean valueFirst =
        arrival.compareTo(limit) < 0 || (arrival.equals(limit) && valueRegisteredFirst);
    Promise<String> promise = new Promise<>();
    boolean[] delivered = new boolean[1];
    Runnable deliver = () -> delivered[0] = promise.complete("v" + trial);
    if (valueRegisteredFirst) {
      loop.callLater(arrival, deliver);
    }
    Task<String> waiting =
        scope
            ? Chain.withinTimeout(limit, promise, new ArrayList<>())
            : Tasks.waitFor(promise, limit);
    if (!valueRegisteredFirst) {
      loop.callLater(arrival, deliver);
    }
    Promise<Void> checked = new Promise<>();
    // A zero waitFor limit times out at once, before any callback: the value cannot win then.
    boolean expectValue = valueFirst && !(limit.isZero() && !scope);
    String where = "trial " + trial + " limit " + limit + " arrival " + arrival + " scope " + scope;
    Tasks.gatherReturningExceptions(waiting)
        .whenDone(
            ended -> {
              Object outcome = ended.resultNow().get(0);
              if (expectValue ? !("v" + trial).equals(outcome) : !isTimeout(outcome)) {
                checked.fail(new AssertionError(where + ": " + outcome));
                return;
              }
              outcomes[expectValue ? 0 : 1]++;
              // Nothing lost: a value handed over was delivered, and a timeout means it was not.
              loop.callLater(
                  Duration.ofMillis(5),
                  () -> {
                    if (delivered[0] == expectValue) {
                      checked.complete(null);
                    } else {
                      checked.fail(new AssertionError(where + ": complete() gave " + delivered[0]));
                    }
                  });
            });
    return checked;
  }

  @SuppressWarnings("unchecked")
  private static <T> Task<T>[] newArray() {
    return new Task[1];
  }
}
