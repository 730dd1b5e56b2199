package dev.weft.sync;

import static dev.weft.sync.Script.caught;
import static dev.weft.sync.Script.settle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.TaskTimeoutException;
import dev.weft.Tasks;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Waiting with a timeout ({@code Tasks.waitFor}), asyncio's {@code wait_for(lock.acquire(), t)}
 * and {@code wait_for(queue.get(), t)}: a timed-out wait leaves the line and loses nothing. A
 * zero timeout expires at once, so no clock is involved.
 */
class TimeoutTest {
  @Test
  void aTimedOutAcquireLeavesTheLineAndTheLockWorks() {
    EventLoop.run(
        () -> {
          Lock lock = new Lock();
          lock.acquire();
          Task<Void> timed = Tasks.waitFor(lock.acquire(), Duration.ZERO);
          Task<Void> next = lock.acquire();
          return Script.start(
              "main",
              p -> timed,
              caught(
                  failure -> {
                    assertInstanceOf(TaskTimeoutException.class, failure);
                    assertEquals(1, lock.waiting());
                    lock.release(); // to next, not to the timed-out waiter
                    return next;
                  }),
              p -> {
                lock.release();
                assertFalse(lock.isLocked());
                return null;
              });
        });
  }

  @Test
  void aTimedOutGetTakesNoItem() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>();
          Task<String> timed = Tasks.waitFor(queue.get(), Duration.ZERO);
          return Script.start(
              "main",
              p -> timed,
              caught(
                  failure -> {
                    assertInstanceOf(TaskTimeoutException.class, failure);
                    assertEquals(0, queue.waitingGetters());
                    queue.putNow("kept");
                    return settle();
                  }),
              p -> {
                assertEquals("kept", queue.getNow());
                return null;
              });
        });
  }

  @Test
  void aWaitThatIsServedBeforeItsTimeoutKeepsWhatItGot() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>();
          Task<String> get = queue.get();
          queue.putNow("served");
          Task<String> timed = Tasks.waitFor(get, Duration.ZERO);
          return Script.start(
              "main",
              p -> timed,
              item -> {
                assertEquals("served", item);
                assertTrue(queue.isEmpty());
                return null;
              });
        });
  }
}
