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
  private static class Entry implements TimerEntry {
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

  private static final long MS = 1L << TimerQueue.SLOT_SHIFT; // one wheel slot

  /** The reference: every live entry, fired by sorting on (deadline, sequence). */
  private static List<Entry> due(List<Entry> all, long now) {
    List<Entry> result = new ArrayList<>();
    for (Entry entry : all) {
      if (!entry.cancelled && entry.deadline - now <= 0) {
        result.add(entry);
      }
    }
    result.sort(
        (a, b) -> {
          long byDeadline = a.deadline - b.deadline;
          return byDeadline != 0 ? (byDeadline < 0 ? -1 : 1) : Integer.compare(a.sequence, b.sequence);
        });
    return result;
  }

  /**
   * Bursts larger than the incoming buffer's chunks, with only three distinct deadlines: the
   * order among equal deadlines (the sequences, which the buffer does not store) must survive
   * chunk boundaries and a placement between two bursts.
   */
  @Test
  void burstsAcrossIncomingChunksKeepFifoAmongEqualDeadlines() {
    TimerQueue queue = new TimerQueue();
    List<Entry> fired = new ArrayList<>();
    List<Entry> queued = new ArrayList<>();
    int sequence = 0;
    for (int burst = 0; burst < 2; burst++) {
      for (int i = 0; i < 9_000; i++) {
        Entry entry = new Entry((sequence % 3 + 1) * MS, sequence++, fired);
        queue.add(entry.deadline, entry);
        queued.add(entry);
        if (sequence % 7 == 0) {
          cancel(queue, entry);
        }
      }
      queue.peekDeadline(); // places the burst
    }
    List<Entry> expected = due(queued, 10 * MS);
    queue.fireExpired(10 * MS);
    assertEquals(expected, fired);
    assertTrue(queue.isEmpty());
  }

  private static void cancel(TimerQueue queue, Entry entry) {
    if (!entry.cancelled) {
      entry.cancelled = true;
      queue.noteCancelled();
    }
  }

  /**
   * Against the reference model over many seeds: adds near and far (wheel, overflow heap, past),
   * cancellations at every stage, time advancing in steps that cross slots and the window, and
   * a base time near the nanoTime wrap for some seeds.
   */
  @Test
  void matchesASortedReferenceModelOverManySeeds() {
    for (int seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      long base = seed % 3 == 0 ? Long.MAX_VALUE - 3_000 * MS : seed % 3 == 1 ? -77 * MS : 12345;
      TimerQueue queue = new TimerQueue();
      List<Entry> fired = new ArrayList<>();
      List<Entry> queued = new ArrayList<>(); // not yet fired, live or cancelled
      long now = base;
      int sequence = 0;
      for (int step = 0; step < 200; step++) {
        int adds = random.nextInt(40);
        for (int i = 0; i < adds; i++) {
          long delay;
          switch (random.nextInt(6)) {
            case 0 -> delay = random.nextInt(3) * MS; // equal deadlines, slot boundaries
            case 1 -> delay = -random.nextInt(5 * (int) MS); // already due
            case 2 -> delay = (long) random.nextInt(10_000) * MS; // beyond the window
            case 3 -> delay = random.nextInt(8) * (MS / 4);
            default -> delay = random.nextInt(2_000 * (int) MS);
          }
          Entry entry = new Entry(now + delay, sequence++, fired);
          queue.add(entry.deadline, entry);
          queued.add(entry);
        }
        for (Entry entry : queued) {
          if (random.nextInt(4) == 0) {
            cancel(queue, entry);
          }
        }
        assertEquals(queued.stream().filter(e -> !e.cancelled).count(), queue.pending());
        if (!queue.isEmpty() && random.nextBoolean()) {
          long earliestLive = Long.MAX_VALUE;
          boolean anyLive = false;
          for (Entry entry : queued) {
            if (!entry.cancelled && (!anyLive || entry.deadline - earliestLive < 0)) {
              earliestLive = entry.deadline;
              anyLive = true;
            }
          }
          long peek = queue.peekDeadline();
          if (anyLive) {
            assertTrue(peek - earliestLive <= 0, "peekDeadline later than the earliest live one");
          }
          queue.dropCancelledHead();
          if (anyLive) {
            assertEquals(earliestLive, queue.peekDeadline(), "after dropCancelledHead");
          } else {
            assertTrue(queue.isEmpty());
          }
        }
        now += random.nextInt(4) == 0 ? (long) random.nextInt(5_000) * MS : random.nextInt(20 * (int) MS);
        List<Entry> expected = due(queued, now);
        fired.clear();
        queue.fireExpired(now);
        assertEquals(expected, fired, "seed " + seed + " step " + step);
        long firedUpTo = now;
        queued.removeIf(entry -> entry.cancelled || entry.deadline - firedUpTo <= 0);
        assertEquals(queued.size(), queue.pending());
        assertTrue(queue.size() >= queue.pending());
      }
      now += 20_000 * MS;
      List<Entry> expected = due(queued, now);
      fired.clear();
      queue.fireExpired(now);
      assertEquals(expected, fired);
      assertTrue(queue.isEmpty());
      assertEquals(0, queue.pending());
    }
  }

  @Test
  void farFutureTimersComeBackFromTheHeapInOrderWithWheelTimers() {
    TimerQueue queue = new TimerQueue();
    List<Entry> fired = new ArrayList<>();
    Entry near = new Entry(5 * MS, 0, fired);
    Entry far = new Entry(10_000 * MS, 1, fired); // beyond the window: the heap
    queue.add(near.deadline, near);
    queue.add(far.deadline, far);
    queue.fireExpired(6 * MS);
    assertEquals(List.of(near), fired);
    // The wheel is empty: the window moves to the new timers, some before, some after "far".
    Entry before = new Entry(9_999 * MS, 2, fired);
    Entry same = new Entry(10_000 * MS, 3, fired);
    Entry after = new Entry(10_001 * MS, 4, fired);
    queue.add(after.deadline, after);
    queue.add(same.deadline, same);
    queue.add(before.deadline, before);
    assertEquals(before.deadline, queue.peekDeadline());
    queue.fireExpired(20_000 * MS);
    assertEquals(List.of(near, before, far, same, after), fired);
  }

  @Test
  void timersAddedIntoTheOpenSlotOrBeforeItStillFireInOrder() {
    TimerQueue queue = new TimerQueue();
    List<Entry> fired = new ArrayList<>();
    Entry a = new Entry(100 * MS + 10, 0, fired);
    Entry b = new Entry(100 * MS + 30, 1, fired);
    queue.add(a.deadline, a);
    queue.add(b.deadline, b);
    assertEquals(a.deadline, queue.peekDeadline()); // opens slot 100
    Entry c = new Entry(100 * MS + 20, 2, fired); // into the open slot
    Entry d = new Entry(100 * MS + 10, 3, fired); // ties with a, after it
    Entry e = new Entry(50 * MS, 4, fired); // before the open slot
    queue.add(c.deadline, c);
    queue.add(d.deadline, d);
    queue.add(e.deadline, e);
    assertEquals(e.deadline, queue.peekDeadline());
    queue.fireExpired(100 * MS + 20);
    assertEquals(List.of(e, a, d, c), fired);
    queue.fireExpired(200 * MS);
    assertEquals(List.of(e, a, d, c, b), fired);
  }

  @Test
  void cancelledAtEveryStageNeverFiresAndIsCounted() {
    TimerQueue queue = new TimerQueue();
    List<Entry> fired = new ArrayList<>();
    Entry inWheel = new Entry(10 * MS, 0, fired);
    Entry inRun = new Entry(20 * MS, 1, fired);
    Entry inRun2 = new Entry(20 * MS + 1, 2, fired);
    Entry inHeap = new Entry(100_000 * MS, 3, fired);
    Entry live = new Entry(30 * MS, 4, fired);
    for (Entry entry : List.of(inWheel, inRun, inRun2, inHeap, live)) {
      queue.add(entry.deadline, entry);
    }
    cancel(queue, inWheel); // still in its slot
    assertEquals(4, queue.pending());
    assertTrue(queue.peekDeadline() <= inRun.deadline);
    queue.fireExpired(15 * MS); // opens and drops slot 10, opens slot 20
    assertEquals(List.of(), fired);
    cancel(queue, inRun); // in the sorted run
    cancel(queue, inHeap); // in the overflow heap
    assertEquals(2, queue.pending());
    queue.dropCancelledHead();
    assertEquals(inRun2.deadline, queue.peekDeadline());
    cancel(queue, inRun2);
    queue.dropCancelledHead();
    assertEquals(live.deadline, queue.peekDeadline());
    queue.fireExpired(Long.MAX_VALUE / 2);
    assertEquals(List.of(live), fired);
    assertTrue(queue.isEmpty());
    assertEquals(0, queue.pending());
  }

  @Test
  void churnKeepsMemoryBounded() {
    TimerQueue queue = new TimerQueue();
    List<Entry> fired = new ArrayList<>();
    Random random = new Random(7);
    List<Entry> liveOnes = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      // Timeouts that are always cancelled before they are due (wheel and heap alike).
      long delay = random.nextBoolean() ? random.nextInt(3_000) * MS : 100_000 * MS;
      Entry entry = new Entry(delay, i, fired);
      queue.add(entry.deadline, entry);
      if (i % 1000 == 0) {
        liveOnes.add(entry);
      } else {
        cancel(queue, entry);
      }
      assertTrue(queue.size() <= 2 * queue.pending() + 300, "size " + queue.size() + " at " + i);
    }
    assertEquals(liveOnes.size(), queue.pending());
    queue.fireExpired(Long.MAX_VALUE / 2);
    assertEquals(liveOnes.size(), fired.size());
    assertTrue(queue.isEmpty());
  }

  @Test
  void clearReturnsEveryLiveEntryFromEveryPart() {
    TimerQueue queue = new TimerQueue();
    List<Entry> fired = new ArrayList<>();
    List<Entry> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Entry entry = new Entry((i % 3 == 0 ? 100_000L : i) * MS, i, fired);
      all.add(entry);
      queue.add(entry.deadline, entry);
    }
    queue.peekDeadline(); // opens a slot: some entries in the run
    for (int i = 0; i < 100; i += 7) {
      cancel(queue, all.get(i));
    }
    TimerEntry[] live = queue.clear();
    assertEquals(all.stream().filter(e -> !e.cancelled).collect(java.util.stream.Collectors.toSet()), java.util.Set.of(live));
    assertTrue(queue.isEmpty());
    assertEquals(0, queue.pending());
    queue.fireExpired(Long.MAX_VALUE / 2);
    assertEquals(List.of(), fired);
  }

  @Test
  void entriesCancelledBeforeTheLoopLooksAreDroppedAndPeekStillAnswers() {
    TimerQueue queue = new TimerQueue();
    List<Entry> fired = new ArrayList<>();
    Entry a = new Entry(3 * MS, 0, fired);
    Entry b = new Entry(4 * MS, 1, fired);
    queue.add(a.deadline, a);
    queue.add(b.deadline, b);
    cancel(queue, a);
    cancel(queue, b);
    assertEquals(0, queue.pending());
    assertEquals(2, queue.size());
    long peek = queue.peekDeadline(); // the caller saw a non-empty queue: some queued deadline
    assertTrue(peek == a.deadline || peek == b.deadline);
    queue.dropCancelledHead();
    assertTrue(queue.isEmpty());
    Entry c = new Entry(2 * MS, 2, fired);
    queue.add(c.deadline, c);
    assertEquals(c.deadline, queue.peekDeadline());
    queue.fireExpired(10 * MS);
    assertEquals(List.of(c), fired);
  }

  @Test
  void anEntryAddedWhileFiringFiresInTheSameCallIfDue() {
    TimerQueue queue = new TimerQueue();
    List<Entry> fired = new ArrayList<>();
    Entry late = new Entry(5 * MS, 2, fired);
    Entry first =
        new Entry(1 * MS, 0, fired) {
          @Override
          public void deadlineReached() {
            super.deadlineReached();
            Entry added = new Entry(2 * MS, 1, fired);
            queue.add(added.deadline, added);
          }
        };
    queue.add(first.deadline, first);
    queue.add(late.deadline, late);
    queue.fireExpired(10 * MS);
    assertEquals(3, fired.size());
    assertEquals(List.of(0, 1, 2), fired.stream().map(entry -> entry.sequence).toList());
  }
}
