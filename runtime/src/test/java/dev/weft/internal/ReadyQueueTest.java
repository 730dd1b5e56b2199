package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/** The ready queue's ring buffer keeps FIFO order across wrap-around and growth. */
class ReadyQueueTest {
  @Test
  void staysFifoThroughWrapAroundAndGrowth() {
    ReadyQueue queue = new ReadyQueue();
    ArrayDeque<Runnable> model = new ArrayDeque<>();
    int produced = 0;
    for (int round = 0; round < 2_000; round++) {
      // Add a little more than we take, so the ring wraps many times and grows now and then.
      for (int i = 0; i < 3 + round % 7; i++) {
        Runnable callback = () -> {};
        queue.add(callback);
        model.add(callback);
        produced++;
      }
      for (int i = 0; i < 3 + round % 5 && !model.isEmpty(); i++) {
        assertSame(model.poll(), queue.poll());
      }
      assertEquals(model.size(), queue.size());
    }
    Runnable[] rest = queue.drain();
    assertEquals(model.size(), rest.length);
    for (Runnable callback : rest) {
      assertSame(model.poll(), callback);
    }
    assertTrue(queue.isEmpty());
    assertTrue(produced > 10_000);
  }
}
