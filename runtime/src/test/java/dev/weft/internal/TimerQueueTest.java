package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The timer heap on its own: order, FIFO among equal deadlines, cancellation, compaction. */
class TimerQueueTest {
  /** A timer entry that records when it fires. */
  private static final class Entry implements TimerEntry {
    final long deadline;
    final int sequence;
    final List<Entry> fired;
    boolean cancelled;

    Entry(long deadline, int sequence, List<Entry> fired) {
      this.deadline = deadline;
      this.sequence = sequence;
      this.fired = fired;
    }

    @Override
    public void deadlineReached() {
      fired.add(this);
    }

    @Override
    public boolean isTimerCancelled() {
      return cancelled;
    }
  }

  @Test
  void firesInDeadlineOrderFifoAmongEqualsAndSkipsCancelled() {
    Random random = new Random(42); // seeded: the same run every time
    for (int round = 0; round < 20; round++) {
      TimerQueue queue = new TimerQueue();
      List<Entry> fired = new ArrayList<>();
      List<Entry> expected = new ArrayList<>();
      int count = 1 + random.nextInt(5_000);
      for (int i = 0; i < count; i++) {
        // Few distinct deadlines, so that many are equal; some in the "past" (negative).
        Entry entry = new Entry(random.nextInt(50) - 10, i, fired);
        queue.add(entry.deadline, entry);
        expected.add(entry);
      }
      for (Entry entry : expected) {
        if (random.nextInt(3) == 0) {
          entry.cancelled = true;
          queue.noteCancelled();
        }
      }
      expected.removeIf(entry -> entry.cancelled);
      expected.sort(
          Comparator.<Entry>comparingLong(entry -> entry.deadline)
              .thenComparingInt(entry -> entry.sequence));
      assertEquals(expected.size(), queue.pending());
      queue.fireExpired(19);
      queue.fireExpired(40);
      assertEquals(expected, fired);
      assertTrue(queue.isEmpty());
    }
  }

  @Test
  void nanoTimeWrapAroundKeepsTheOrder() {
    TimerQueue queue = new TimerQueue();
    List<Entry> fired = new ArrayList<>();
    Entry late = new Entry(Long.MIN_VALUE + 5, 0, fired); // just after the wrap
    Entry early = new Entry(Long.MAX_VALUE - 5, 1, fired); // just before it
    queue.add(late.deadline, late);
    queue.add(early.deadline, early);
    queue.fireExpired(Long.MIN_VALUE + 10);
    assertEquals(List.of(early, late), fired);
  }

  @Test
  void heavyCancellationCompactsAndKeepsTheLiveEntriesInOrder() {
    TimerQueue queue = new TimerQueue();
    List<Entry> fired = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      Entry entry = new Entry(100_000 - i, i, fired);
      entries.add(entry);
      queue.add(entry.deadline, entry);
    }
    for (int i = 0; i < 100_000; i++) {
      if (i % 10 != 0) {
        entries.get(i).cancelled = true;
        queue.noteCancelled();
      }
    }
    assertTrue(queue.size() < 25_000, "compacted: " + queue.size());
    assertEquals(10_000, queue.pending());
    queue.fireExpired(Long.MAX_VALUE / 2);
    assertEquals(10_000, fired.size());
    for (int i = 1; i < fired.size(); i++) {
      assertTrue(fired.get(i - 1).deadline < fired.get(i).deadline);
    }
  }
}
