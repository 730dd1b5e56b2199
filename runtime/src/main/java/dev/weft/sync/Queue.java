package dev.weft.sync;

import dev.weft.Task;
import dev.weft.internal.LoopCore;
import java.util.Objects;

/**
 * A first-in, first-out queue for producer and consumer tasks of one event loop (asyncio's {@code
 * Queue}); {@link PriorityQueue} and {@link LifoQueue} change only the order items come out.
 * Bounded when made with a positive {@code maxSize}: then {@link #put} waits while the queue is
 * full, which slows producers down to the pace of consumers (back-pressure).
 *
 * <pre>{@code
 * // producer                          // consumer
 * await(jobs.put(job));                for (;;) {
 * ...                                    Job job = await(jobs.get());
 * await(jobs.join());                    try { handle(job); } finally { jobs.taskDone(); }
 *                                      }
 * }</pre>
 *
 * <p><b>Fairness.</b> Waiting getters get items, and waiting putters get free slots, in the order
 * they started waiting. An item put while getters wait goes straight to the first of them, and a
 * slot freed while putters wait goes at once to the first of them (its item goes in), so a caller
 * of {@link #getNow()} or {@link #putNow} cannot overtake a waiting task.
 *
 * <p><b>Cancellation.</b> Cancelling a waiting {@code get} or {@code put} (or the task awaiting
 * it) never loses an item: a getter cancelled after it was handed an item, but before it
 * resumed, gives the item to the next getter or back to the queue, as the oldest item. A putter
 * cancelled in the same situation takes its item back out and passes its slot on, unless a getter
 * has already taken the item: then the put stands, though the putter ends cancelled.
 *
 * <p><b>Shutdown</b> follows Python 3.13: see {@link #shutdown(boolean)}.
 *
 * <p><b>Exceptions.</b> Methods returning a task report the outcome of the operation through the
 * task ({@link QueueShutDownException}); calls that are wrong in themselves (a null item, the
 * wrong thread) throw at once.
 *
 * <p><b>Threads.</b> The methods that wait or change state must be called on the thread of the
 * loop the queue belongs to (the loop of its first use; the methods that never wait may also fill
 * a queue before any loop runs). Calls from elsewhere throw {@link IllegalStateException}. The
 * queries ({@code size}, {@code isEmpty}, {@code isFull}, ...) do not check the thread, and are
 * exact only on the loop's thread. Other threads hand items over
 * with {@code loop.callSoonThreadsafe(() -> queue.putNow(item))}.
 *
 * @param <E> the type of the items; null items are refused
 */
public sealed class Queue<E> extends LoopBound permits PriorityQueue, LifoQueue {
  private final int maxSize;
  private final Storage<E> items;

  /** Items handed to getters that have not resumed yet. */
  private int itemsHandedToGetters;

  private int unfinishedTasks;

  /** Set while no item is unfinished: what {@link #join()} waits for. */
  private final Event finished = new Event(true);

  private boolean shutDown;
  private boolean shutDownImmediately;

  private final WaitQueue<E> getters;
  private final WaitQueue<Void> putters;

  /** An unbounded FIFO queue; it binds to the event loop that first uses it. */
  public Queue() {
    this(0);
  }

  /**
   * A FIFO queue holding at most {@code maxSize} items, or unbounded when {@code maxSize} is 0 or
   * less (as in asyncio); it binds to the event loop that first uses it.
   */
  public Queue(int maxSize) {
    this(maxSize, Storage.fifo());
  }

  Queue(int maxSize, Storage<E> items) {
    this.maxSize = Math.max(0, maxSize);
    this.items = items;
    String kind = getClass().getSimpleName();
    this.getters =
        new WaitQueue<>(kind + ".get", true) {
          @Override
          void claim(Waiter<E> getter, E item) {
            itemsHandedToGetters--;
            wakePutters();
          }

          @Override
          void giveBack(Waiter<E> getter, E item) {
            itemsHandedToGetters--;
            if (shutDownImmediately) {
              drop();
            } else if (!handToGetter(item)) {
              items.addOldest(item);
            }
          }
        };
    this.putters =
        new WaitQueue<>(kind + ".put", true) {
          @Override
          void giveBack(Waiter<Void> putter, Void slot) {
            // The item went in when the slot was given: take it out again, unless it is gone.
            if (items.removeSame(putter.payload)) {
              drop();
              wakePutters();
            }
          }
        };
  }

  /** The bound given at construction, or 0 for an unbounded queue. */
  public final int maxSize() {
    return maxSize;
  }

  /** The number of items in the queue, ready for {@link #getNow()}. */
  public final int size() {
    return items.size();
  }

  /** Whether the queue holds no item: {@link #getNow()} would throw. */
  public final boolean isEmpty() {
    return items.size() == 0;
  }

  /**
   * Whether a bounded queue has no free slot: {@link #putNow} would throw. Besides the items in
   * the queue, it counts the items handed to getters that have not resumed yet. Never true for an
   * unbounded queue.
   */
  public final boolean isFull() {
    return maxSize > 0 && items.size() + itemsHandedToGetters >= maxSize;
  }

  /**
   * Puts {@code item} in the queue, waiting for a free slot while a bounded queue is full.
   *
   * <p>With a free slot, the item goes in at once (straight to the first waiting getter, if any)
   * and an already completed task is returned. Otherwise the caller waits, in line with the other
   * putters, and its item goes in on its turn after a slot frees.
   *
   * <p><b>Cancellation.</b> A put cancelled while it waits ends cancelled without putting its
   * item. If its caller is cancelled after the put was given a slot but before it resumed, the
   * item is taken back out and the slot passes on, unless a getter took the item already.
   *
   * <p><b>Exceptions.</b> The task fails with {@link QueueShutDownException} if the queue is shut
   * down before the item is in.
   *
   * @throws NullPointerException if {@code item} is null
   * @throws IllegalStateException if no event loop runs on the calling thread, or the queue
   *     belongs to another loop
   */
  public final Task<Void> put(E item) {
    Objects.requireNonNull(item, "item");
    LoopCore loop = requireLoop("put");
    if (shutDown) {
      return Task.failed(shutDownException(kind() + ".put"));
    }
    if (!isFull()) {
      deliver(item);
      return Task.done();
    }
    return putters.enqueue(loop, item);
  }

  /**
   * Puts {@code item} in the queue without waiting (straight to the first waiting getter, if
   * any).
   *
   * @throws QueueFullException if the queue is bounded and full
   * @throws QueueShutDownException if the queue is shut down
   * @throws NullPointerException if {@code item} is null
   * @throws IllegalStateException if the queue belongs to another loop's thread
   */
  public final void putNow(E item) {
    Objects.requireNonNull(item, "item");
    checkLoop("putNow");
    if (shutDown) {
      throw shutDownException(kind() + ".putNow");
    }
    if (isFull()) {
      throw new QueueFullException(
          kind() + ".putNow: the queue is full (" + maxSize + " items); await put(item) instead");
    }
    deliver(item);
  }

  /**
   * Takes the next item, waiting for one while the queue is empty.
   *
   * <p>With an item in the queue, it is taken at once and an already completed task is returned.
   * Otherwise the caller waits, in line with the other getters, and is handed the next item put.
   *
   * <p><b>Cancellation.</b> A get cancelled while it waits ends cancelled without taking an item;
   * an item it had been handed goes to the next getter, or back into the queue as its oldest
   * item.
   *
   * <p><b>Exceptions.</b> The task fails with {@link QueueShutDownException} if the queue is shut
   * down and empty, or shut down immediately.
   *
   * @throws IllegalStateException if no event loop runs on the calling thread, or the queue
   *     belongs to another loop
   */
  public final Task<E> get() {
    LoopCore loop = requireLoop("get");
    if (items.size() > 0) {
      return Task.of(take());
    }
    if (shutDown) {
      return Task.failed(shutDownException(kind() + ".get"));
    }
    return getters.enqueue(loop, null);
  }

  /**
   * Takes the next item without waiting.
   *
   * @throws QueueEmptyException if the queue is empty
   * @throws QueueShutDownException if the queue is empty and shut down
   * @throws IllegalStateException if the queue belongs to another loop's thread
   */
  public final E getNow() {
    checkLoop("getNow");
    if (items.size() > 0) {
      return take();
    }
    if (shutDown) {
      throw shutDownException(kind() + ".getNow");
    }
    throw new QueueEmptyException(kind() + ".getNow: the queue is empty; await get() instead");
  }

  /**
   * Tells the queue that the processing of one item taken from it is complete, for {@link
   * #join()}: each item put counts as unfinished until a {@code taskDone()} matches it.
   *
   * @throws IllegalStateException if called more times than items were put, or from another
   *     loop's thread
   */
  public final void taskDone() {
    checkLoop("taskDone");
    if (unfinishedTasks <= 0) {
      throw new IllegalStateException(
          kind() + ".taskDone() called more times than items were put in the queue");
    }
    drop();
  }

  /**
   * Waits until every item put has been taken and processed: the task completes once the count
   * of unfinished items (up with each item put, down with each {@link #taskDone()}) reaches zero;
   * at once if it is zero. Cancelling it affects no one else.
   *
   * @throws IllegalStateException if no event loop runs on the calling thread, or the queue
   *     belongs to another loop
   */
  public final Task<Void> join() {
    requireLoop("join");
    return unfinishedTasks == 0 ? Task.done() : finished.waitUntilSet();
  }

  /** The number of items put and not yet matched by {@link #taskDone()}. */
  public final int unfinishedTasks() {
    return unfinishedTasks;
  }

  /** {@link #shutdown(boolean) shutdown(false)}. */
  public final void shutdown() {
    shutdown(false);
  }

  /**
   * Shuts the queue down, as Python 3.13's {@code Queue.shutdown}: the queue can no longer grow.
   * Later puts fail with {@link QueueShutDownException}, and so do the puts waiting now (their
   * items are not put).
   *
   * <p>If {@code immediate} is false, the items in the queue can still be taken; once it is
   * empty, gets fail with {@link QueueShutDownException} (the getters waiting now do at once,
   * since the queue is empty when getters wait), and {@link #join()} completes normally when
   * every item taken is matched by {@link #taskDone()}.
   *
   * <p>If {@code immediate} is true, the queue is emptied, the count of unfinished items goes down
   * by the number of items dropped (so {@link #join()} completes if it reaches zero), and every
   * get, waiting or later, fails with {@link QueueShutDownException}. Beware: that can complete
   * {@code join()} though no work was done on the items.
   *
   * <p>Either way, a get or put that was served before the shutdown (handed an item, or given a
   * slot, its item put) but has not resumed yet completes normally.
   *
   * <p>Calling it again is allowed: an immediate shutdown after a normal one empties the queue.
   *
   * @throws IllegalStateException if the queue belongs to another loop's thread
   */
  public final void shutdown(boolean immediate) {
    checkLoop("shutdown");
    shutDown = true;
    if (immediate && !shutDownImmediately) {
      shutDownImmediately = true;
      for (int n = items.size(); n > 0; n--) {
        drop();
      }
      items.clear();
    }
    String kind = kind();
    getters.refuseAll(() -> shutDownException(kind + ".get"));
    putters.refuseAll(() -> shutDownException(kind + ".put"));
  }

  /** Whether {@link #shutdown(boolean)} was called. */
  public final boolean isShutDown() {
    return shutDown;
  }

  /** How many {@link #get()} calls wait for an item now. */
  public final int waitingGetters() {
    return getters.size();
  }

  /** How many {@link #put} calls wait for a slot now. */
  public final int waitingPutters() {
    return putters.size();
  }

  @Override
  public String toString() {
    return kind()
        + "[size="
        + size()
        + (maxSize > 0 ? "/" + maxSize : "")
        + ", getters="
        + waitingGetters()
        + ", putters="
        + waitingPutters()
        + ", unfinished="
        + unfinishedTasks
        + (shutDownImmediately ? ", shut down immediately" : shutDown ? ", shut down" : "")
        + "]";
  }

  // ---------------------------------------------------------------------------------------------

  /** A new item enters: counted unfinished, then handed to the first getter or stored. */
  private void deliver(E item) {
    unfinishedTasks++;
    finished.clear();
    if (!handToGetter(item)) {
      items.add(item);
    }
  }

  private boolean handToGetter(E item) {
    if (getters.grantFirst(item)) {
      itemsHandedToGetters++;
      return true;
    }
    return false;
  }

  /** Takes a stored item, then gives the freed slot to the first waiting putter. */
  private E take() {
    E item = items.take();
    wakePutters();
    return item;
  }

  /** Gives free slots to the waiting putters, in order: their items go in now. */
  private void wakePutters() {
    Waiter<Void> putter;
    while (!isFull() && (putter = putters.poll()) != null) {
      @SuppressWarnings("unchecked")
      E item = (E) putter.payload;
      deliver(item);
      putter.grant(null);
    }
  }

  /** One unfinished item is done with (processed, or dropped by an immediate shutdown). */
  private void drop() {
    if (unfinishedTasks > 0 && --unfinishedTasks == 0) {
      finished.set();
    }
  }

  private static QueueShutDownException shutDownException(String operation) {
    return new QueueShutDownException(operation + ": the queue is shut down");
  }
}
