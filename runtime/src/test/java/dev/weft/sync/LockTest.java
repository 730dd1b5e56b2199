package dev.weft.sync;

import static dev.weft.sync.Critical.critical;
import static dev.weft.sync.Script.caught;
import static dev.weft.sync.Script.settle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio's test_locks.LockTests, ported. */
class LockTest {
  private final List<String> log = new ArrayList<>();

  @Test
  void acquiringAFreeLockDoesNotSuspend() {
    EventLoop.run(
        () -> {
          Lock lock = new Lock();
          Task<Void> acquired = lock.acquire();
          assertTrue(acquired.isDone());
          assertTrue(lock.isLocked());
          assertFalse(lock.tryAcquire());
          lock.release();
          assertFalse(lock.isLocked());
          assertTrue(lock.tryAcquire());
          return Task.done();
        });
  }

  @Test
  void releasingAnUnlockedLockFails() {
    EventLoop.run(
        () -> {
          Lock lock = new Lock();
          IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
          assertTrue(e.getMessage().contains("not locked"), e.getMessage());
          return Task.done();
        });
  }

  @Test
  void waitersGetTheLockInFifoOrderAcrossAwaits() {
    EventLoop.run(
        () -> {
          Lock lock = new Lock();
          Promise<Void> gate = new Promise<>();
          critical(lock, log, "a", gate);
          critical(lock, log, "b", Script.turns(2));
          critical(lock, log, "c", Script.turns(1));
          critical(lock, log, "d", Task.done());
          assertEquals(3, lock.waiting());
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertEquals(List.of("a in"), log);
                gate.complete(null);
                return settle();
              },
              p -> {
                assertEquals(
                    List.of("a in", "a out", "b in", "b out", "c in", "c out", "d in", "d out"),
                    log);
                assertFalse(lock.isLocked());
                return null;
              });
        });
  }

  @Test
  void aReleasedLockGoesToTheFirstWaiterNotToALaterCaller() {
    EventLoop.run(
        () -> {
          Lock lock = new Lock();
          lock.acquire();
          Task<Void> first = lock.acquire();
          lock.release();
          // The lock was handed to the waiter: a caller arriving now cannot barge in.
          assertTrue(lock.isLocked());
          assertFalse(lock.tryAcquire());
          Task<Void> late = lock.acquire();
          return Script.start(
              "main",
              p -> first,
              p -> {
                assertFalse(late.isDone());
                lock.release();
                return late;
              },
              p -> {
                lock.release();
                assertFalse(lock.isLocked());
                return null;
              });
        });
  }

  @Test
  void cancellingAWaiterTakesItOutOfTheLine() {
    EventLoop.run(
        () -> {
          Lock lock = new Lock();
          lock.acquire();
          Task<Void> a = critical(lock, log, "a", Task.done());
          Task<Void> b = critical(lock, log, "b", Task.done());
          Task<Void> c = critical(lock, log, "c", Task.done());
          assertTrue(b.cancel());
          assertEquals(2, lock.waiting()); // b left the line at once
          lock.release();
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertEquals(List.of("a in", "a out", "c in", "c out"), log);
                assertTrue(a.isSucceeded());
                assertTrue(b.isCancelled());
                assertTrue(c.isSucceeded());
                assertFalse(lock.isLocked());
                return null;
              });
        });
  }

  /** asyncio's test_cancel_release_race: release, then cancel the woken waiter before it runs. */
  @Test
  void aWaiterCancelledAfterBeingHandedTheLockPassesItOn() {
    EventLoop.run(
        () -> {
          Lock lock = new Lock();
          lock.acquire();
          Task<Void> a = critical(lock, log, "a", Task.done());
          Task<Void> b = critical(lock, log, "b", Task.done());
          lock.release(); // hands the lock to a...
          assertTrue(a.cancel()); // ...which is cancelled before it can resume
          return expectThatOnlyBHadTheLock(lock, a, b);
        });
  }

  @Test
  void aWaiterCancelledByACallbackBetweenHandOffAndResumptionPassesTheLockOn() {
    EventLoop.run(
        () -> {
          Lock lock = new Lock();
          lock.acquire();
          Task<Void> a = critical(lock, log, "a", Task.done());
          Task<Void> b = critical(lock, log, "b", Task.done());
          EventLoop loop = EventLoop.current();
          loop.callSoon(
              () -> {
                loop.callSoon(a::cancel); // runs after the hand-off, before a resumes
                lock.release();
              });
          return expectThatOnlyBHadTheLock(lock, a, b);
        });
  }

  @Test
  void cancellingAnAcquireTaskThatGotTheLockIsTooLate() {
    EventLoop.run(
        () -> {
          Lock lock = new Lock();
          lock.acquire();
          Task<Void> first = lock.acquire();
          lock.release();
          assertFalse(first.cancel()); // it holds the lock already
          return Script.start(
              "main",
              p -> first,
              p -> {
                assertTrue(lock.isLocked());
                lock.release();
                assertFalse(lock.isLocked());
                return null;
              });
        });
  }

  @Test
  void theLastWaiterCancelledAfterTheHandOffUnlocksTheLock() {
    EventLoop.run(
        () -> {
          Lock lock = new Lock();
          lock.acquire();
          Task<Object> only = Script.call("only", lock::acquire);
          lock.release();
          only.cancel();
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertTrue(only.isCancelled());
                assertFalse(lock.isLocked());
                assertTrue(lock.acquire().isDone());
                return null;
              });
        });
  }

  @Test
  void cancellingEveryWaiterLeavesTheLockUsable() {
    EventLoop.run(
        () -> {
          Lock lock = new Lock();
          lock.acquire();
          List<Task<Void>> waiters = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            waiters.add(lock.acquire());
          }
          waiters.forEach(Task::cancel);
          assertEquals(0, lock.waiting());
          lock.release();
          assertFalse(lock.isLocked());
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                waiters.forEach(w -> assertTrue(w.isCancelled()));
                assertFalse(lock.isLocked());
                return null;
              });
        });
  }

  /** After a few turns: a ended cancelled, b had the lock, and the lock is free. */
  private Task<Object> expectThatOnlyBHadTheLock(Lock lock, Task<?> a, Task<?> b) {
    return Script.start(
        "check",
        p -> settle(),
        p -> {
          assertTrue(a.isCancelled());
          assertEquals(List.of("b in", "b out"), log);
          assertTrue(b.isSucceeded());
          assertFalse(lock.isLocked());
          return null;
        });
  }

  @Test
  void aWaiterCancelledFromAnotherThreadLeavesTheLine() {
    EventLoop.run(
        () -> {
          Lock lock = new Lock();
          lock.acquire();
          Task<Void> a = critical(lock, log, "a", Task.done());
          Thread canceller = new Thread(a::cancel, "canceller");
          canceller.start();
          return Script.start(
              "main",
              p -> a,
              caught(
                  failure -> {
                    assertInstanceOf(CancelledException.class, failure);
                    assertTrue(a.isCancelled());
                    assertEquals(0, lock.waiting());
                    lock.release();
                    assertFalse(lock.isLocked());
                    return null;
                  }));
        });
  }

  @Test
  void aLockBelongsToTheLoopThatFirstUsedIt() {
    Lock lock = new Lock();
    EventLoop.run(lock::acquire);
    IllegalStateException otherLoop =
        assertThrows(IllegalStateException.class, () -> EventLoop.run(lock::acquire));
    assertTrue(otherLoop.getMessage().contains("different event loop"), otherLoop.getMessage());
    IllegalStateException noLoop = assertThrows(IllegalStateException.class, lock::release);
    assertTrue(noLoop.getMessage().contains("runs no event loop"), noLoop.getMessage());
  }

  @Test
  void acquiringWithoutALoopSaysHowToStartOne() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Lock().acquire());
    assertTrue(e.getMessage().contains("EventLoop.run"), e.getMessage());
  }

  @Test
  void theWaitingTaskIsNamedAfterTheCall() {
    EventLoop.run(
        () -> {
          Lock lock = new Lock();
          lock.acquire();
          Task<Void> waiting = lock.acquire();
          assertTrue(waiting.name().startsWith("Lock.acquire@"), waiting.name());
          lock.release();
          return waiting;
        });
  }
}
