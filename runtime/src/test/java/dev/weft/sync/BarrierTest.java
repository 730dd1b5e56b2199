package dev.weft.sync;

import static dev.weft.sync.Script.caught;
import static dev.weft.sync.Script.settle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EventLoop;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio's test_locks.BarrierTests, ported. */
class BarrierTest {
  private final List<String> log = new ArrayList<>();

  private Task<Object> party(Barrier barrier, String name) {
    return Script.start(
        name,
        p -> barrier.arriveAndWait(),
        caught(
            failure -> {
              if (failure != null && !(failure instanceof BrokenBarrierException)) {
                return Task.failed((Throwable) failure);
              }
              log.add(name + (failure == null ? " passed" : " broken"));
              return null;
            }));
  }

  @Test
  void aBarrierNeedsAParty() {
    assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
  }

  @Test
  void partiesPassTogetherWithTheirArrivalIndex() {
    EventLoop.run(
        () -> {
          Barrier barrier = new Barrier(3);
          Task<Integer> first = barrier.arriveAndWait();
          Task<Integer> second = barrier.arriveAndWait();
          assertEquals(2, barrier.waiting());
          assertFalse(first.isDone());
          Task<Integer> last = barrier.arriveAndWait();
          assertTrue(last.isDone());
          assertEquals(2, last.resultNow());
          assertEquals(0, barrier.waiting());
          Task<Integer> nextRound = barrier.arriveAndWait();
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertEquals(0, first.resultNow());
                assertEquals(1, second.resultNow());
                assertFalse(nextRound.isDone());
                assertEquals(1, barrier.waiting());
                nextRound.cancel();
                return null;
              });
        });
  }

  @Test
  void aCancelledPartyLeavesTheRound() {
    EventLoop.run(
        () -> {
          Barrier barrier = new Barrier(2);
          Task<Object> a = party(barrier, "a");
          a.cancel();
          assertEquals(0, barrier.waiting());
          party(barrier, "b");
          party(barrier, "c");
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertTrue(a.isCancelled());
                assertFalse(barrier.isBroken());
                assertEquals(List.of("c passed", "b passed"), log); // c, last, goes on at once
                return null;
              });
        });
  }

  @Test
  void abortBreaksTheBarrierForWaitersAndLaterArrivals() {
    EventLoop.run(
        () -> {
          Barrier barrier = new Barrier(3);
          party(barrier, "a");
          party(barrier, "b");
          barrier.abort();
          assertTrue(barrier.isBroken());
          Task<Integer> late = barrier.arriveAndWait();
          assertInstanceOf(BrokenBarrierException.class, late.exceptionNow());
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertEquals(List.of("a broken", "b broken"), log);
                barrier.reset();
                assertFalse(barrier.isBroken());
                party(barrier, "c");
                party(barrier, "d");
                party(barrier, "e");
                return settle();
              },
              p -> {
                // e arrived last: its task was complete at once, so it went on first.
                assertEquals(
                    List.of("a broken", "b broken", "e passed", "c passed", "d passed"), log);
                return null;
              });
        });
  }

  @Test
  void resetFailsTheWaitersAndStartsAFreshRound() {
    EventLoop.run(
        () -> {
          Barrier barrier = new Barrier(2);
          party(barrier, "a");
          barrier.reset();
          assertEquals(0, barrier.waiting());
          party(barrier, "b");
          party(barrier, "c");
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertEquals(List.of("c passed", "a broken", "b passed"), log);
                return null;
              });
        });
  }
}
