package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EventLoop;
import dev.weft.Task;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every primitive belongs to the loop of its first use: asyncio's "is bound to a different event
 * loop" RuntimeError, as an IllegalStateException naming the primitive and the call.
 */
class WrongLoopTest {
  private record Use<P>(String name, P primitive, Consumer<P> firstUse, Consumer<P> laterUse) {}

  private static List<Use<?>> uses() {
    return List.of(
        new Use<>("Lock", new Lock(), Lock::acquire, Lock::tryAcquire),
        new Use<>("Semaphore", new Semaphore(1), Semaphore::release, Semaphore::acquire),
        new Use<>("Event", new Event(), Event::waitUntilSet, Event::set),
        new Use<>("Condition", new Condition(), c -> c.signal(), c -> c.waitUntil(() -> true)),
        new Use<>("Barrier", new Barrier(2), Barrier::arriveAndWait, Barrier::abort),
        new Use<Queue<String>>("Queue", new Queue<>(), q -> q.putNow("x"), Queue::get),
        new Use<Queue<String>>(
            "PriorityQueue", new PriorityQueue<>(), Queue::get, q -> q.shutdown(true)));
  }

  @TestFactory
  List<DynamicTest> usingAPrimitiveFromAnotherLoopFails() {
    return uses().stream()
        .map(use -> DynamicTest.dynamicTest(use.name(), () -> check(use)))
        .toList();
  }

  private static <P> void check(Use<P> use) {
    EventLoop.run(
        () -> {
          try {
            use.firstUse().accept(use.primitive());
          } catch (IllegalStateException expectedForConditionWithoutLock) {
            // Condition.signal without the lock still binds the condition to this loop.
          }
          return Task.done();
        });
    IllegalStateException otherLoop =
        assertThrows(
            IllegalStateException.class,
            () ->
                EventLoop.run(
                    () -> {
                      use.laterUse().accept(use.primitive());
                      return Task.done();
                    }));
    assertTrue(otherLoop.getMessage().startsWith(use.name() + "."), otherLoop.getMessage());
    assertTrue(otherLoop.getMessage().contains("different event loop"), otherLoop.getMessage());
  }
}
