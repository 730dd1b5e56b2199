package dev.weft.sync;

import static dev.weft.sync.Script.caught;
import static dev.weft.sync.Script.settle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EventLoop;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio's test_locks.ConditionTests, ported. */
class ConditionTest {
  private final List<String> log = new ArrayList<>();

  /**
   * <pre>{@code
   * await(condition.acquire());
   * try {
   *   await(condition.waitForSignal());
   *   log.add(name + " woke holding the lock: " + condition.isLocked());
   * } finally {
   *   condition.release();
   * }
   * }</pre>
   */
  private Task<Object> waiter(Condition condition, String name) {
    return Script.start(
        name,
        p -> condition.acquire(),
        p -> condition.waitForSignal(),
        caught(
            failure -> {
              log.add(
                  name
                      + (failure == null
                          ? " woke"
                          : " failed: " + failure.getClass().getSimpleName())
                      + ", lock held: "
                      + condition.isLocked());
              condition.release();
              return failure == null ? null : Task.failed((Throwable) failure);
            }));
  }

  /** Takes the lock, signals {@code n} waiters, releases the lock. */
  private Task<Object> signaller(Condition condition, int n) {
    return Script.start(
        "signal " + n,
        p -> condition.acquire(),
        p -> {
          condition.signal(n);
          condition.release();
          return null;
        });
  }

  @Test
  void waitingOrSignallingWithoutTheLockFails() {
    EventLoop.run(
        () -> {
          Condition condition = new Condition();
          assertThrows(IllegalStateException.class, condition::waitForSignal);
          assertThrows(IllegalStateException.class, condition::signal);
          assertThrows(IllegalStateException.class, condition::signalAll);
          IllegalStateException e =
              assertThrows(IllegalStateException.class, () -> condition.waitUntil(() -> false));
          assertTrue(e.getMessage().contains("needs the condition's lock"), e.getMessage());
          return Task.done();
        });
  }

  @Test
  void signalWakesWaitersInFifoOrderEachRetakingTheLock() {
    EventLoop.run(
        () -> {
          Condition condition = new Condition();
          waiter(condition, "a");
          waiter(condition, "b");
          waiter(condition, "c");
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertEquals(3, condition.waiting());
                assertFalse(condition.isLocked()); // every waiter released it
                return signaller(condition, 1);
              },
              p -> settle(),
              p -> {
                assertEquals(List.of("a woke, lock held: true"), log);
                return signaller(condition, 2);
              },
              p -> settle(),
              p -> {
                assertEquals(
                    List.of(
                        "a woke, lock held: true",
                        "b woke, lock held: true",
                        "c woke, lock held: true"),
                    log);
                assertFalse(condition.isLocked());
                return null;
              });
        });
  }

  @Test
  void signalAllWakesEveryone() {
    EventLoop.run(
        () -> {
          Condition condition = new Condition();
          waiter(condition, "a");
          waiter(condition, "b");
          return Script.start(
              "main",
              p -> settle(),
              p -> condition.acquire(),
              p -> {
                condition.signalAll();
                assertEquals(0, condition.waiting());
                condition.release();
                return settle();
              },
              p -> {
                assertEquals(List.of("a woke, lock held: true", "b woke, lock held: true"), log);
                return null;
              });
        });
  }

  /** asyncio's test_wait_cancel_contested: the lock is retaken before the cancellation ends it. */
  @Test
  void aCancelledWaitRetakesTheLockBeforeEnding() {
    EventLoop.run(
        () -> {
          Condition condition = new Condition();
          Task<Object> a = waiter(condition, "a");
          return Script.start(
              "main",
              p -> settle(),
              p -> condition.acquire(), // main holds the lock: a cannot retake it yet
              p -> {
                a.cancel();
                assertEquals(0, condition.waiting()); // left the line at once
                return settle();
              },
              p -> {
                assertFalse(a.isDone()); // still waiting for the lock
                assertTrue(log.isEmpty());
                condition.release();
                return settle();
              },
              p -> {
                assertEquals(List.of("a failed: CancelledException, lock held: true"), log);
                assertTrue(a.isCancelled());
                assertFalse(condition.isLocked());
                return null;
              });
        });
  }

  /** asyncio's test_cancelled_wakeup: a signal given to a cancelled waiter is passed on. */
  @Test
  void aWaiterCancelledAfterItsSignalPassesTheSignalOn() {
    EventLoop.run(
        () -> {
          Condition condition = new Condition();
          Task<Object> a = waiter(condition, "a");
          waiter(condition, "b");
          return Script.start(
              "main",
              p -> settle(),
              p -> condition.acquire(),
              p -> {
                condition.signal(); // to a...
                a.cancel(); // ...cancelled before it resumes
                condition.release();
                return settle();
              },
              p -> {
                assertEquals(
                    List.of(
                        "a failed: CancelledException, lock held: true", "b woke, lock held: true"),
                    log);
                return null;
              });
        });
  }

  @Test
  void waitUntilChecksThePredicateAfterEachSignal() {
    EventLoop.run(
        () -> {
          Condition condition = new Condition();
          List<Integer> items = new ArrayList<>();
          Task<Object> consumer =
              Script.start(
                  "consumer",
                  p -> condition.acquire(),
                  p -> condition.waitUntil(() -> items.size() >= 2),
                  p -> {
                    log.add("got " + items);
                    condition.release();
                    return null;
                  });
          Script.Step produce =
              p ->
                  Script.start(
                      "producer",
                      q -> condition.acquire(),
                      q -> {
                        items.add(items.size());
                        condition.signal();
                        condition.release();
                        return null;
                      });
          return Script.start(
              "main",
              p -> settle(),
              produce,
              p -> settle(),
              p -> {
                assertTrue(log.isEmpty());
                assertFalse(consumer.isDone());
                return settle();
              },
              produce,
              p -> consumer,
              p -> {
                assertEquals(List.of("got [0, 1]"), log);
                return null;
              });
        });
  }

  @Test
  void waitUntilATruePredicateDoesNotWait() {
    EventLoop.run(
        () -> {
          Condition condition = new Condition();
          Task<Void> done = condition.waitUntil(() -> true);
          assertSame(Task.done(), done);
          return Task.done();
        });
  }

  @Test
  void conditionsCanShareALock() {
    EventLoop.run(
        () -> {
          Lock lock = new Lock();
          Condition notEmpty = new Condition(lock);
          Condition notFull = new Condition(lock);
          assertSame(lock, notEmpty.lock());
          assertTrue(notFull.acquire().isDone());
          assertTrue(notEmpty.isLocked());
          notEmpty.release();
          assertFalse(lock.isLocked());
          return Task.done();
        });
  }
}
