package dev.weft.internal;

import java.util.Arrays;

/**
 * The loop's timers, fired in deadline order and FIFO among equal deadlines: a hashed timing
 * wheel for the near future in front of a 4-ary min-heap for everything else.
 *
 * <p><b>Wheel.</b> {@value #SLOTS} slots of 2^{@value #SLOT_SHIFT} ns (about 1 ms), so a window
 * of about 4.3 s after the <em>cursor</em> slot. A slot is an append-only triple of parallel
 * arrays ((deadline, sequence) pairs, entry): adding is O(1) and a bit in {@link #occupied} marks the
 * slot non-empty. When the loop needs the next timers, the next occupied slot is <em>opened</em>:
 * its cancelled entries are dropped, its live ones sorted once by (deadline, sequence) into the
 * <em>run</em>, and the cursor moves to that slot. Slot numbers are {@code deadline >>> 20}
 * taken modulo 2^44, so {@code System.nanoTime()} wrap-around needs no special case.
 *
 * <p><b>Heap.</b> Whatever does not fall strictly after the cursor and inside the window (far
 * future, or at or before the cursor slot, which is already open) goes to the heap. Firing
 * merges the run's head with the heap's head by (deadline, sequence), so the order is exact
 * whichever structure an entry sits in; far-future entries simply come out of the heap when
 * they are the earliest.
 *
 * <p><b>Incoming.</b> {@link #add} only appends to a sequential buffer (a scattered write into
 * one of a thousand slots costs about twice as much); the buffer is placed into the wheel or the
 * heap, in sequence order, the next time the loop looks at its timers, and entries cancelled
 * meanwhile are dropped without being placed.
 *
 * <p>Deadlines and sequences live in primitive arrays next to the entries, so ordering never
 * touches entry objects and a sleeping task carries no timer fields.
 *
 * <p>Cancellation is O(1): the entry marks itself and calls {@link #noteCancelled()}; cancelled
 * entries are dropped when their slot opens or when they surface, and everything is rebuilt
 * without them once they are more than half of the queue (asyncio's policy), so memory stays
 * bounded under churn.
 *
 * <p>Loop thread only.
 */
public final class TimerQueue {
  private static final int ARITY = 4;
  private static final int COMPACT_MIN_SIZE = 256;

  static final int SLOT_SHIFT = 20;
  static final int SLOTS = 4096; // a power of two, a multiple of 64
  private static final int SLOT_INDEX_MASK = SLOTS - 1;
  private static final long SLOT_NUMBER_MASK = (1L << (64 - SLOT_SHIFT)) - 1;
  private static final long IN_SLOT_MASK = (1L << SLOT_SHIFT) - 1;
  /** On an empty wheel, the cursor is put this many slots before the first deadline. */
  private static final int MARGIN = SLOTS / 4;
  /** Slot arrays larger than this are released once their slot has opened. */
  private static final int KEEP_SLOT_CAPACITY = 64;
  /**
   * The incoming buffer grows by doubling up to this many entries, then by whole chunks of this
   * size: a burst of a million timers is never copied, and no array is large enough for the
   * garbage collector to treat specially (a humongous allocation forces a collection).
   */
  private static final int INCOMING_CHUNK = 4096;

  // Heap (everything outside the wheel's window).
  private long[] deadlines = new long[16];
  private long[] sequences = new long[16];
  private TimerEntry[] entries = new TimerEntry[16];
  private int heapSize;

  // Wheel.
  /** Per slot, (deadline, sequence) pairs side by side: one cache line per add, not two. */
  private final long[][] slotTimes = new long[SLOTS][];
  private final TimerEntry[][] slotEntries = new TimerEntry[SLOTS][];
  private final int[] slotCounts = new int[SLOTS];
  private final long[] occupied = new long[SLOTS / 64];
  private int wheelCount;
  /** Slot number (modulo 2^44) of the open slot; the wheel holds slots cursor+1..cursor+SLOTS. */
  private long cursor;

  // Run: the open slot's entries, sorted; runPos..runLen-1 are still queued.
  private long[] runDeadlines = new long[16];
  private long[] runSequences = new long[16];
  private TimerEntry[] runEntries = new TimerEntry[16];
  private int runPos;
  private int runLen;
  private long[] sortKeys = new long[16];

  // Incoming: added since the loop last looked, in sequence order, not yet placed. The current
  // chunk is incomingTimes/incomingEntries, filled up to incomingPos; full chunks wait, oldest
  // first, in fullTimeChunks/fullEntryChunks. A chunk is pushed only to add to a fresh one, so
  // incomingPos > 0 exactly when anything is incoming. Only deadlines are kept: the incoming
  // entries' sequences are the last ones handed out, in order, so they are counted back from
  // nextSequence when the buffer is placed (8 bytes less per timer in a burst).
  private long[] incomingTimes = new long[16];
  private TimerEntry[] incomingEntries = new TimerEntry[16];
  private int incomingPos;
  private final java.util.ArrayList<long[]> fullTimeChunks = new java.util.ArrayList<>();
  private final java.util.ArrayList<TimerEntry[]> fullEntryChunks = new java.util.ArrayList<>();
  /** A deadline of the cancelled entries the last slot opening dropped. */
  private long droppedDeadline;

  private int size;
  private int cancelled;
  private long nextSequence;

  /** Live plus not yet dropped cancelled entries. */
  public int size() {
    return size;
  }

  /** Entries that will still fire. */
  public int pending() {
    return size - cancelled;
  }

  /** Whether no entry, live or cancelled, is queued. */
  public boolean isEmpty() {
    return size == 0;
  }

  /**
   * Queues {@code entry} for {@code deadlineNanos}, after earlier equal deadlines; O(1): an
   * append to the incoming buffer, sorted into the wheel or the heap the next time the loop
   * looks at its timers (scattered writes cost about twice a sequential append, and entries
   * cancelled meanwhile are never placed at all).
   */
  public void add(long deadlineNanos, TimerEntry entry) {
    int pos = incomingPos;
    if (pos == incomingEntries.length) {
      growIncoming();
      pos = incomingPos;
    }
    incomingTimes[pos] = deadlineNanos;
    nextSequence++;
    incomingEntries[pos] = entry;
    incomingPos = pos + 1;
    size++;
  }

  /** Makes room in the incoming buffer: a bigger first chunk, or a new chunk once it is full size. */
  private void growIncoming() {
    int length = incomingEntries.length;
    if (length < INCOMING_CHUNK) {
      incomingTimes = Arrays.copyOf(incomingTimes, 2 * length);
      incomingEntries = Arrays.copyOf(incomingEntries, 2 * length);
    } else {
      fullTimeChunks.add(incomingTimes);
      fullEntryChunks.add(incomingEntries);
      incomingTimes = new long[INCOMING_CHUNK];
      incomingEntries = new TimerEntry[INCOMING_CHUNK];
      incomingPos = 0;
    }
  }

  /** Places the incoming entries (in sequence order) into the wheel or the heap. */
  private void drainIncoming() {
    int fullChunks = fullEntryChunks.size();
    long sequence = nextSequence - ((long) fullChunks * INCOMING_CHUNK + incomingPos);
    for (int chunk = 0; chunk < fullChunks; chunk++) {
      drainChunk(fullTimeChunks.get(chunk), fullEntryChunks.get(chunk), INCOMING_CHUNK, sequence);
      sequence += INCOMING_CHUNK;
    }
    fullTimeChunks.clear(); // full chunks go; the current one is kept, emptied, for reuse
    fullEntryChunks.clear();
    drainChunk(incomingTimes, incomingEntries, incomingPos, sequence);
    incomingPos = 0;
  }

  /** Places {@code count} incoming entries, whose sequences start at {@code firstSequence}. */
  private void drainChunk(long[] times, TimerEntry[] incoming, int count, long firstSequence) {
    for (int i = 0; i < count; i++) {
      TimerEntry entry = incoming[i];
      incoming[i] = null;
      if (entry.isTimerCancelled()) {
        droppedDeadline = times[i];
        cancelled--;
        size--;
      } else {
        place(times[i], firstSequence + i, entry);
      }
    }
  }

  private void place(long deadlineNanos, long sequence, TimerEntry entry) {
    long slot = deadlineNanos >>> SLOT_SHIFT;
    if (wheelCount == 0 && runPos == runLen) {
      cursor = (slot - MARGIN) & SLOT_NUMBER_MASK; // nothing pins the window: re-center it
    }
    long offset = (slot - cursor) & SLOT_NUMBER_MASK;
    if (offset >= 1 && offset <= SLOTS) {
      int index = (int) slot & SLOT_INDEX_MASK;
      int count = slotCounts[index];
      TimerEntry[] slotEntry = slotEntries[index];
      if (slotEntry == null || count == slotEntry.length) {
        slotEntry = growSlot(index, count);
      }
      long[] slotTime = slotTimes[index];
      slotTime[2 * count] = deadlineNanos;
      slotTime[2 * count + 1] = sequence;
      slotEntry[count] = entry;
      slotCounts[index] = count + 1;
      occupied[index >>> 6] |= 1L << index;
      wheelCount++;
    } else {
      heapAdd(deadlineNanos, sequence, entry);
    }
  }

  /**
   * The earliest deadline, exact; the queue must not be empty. Cancelled entries count (except
   * those already dropped when their slot opened).
   */
  public long peekDeadline() {
    if (incomingPos > 0) {
      drainIncoming();
    }
    fillRun();
    if (runPos < runLen) {
      long runDeadline = runDeadlines[runPos];
      return heapSize > 0 && deadlines[0] - runDeadline < 0 ? deadlines[0] : runDeadline;
    }
    // Opening slots may have dropped the last (cancelled) entries: answer one of their deadlines.
    return heapSize > 0 ? deadlines[0] : droppedDeadline;
  }

  /**
   * Fires, in order, every live entry whose deadline is at or before {@code nowNanos}, and drops
   * the cancelled ones it meets.
   */
  public void fireExpired(long nowNanos) {
    for (; ; ) {
      if (incomingPos > 0) {
        drainIncoming(); // including entries added while firing: due ones fire in this call
      }
      if (runPos == runLen) {
        fillRun();
      }
      TimerEntry entry;
      if (runPos < runLen
          && (heapSize == 0
              || !before(deadlines[0], sequences[0], runDeadlines[runPos], runSequences[runPos]))) {
        if (runDeadlines[runPos] - nowNanos > 0) {
          return;
        }
        entry = runEntries[runPos];
        runEntries[runPos++] = null;
        size--;
      } else if (heapSize > 0) {
        if (deadlines[0] - nowNanos > 0) {
          return;
        }
        entry = heapRemoveFirst();
      } else {
        return;
      }
      if (entry.isTimerCancelled()) {
        cancelled--;
      } else {
        entry.deadlineReached();
      }
    }
  }

  /** Drops cancelled entries from the head, so that {@link #peekDeadline()} is a live one. */
  public void dropCancelledHead() {
    if (incomingPos > 0) {
      drainIncoming();
    }
    for (; ; ) {
      if (runPos == runLen) {
        fillRun();
      }
      if (runPos < runLen
          && (heapSize == 0
              || !before(deadlines[0], sequences[0], runDeadlines[runPos], runSequences[runPos]))) {
        if (!runEntries[runPos].isTimerCancelled()) {
          return;
        }
        runEntries[runPos++] = null;
        size--;
      } else if (heapSize > 0) {
        if (!entries[0].isTimerCancelled()) {
          return;
        }
        heapRemoveFirst();
      } else {
        return;
      }
      cancelled--;
    }
  }

  /** Called by an entry that was cancelled while queued. */
  public void noteCancelled() {
    cancelled++;
    if (cancelled > COMPACT_MIN_SIZE && cancelled * 2 > size) {
      compact();
    }
  }

  /** Removes every entry, live or not, returning the live ones (in no particular order). */
  public TimerEntry[] clear() {
    drainIncoming();
    TimerEntry[] live = new TimerEntry[size - cancelled];
    int n = 0;
    for (int i = 0; i < heapSize; i++) {
      if (!entries[i].isTimerCancelled() && n < live.length) {
        live[n++] = entries[i];
      }
    }
    Arrays.fill(entries, 0, heapSize, null);
    heapSize = 0;
    for (int i = runPos; i < runLen; i++) {
      if (!runEntries[i].isTimerCancelled() && n < live.length) {
        live[n++] = runEntries[i];
      }
    }
    Arrays.fill(runEntries, runPos, runLen, null);
    runPos = runLen = 0;
    for (int word = 0; word < occupied.length; word++) {
      for (long bits = occupied[word]; bits != 0; bits &= bits - 1) {
        int index = word * 64 + Long.numberOfTrailingZeros(bits);
        TimerEntry[] slot = slotEntries[index];
        for (int i = 0; i < slotCounts[index]; i++) {
          if (!slot[i].isTimerCancelled() && n < live.length) {
            live[n++] = slot[i];
          }
        }
        releaseSlot(index);
      }
      occupied[word] = 0;
    }
    wheelCount = 0;
    size = 0;
    cancelled = 0;
    return n == live.length ? live : Arrays.copyOf(live, n);
  }

  // ---- wheel ----

  private TimerEntry[] growSlot(int index, int count) {
    int capacity = count == 0 ? 16 : count * 4; // few copies when a slot fills up fast
    if (slotEntries[index] == null) {
      slotTimes[index] = new long[2 * capacity];
      slotEntries[index] = new TimerEntry[capacity];
    } else {
      slotTimes[index] = Arrays.copyOf(slotTimes[index], 2 * count * 4);
      slotEntries[index] = Arrays.copyOf(slotEntries[index], capacity);
    }
    return slotEntries[index];
  }

  private void releaseSlot(int index) {
    TimerEntry[] slot = slotEntries[index];
    if (slot != null) {
      if (slot.length > KEEP_SLOT_CAPACITY) {
        slotTimes[index] = null;
        slotEntries[index] = null;
      } else {
        Arrays.fill(slot, 0, slotCounts[index], null);
      }
    }
    slotCounts[index] = 0;
  }

  /** While the run is used up and the wheel is not empty, opens the next occupied slot. */
  private void fillRun() {
    while (runPos == runLen && wheelCount > 0) {
      openNextSlot();
    }
  }

  private void openNextSlot() {
    int start = (int) (cursor + 1) & SLOT_INDEX_MASK;
    int index = nextOccupied(start);
    cursor = (cursor + 1 + ((index - start) & SLOT_INDEX_MASK)) & SLOT_NUMBER_MASK;
    occupied[index >>> 6] &= ~(1L << index);
    int count = slotCounts[index];
    wheelCount -= count;
    long[] slotTime = slotTimes[index];
    TimerEntry[] slotEntry = slotEntries[index];
    if (sortKeys.length < count || sortKeys.length > Math.max(1024, 4 * count)) {
      sortKeys = new long[Math.max(16, count)]; // grows with the slot, shrinks after a burst
    }
    long[] keys = sortKeys;
    int live = 0;
    droppedDeadline = slotTime[0];
    for (int i = 0; i < count; i++) {
      if (slotEntry[i].isTimerCancelled()) {
        cancelled--;
        size--;
      } else {
        // Position within the slot, then append order (= sequence order): one primitive sort.
        keys[live++] = ((slotTime[2 * i] & IN_SLOT_MASK) << 32) | i;
      }
    }
    if (runEntries.length < live || runEntries.length > Math.max(1024, 4 * live)) {
      int capacity = Math.max(16, live);
      runDeadlines = new long[capacity];
      runSequences = new long[capacity];
      runEntries = new TimerEntry[capacity];
    }
    if (live > 1) {
      Arrays.sort(keys, 0, live);
    }
    for (int j = 0; j < live; j++) {
      int i = (int) keys[j];
      runDeadlines[j] = slotTime[2 * i];
      runSequences[j] = slotTime[2 * i + 1];
      runEntries[j] = slotEntry[i];
    }
    runPos = 0;
    runLen = live;
    releaseSlot(index);
  }

  /** The first occupied slot index at or after {@code start}, wrapping; the wheel is not empty. */
  private int nextOccupied(int start) {
    int word = start >>> 6;
    long bits = occupied[word] & (-1L << start);
    for (int scanned = 0; bits == 0; scanned++) {
      word = (word + 1) & (occupied.length - 1);
      bits = occupied[word];
      if (scanned > occupied.length) {
        throw new IllegalStateException("timer wheel count out of sync");
      }
    }
    return word * 64 + Long.numberOfTrailingZeros(bits);
  }

  /** Drops every cancelled entry everywhere, in O(n); the order of what stays is unchanged. */
  private void compact() {
    drainIncoming();
    int n = runPos;
    for (int i = runPos; i < runLen; i++) {
      if (!runEntries[i].isTimerCancelled()) {
        runDeadlines[n] = runDeadlines[i];
        runSequences[n] = runSequences[i];
        runEntries[n] = runEntries[i];
        n++;
      }
    }
    Arrays.fill(runEntries, n, runLen, null);
    runLen = n;
    int inWheel = 0;
    for (int word = 0; word < occupied.length; word++) {
      for (long bits = occupied[word]; bits != 0; bits &= bits - 1) {
        int index = word * 64 + Long.numberOfTrailingZeros(bits);
        long[] slotTime = slotTimes[index];
        TimerEntry[] slotEntry = slotEntries[index];
        int count = slotCounts[index];
        int kept = 0;
        for (int i = 0; i < count; i++) {
          if (!slotEntry[i].isTimerCancelled()) {
            slotTime[2 * kept] = slotTime[2 * i];
            slotTime[2 * kept + 1] = slotTime[2 * i + 1];
            slotEntry[kept] = slotEntry[i];
            kept++;
          }
        }
        Arrays.fill(slotEntry, kept, count, null);
        slotCounts[index] = kept;
        if (kept == 0) {
          occupied[word] &= ~(1L << index);
          releaseSlot(index);
        }
        inWheel += kept;
      }
    }
    wheelCount = inWheel;
    heapCompact();
    size = heapSize + wheelCount + (runLen - runPos);
    cancelled = 0;
  }

  // ---- heap ----

  private void heapAdd(long deadline, long sequence, TimerEntry entry) {
    if (heapSize == entries.length) {
      int capacity = heapSize * 2;
      deadlines = Arrays.copyOf(deadlines, capacity);
      sequences = Arrays.copyOf(sequences, capacity);
      entries = Arrays.copyOf(entries, capacity);
    }
    siftUp(heapSize++, deadline, sequence, entry);
  }

  private TimerEntry heapRemoveFirst() {
    TimerEntry first = entries[0];
    int last = --heapSize;
    size--;
    if (last > 0) {
      siftDown(0, deadlines[last], sequences[last], entries[last]);
    }
    entries[last] = null;
    return first;
  }

  private void heapCompact() {
    int n = 0;
    for (int i = 0; i < heapSize; i++) {
      if (!entries[i].isTimerCancelled()) {
        deadlines[n] = deadlines[i];
        sequences[n] = sequences[i];
        entries[n] = entries[i];
        n++;
      }
    }
    Arrays.fill(entries, n, heapSize, null);
    heapSize = n;
    for (int i = (n - 2) / ARITY; i >= 0; i--) {
      siftDown(i, deadlines[i], sequences[i], entries[i]);
    }
  }

  private static boolean before(long deadlineA, long sequenceA, long deadlineB, long sequenceB) {
    long byDeadline = deadlineA - deadlineB; // overflow-safe comparison of nanoTime values
    return byDeadline < 0 || (byDeadline == 0 && sequenceA < sequenceB);
  }

  private void siftUp(int index, long deadline, long sequence, TimerEntry entry) {
    while (index > 0) {
      int parent = (index - 1) / ARITY;
      if (!before(deadline, sequence, deadlines[parent], sequences[parent])) {
        break;
      }
      move(parent, index);
      index = parent;
    }
    put(index, deadline, sequence, entry);
  }

  private void siftDown(int index, long deadline, long sequence, TimerEntry entry) {
    for (; ; ) {
      int firstChild = index * ARITY + 1;
      if (firstChild >= heapSize) {
        break;
      }
      int smallest = firstChild;
      int end = Math.min(firstChild + ARITY, heapSize);
      for (int child = firstChild + 1; child < end; child++) {
        if (before(deadlines[child], sequences[child], deadlines[smallest], sequences[smallest])) {
          smallest = child;
        }
      }
      if (!before(deadlines[smallest], sequences[smallest], deadline, sequence)) {
        break;
      }
      move(smallest, index);
      index = smallest;
    }
    put(index, deadline, sequence, entry);
  }

  private void move(int from, int to) {
    deadlines[to] = deadlines[from];
    sequences[to] = sequences[from];
    entries[to] = entries[from];
  }

  private void put(int index, long deadline, long sequence, TimerEntry entry) {
    deadlines[index] = deadline;
    sequences[index] = sequence;
    entries[index] = entry;
  }
}
