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
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio's test_queues, ported: basics, back-pressure, cancellation, join, shutdown. */
class QueueTest {
  private final List<String> log = new ArrayList<>();

  @Test
  void itemsComeOutInFifoOrder() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>();
          assertTrue(queue.isEmpty());
          assertFalse(queue.isFull());
          queue.putNow("a");
          assertTrue(queue.put("b").isDone());
          queue.putNow("c");
          assertEquals(3, queue.size());
          assertEquals("a", queue.getNow());
          assertEquals("b", queue.get().resultNow());
          assertEquals("c", queue.getNow());
          return Task.done();
        });
  }

  @Test
  void priorityAndLifoQueuesChangeOnlyTheOrder() {
    EventLoop.run(
        () -> {
          Queue<Integer> priority = new PriorityQueue<>();
          Queue<Integer> reversed = new PriorityQueue<>(0, Comparator.reverseOrder());
          Queue<Integer> lifo = new LifoQueue<>();
          for (int item : new int[] {3, 1, 2}) {
            priority.putNow(item);
            reversed.putNow(item);
            lifo.putNow(item);
          }
          List<Integer> out = new ArrayList<>();
          for (Queue<Integer> queue : List.of(priority, reversed, lifo)) {
            for (int i = 0; i < 3; i++) {
              out.add(queue.getNow());
            }
          }
          assertEquals(List.of(1, 2, 3, 3, 2, 1, 2, 1, 3), out);
          return Task.done();
        });
  }

  @Test
  void getNowAndPutNowFailFast() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>(1);
          QueueEmptyException empty = assertThrows(QueueEmptyException.class, queue::getNow);
          assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
          queue.putNow("a");
          assertTrue(queue.isFull());
          QueueFullException full = assertThrows(QueueFullException.class, () -> queue.putNow("b"));
          assertTrue(full.getMessage().contains("full"), full.getMessage());
          assertThrows(NullPointerException.class, () -> queue.putNow(null));
          return Task.done();
        });
  }

  @Test
  void aZeroOrNegativeBoundMeansUnbounded() {
    EventLoop.run(
        () -> {
          Queue<Integer> queue = new Queue<>(-1);
          assertEquals(0, queue.maxSize());
          for (int i = 0; i < 1000; i++) {
            queue.putNow(i);
          }
          assertFalse(queue.isFull());
          return Task.done();
        });
  }

  @Test
  void aBoundedQueueMakesPuttersWaitForAFreeSlot() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>(2);
          Task<Object> producer =
              Script.start(
                  "producer",
                  p -> queue.put("1"),
                  p -> queue.put("2"),
                  p -> {
                    log.add("put 1, 2");
                    return queue.put("3");
                  },
                  p -> {
                    log.add("put 3");
                    return null;
                  });
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertEquals(List.of("put 1, 2"), log);
                assertEquals(1, queue.waitingPutters());
                assertTrue(queue.isFull());
                assertEquals("1", queue.getNow()); // frees a slot, kept for the waiting putter
                assertTrue(queue.isFull());
                assertThrows(QueueFullException.class, () -> queue.putNow("barging"));
                return producer;
              },
              p -> {
                assertEquals(List.of("put 1, 2", "put 3"), log);
                assertEquals("2", queue.getNow());
                assertEquals("3", queue.getNow());
                return null;
              });
        });
  }

  @Test
  void waitingGettersAreHandedItemsInFifoOrder() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>();
          Task<String> a = queue.get();
          Task<String> b = queue.get();
          Task<String> c = queue.get();
          assertEquals(3, queue.waitingGetters());
          queue.putNow("x");
          queue.putNow("y");
          // The items went to the waiting getters, not into the queue.
          assertTrue(queue.isEmpty());
          assertThrows(QueueEmptyException.class, queue::getNow);
          queue.putNow("z");
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertEquals(
                    List.of("x", "y", "z"), List.of(a.resultNow(), b.resultNow(), c.resultNow()));
                return null;
              });
        });
  }

  /** asyncio's test_cancelled_getters_not_being_held_in_self_getters and friends. */
  @Test
  void aGetterCancelledWhileWaitingTakesNoItem() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>();
          Task<String> a = queue.get();
          Task<String> b = queue.get();
          a.cancel();
          assertEquals(1, queue.waitingGetters());
          queue.putNow("x");
          return Script.start(
              "main",
              p -> b,
              item -> {
                assertEquals("x", item);
                assertTrue(a.isCancelled());
                return null;
              });
        });
  }

  /** asyncio's test_cancelled_get_after_wakeup (never lose an item). */
  @Test
  void aGetterCancelledAfterBeingHandedAnItemPassesItToTheNextGetter() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>();
          Task<Object> a = Script.call("a", queue::get);
          Task<String> b = queue.get();
          queue.putNow("x"); // handed to a...
          a.cancel(); // ...cancelled before it resumes
          return Script.start(
              "main",
              p -> b,
              item -> {
                assertEquals("x", item);
                assertTrue(a.isCancelled());
                assertEquals(1, queue.unfinishedTasks());
                return null;
              });
        });
  }

  @Test
  void anItemGivenBackWithNoGetterWaitingReturnsAsTheOldest() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>(2);
          Task<Object> a = Script.call("a", queue::get);
          queue.putNow("first"); // handed to a
          queue.putNow("second"); // stored
          assertTrue(queue.isFull()); // the handed item still counts until a resumes
          a.cancel();
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertTrue(a.isCancelled());
                assertEquals(2, queue.size());
                assertEquals("first", queue.getNow());
                assertEquals("second", queue.getNow());
                return null;
              });
        });
  }

  @Test
  void aLifoQueueReturnsAGivenBackItemBelowNewerOnes() {
    EventLoop.run(
        () -> {
          Queue<String> stack = new LifoQueue<>();
          Task<Object> a = Script.call("a", stack::get);
          stack.putNow("old");
          stack.putNow("new");
          a.cancel();
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertEquals("new", stack.getNow());
                assertEquals("old", stack.getNow());
                return null;
              });
        });
  }

  /** asyncio's test_cancelled_put_after_wakeup: the slot passes on and the item is not put. */
  @Test
  void aPutterCancelledAfterBeingGivenASlotPassesItOn() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>(1);
          queue.putNow("a");
          Task<Object> b = Script.call("b", () -> queue.put("b"));
          Task<Void> c = queue.put("c");
          assertEquals("a", queue.getNow()); // the slot is kept for b...
          b.cancel(); // ...cancelled before it resumes
          return Script.start(
              "main",
              p -> c,
              p -> {
                assertTrue(b.isCancelled());
                assertEquals(1, queue.size());
                assertEquals("c", queue.getNow());
                assertEquals(2, queue.unfinishedTasks()); // a and c were put, b was not
                return null;
              });
        });
  }

  @Test
  void aPutterCancelledWhileWaitingPutsNothing() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>(1);
          queue.putNow("a");
          Task<Void> b = queue.put("b");
          b.cancel();
          assertEquals(0, queue.waitingPutters());
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertTrue(b.isCancelled());
                assertEquals("a", queue.getNow());
                assertTrue(queue.isEmpty());
                assertFalse(queue.isFull());
                return null;
              });
        });
  }

  @Test
  void joinWaitsUntilEveryItemIsDone() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>();
          assertTrue(queue.join().isDone());
          queue.putNow("a");
          queue.putNow("b");
          Task<Void> joined = queue.join();
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertFalse(joined.isDone());
                queue.getNow();
                queue.getNow();
                queue.taskDone();
                return settle();
              },
              p -> {
                assertFalse(joined.isDone());
                assertEquals(1, queue.unfinishedTasks());
                queue.taskDone();
                return joined;
              },
              p -> {
                IllegalStateException e =
                    assertThrows(IllegalStateException.class, queue::taskDone);
                assertTrue(e.getMessage().contains("more times"), e.getMessage());
                return null;
              });
        });
  }

  @Test
  void shutdownRefusesPutsAndLetsTheRemainingItemsBeTaken() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>(1);
          queue.putNow("a");
          Task<Void> waitingPut = queue.put("b");
          queue.shutdown();
          assertTrue(queue.isShutDown());
          assertThrows(QueueShutDownException.class, () -> queue.putNow("c"));
          assertInstanceOf(QueueShutDownException.class, queue.put("c").exceptionNow());
          Task<Void> joined = queue.join();
          return Script.start(
              "main",
              p -> waitingPut,
              caught(
                  failure -> {
                    assertInstanceOf(QueueShutDownException.class, failure);
                    return queue.get();
                  }),
              item -> {
                assertEquals("a", item);
                queue.taskDone();
                assertThrows(QueueShutDownException.class, queue::getNow);
                assertInstanceOf(QueueShutDownException.class, queue.get().exceptionNow());
                return joined;
              });
        });
  }

  @Test
  void shutdownFailsTheWaitingGetters() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>();
          Task<String> waiting = queue.get();
          queue.shutdown();
          return Script.start(
              "main",
              p -> waiting,
              caught(
                  failure -> {
                    assertInstanceOf(QueueShutDownException.class, failure);
                    return null;
                  }));
        });
  }

  @Test
  void anImmediateShutdownDropsTheItemsAndReleasesJoin() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>();
          queue.putNow("a");
          queue.putNow("b");
          queue.putNow("c");
          assertEquals("a", queue.getNow()); // taken, not done yet
          Task<Void> joined = queue.join();
          queue.shutdown(true);
          assertTrue(queue.isEmpty());
          assertEquals(1, queue.unfinishedTasks()); // b and c dropped, a still unfinished
          assertThrows(QueueShutDownException.class, queue::getNow);
          return Script.start(
              "main",
              p -> settle(),
              p -> {
                assertFalse(joined.isDone());
                queue.taskDone();
                return joined;
              });
        });
  }

  @Test
  void aGetterServedBeforeAnImmediateShutdownStillGetsItsItem() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>();
          Task<String> handed = queue.get();
          queue.putNow("a"); // handed over, not resumed yet
          queue.shutdown(true);
          return Script.start(
              "main",
              p -> handed,
              item -> {
                assertEquals("a", item);
                assertEquals(1, queue.unfinishedTasks());
                queue.taskDone();
                return queue.join();
              });
        });
  }

  @Test
  void aPutServedBeforeAShutdownCompletesAndItsItemCanBeTaken() {
    EventLoop.run(
        () -> {
          Queue<String> queue = new Queue<>(1);
          queue.putNow("a");
          Task<Void> put = queue.put("b");
          assertEquals("a", queue.getNow()); // the slot is kept for b
          queue.shutdown();
          return Script.start(
              "main",
              p -> put,
              p -> {
                assertEquals("b", queue.getNow());
                assertThrows(QueueShutDownException.class, queue::getNow);
                return null;
              });
        });
  }

  @Test
  void aQueueCanBeFilledBeforeItsLoopRuns() {
    Queue<String> queue = new Queue<>();
    queue.putNow("prepared");
    assertEquals("prepared", EventLoop.run(queue::get));
    assertThrows(IllegalStateException.class, () -> queue.putNow("from another thread"));
  }
}
