package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.handwritten.Chain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link EventLoop#withVirtualTime()}: hours of timers in no time, at exact times. */
@org.junit.jupiter.api.extension.ExtendWith(FailOnUncaught.class)
class VirtualTimeTest {
  private static final long HOUR = Duration.ofHours(1).toNanos();

  @Test
  void sleepsEndAtTheirExactDeadlines() {
    List<String> log = new ArrayList<>();
    try (EventLoop loop = EventLoop.withVirtualTime()) {
      assertEquals(0, loop.time());
      loop.runUntilComplete(
          () -> {
            for (int hours : new int[] {3, 1, 2}) {
              loop.callLater(
                  Duration.ofHours(hours), () -> log.add(hours + "h at " + loop.time() / HOUR));
            }
            return Chain.sleepThen(Duration.ofHours(4), log, "main");
          });
      assertEquals(4 * HOUR, loop.time());
    }
    assertEquals(
        List.of("main:start", "1h at 1", "2h at 2", "3h at 3", "main:finally", "main:end"), log);
  }

  @Test
  void waitForTimesOutAtItsDeadlineAfterTheCleanup() {
    List<String> log = new ArrayList<>();
    try (EventLoop loop = EventLoop.withVirtualTime()) {
      Task<String>[] wait = newArray();
      loop.runUntilComplete(
          () -> {
            wait[0] =
                Tasks.waitFor(Chain.slowCleanup(Duration.ofHours(2), log), Duration.ofHours(1));
            return Tasks.gatherReturningExceptions(wait[0]);
          });
      assertInstanceOf(TaskTimeoutException.class, wait[0].exceptionNow());
      assertEquals(HOUR, loop.time(), "the cleanup took no virtual time");
      assertEquals(List.of("cleanup done"), log);
    }
  }

  @Test
  void workFromOtherThreadsIsNotSkippedOver() throws Exception {
    try (EventLoop loop = EventLoop.withVirtualTime()) {
      Thread thread = new Thread(loop::runForever);
      thread.start();
      int value = loop.submit(() -> Chain.addAfterYield(20, 22)).get();
      assertEquals(42, value);
      loop.stop();
      thread.join();
      assertTrue(loop.time() >= 0);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> Task<T>[] newArray() {
    return new Task[1];
  }
}
