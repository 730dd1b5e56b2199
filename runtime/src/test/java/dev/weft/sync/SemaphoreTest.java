package dev.weft.sync;

import static dev.weft.sync.Script.settle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EventLoop;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio's test_locks.SemaphoreTests and BoundedSemaphore cases, ported. */
class SemaphoreTest {
  private final List<String> log = new ArrayList<>();

  /** Starts a task that takes a permit, logs its name, and keeps the permit. */
  private Task<Object> taker(Semaphore semaphore, String name) {
    return Script.start(
        name,
        p -> semaphore.acquire(),
        p -> {
          log.add(name);
          return null;
        });
  }

  @Test
  void permitsAreTakenWithoutWaitingWhileFree() {
    EventLoop.run(
        () -> {
          Semaphore semaphore = new Semaphore(2);
          assertTrue(semaphore.acquire().isDone());
          assertFalse(semaphore.isLocked());
          assertTrue(semaphore.tryAcquire());
          assertTrue(semaphore.isLocked());
          assertEquals(0, semaphore.availablePermits());
          assertFalse(semaphore.tryAcquire());
          semaphore.release();
          semaphore.release();
          semaphore.release(); // an unbounded semaphore may grow
          assertEquals(3, semaphore.availablePermits());
          return Task.done();
        });
  }

  @Test
  void aNegativeCountIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
    assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
  }

  @Test
  void waitersGetPermitsInFifoOrderAndLaterCallersDoNotOvertake() {
    EventLoop.run(
        () -> {
          Semaphore semaphore = new Semaphore(0);
          taker(semaphore, "a");
          taker(semaphore, "b");
          taker(semaphore, "c");
          semaphore.release();
          semaphore.release();
          assertEquals(0, semaphore.availablePermits()); // both handed to waiters
          assertFalse(semaphore.tryAcquire());
          taker(semaphore, "late");
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertEquals(List.of("a", "b"), log);
                semaphore.release();
                semaphore.release();
                return settle();
              },
              p -> {
                assertEquals(List.of("a", "b", "c", "late"), log);
                return null;
              });
        });
  }

  /** asyncio's test_acquire_cancel_before_awoken and test_acquire_hang (gh-90155). */
  @Test
  void cancellationNeverLosesAPermit() {
    EventLoop.run(
        () -> {
          Semaphore semaphore = new Semaphore(0);
          Task<Object> a = taker(semaphore, "a");
          Task<Object> b = taker(semaphore, "b");
          Task<Object> c = taker(semaphore, "c");
          Task<Object> d = taker(semaphore, "d");
          semaphore.release(); // to a
          semaphore.release(); // to b
          a.cancel(); // woken, cancelled before it resumes: passes its permit on
          c.cancel(); // still waiting: just leaves
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertTrue(a.isCancelled());
                assertTrue(c.isCancelled());
                assertEquals(List.of("b", "d"), log);
                assertEquals(0, semaphore.availablePermits());
                assertEquals(0, semaphore.waiting());
                semaphore.release();
                assertEquals(1, semaphore.availablePermits());
                return null;
              });
        });
  }

  @Test
  void aPermitGivenBackWithNobodyWaitingBecomesFree() {
    EventLoop.run(
        () -> {
          Semaphore semaphore = new Semaphore(0);
          Task<Object> a = taker(semaphore, "a");
          semaphore.release();
          a.cancel();
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertEquals(1, semaphore.availablePermits());
                return null;
              });
        });
  }

  @Test
  void aBoundedSemaphoreRefusesAnExtraRelease() {
    EventLoop.run(
        () -> {
          BoundedSemaphore semaphore = new BoundedSemaphore(2);
          IllegalStateException e = assertThrows(IllegalStateException.class, semaphore::release);
          assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
          semaphore.acquire();
          semaphore.release();
          assertThrows(IllegalStateException.class, semaphore::release);
          assertEquals(2, semaphore.availablePermits());
          return Task.done();
        });
  }

  @Test
  void aBoundedSemaphoreHandsPermitsToWaiters() {
    EventLoop.run(
        () -> {
          BoundedSemaphore semaphore = new BoundedSemaphore(1);
          semaphore.acquire();
          taker(semaphore, "a");
          semaphore.release();
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertEquals(List.of("a"), log);
                semaphore.release();
                assertThrows(IllegalStateException.class, semaphore::release);
                return null;
              });
        });
  }
}
