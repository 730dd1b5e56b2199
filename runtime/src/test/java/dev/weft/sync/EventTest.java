package dev.weft.sync;

import static dev.weft.sync.Script.settle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EventLoop;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio's test_locks.EventTests, ported. */
class EventTest {
  private final List<String> log = new ArrayList<>();

  private Task<Object> waiter(Event event, String name) {
    return Script.start(
        name,
        p -> event.waitUntilSet(),
        p -> {
          log.add(name);
          return null;
        });
  }

  @Test
  void waitingForASetEventDoesNotSuspend() {
    EventLoop.run(
        () -> {
          Event event = new Event();
          assertFalse(event.isSet());
          event.set();
          assertTrue(event.isSet());
          assertTrue(event.waitUntilSet().isDone());
          event.clear();
          assertFalse(event.isSet());
          assertFalse(event.waitUntilSet().isDone());
          return Task.done();
        });
  }

  @Test
  void setWakesEveryWaiterInOrderEvenIfClearedAgainAtOnce() {
    EventLoop.run(
        () -> {
          Event event = new Event();
          waiter(event, "a");
          waiter(event, "b");
          waiter(event, "c");
          assertEquals(3, event.waiting());
          event.set();
          event.clear();
          assertEquals(0, event.waiting());
          waiter(event, "after clear");
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertEquals(List.of("a", "b", "c"), log);
                assertEquals(1, event.waiting());
                event.set();
                return settle();
              },
              p -> {
                assertEquals(List.of("a", "b", "c", "after clear"), log);
                return null;
              });
        });
  }

  @Test
  void aCancelledWaiterLeavesTheOthersWaiting() {
    EventLoop.run(
        () -> {
          Event event = new Event();
          waiter(event, "a");
          Task<Object> b = waiter(event, "b");
          waiter(event, "c");
          b.cancel();
          assertEquals(2, event.waiting());
          event.set();
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertEquals(List.of("a", "c"), log);
                assertTrue(b.isCancelled());
                return null;
              });
        });
  }

  @Test
  void anEventCanBeSetBeforeAnyLoopRuns() {
    Event event = new Event();
    event.set();
    EventLoop.run(
        () -> {
          assertTrue(event.waitUntilSet().isDone());
          return Task.done();
        });
  }
}
