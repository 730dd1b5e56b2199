package dev.weft.sync;

import dev.weft.Task;
import dev.weft.internal.LoopCore;

/**
 * A flag that tasks can wait for (asyncio's {@code Event}): {@link #set()} raises it and wakes
 * every waiter, {@link #clear()} lowers it, {@link #waitUntilSet()} waits until it is raised.
 * It starts lowered.
 *
 * <p><b>Threads.</b> The methods that wait or change state must be called on the thread of the
 * loop the event belongs to (the loop of its first use; {@code set} and {@code clear} may also
 * prepare an event before any loop runs). Calls from elsewhere throw {@link
 * IllegalStateException}. The queries ({@code isSet}, {@code waiting}) do not check the thread, and
 * are exact only on the loop's thread. To set an event from
 * another thread, hand the call to its loop: {@code loop.callSoonThreadsafe(event::set)}.
 */
public final class Event extends LoopBound {
  private boolean set;
  private final WaitQueue<Void> waiters = new WaitQueue<>("Event.waitUntilSet", false) {};

  /** A new event, not set. It binds to the event loop that first uses it. */
  public Event() {}

  /** A new event, set or not, without binding it to a loop yet; for the queues' join. */
  Event(boolean set) {
    this.set = set;
  }

  /** Whether the flag is raised. */
  public boolean isSet() {
    return set;
  }

  /**
   * Raises the flag and wakes every task waiting for it, in the order they started waiting; they
   * resume on later turns of the loop, even if the flag is cleared again before then. Calls of
   * {@link #waitUntilSet()} made while the flag is up do not wait. Does nothing if already set.
   *
   * @throws IllegalStateException if the event belongs to another loop's thread
   */
  public void set() {
    checkLoop("set");
    if (!set) {
      set = true;
      waiters.grantAll(null);
    }
  }

  /**
   * Lowers the flag: later calls of {@link #waitUntilSet()} wait for the next {@link #set()}.
   *
   * @throws IllegalStateException if the event belongs to another loop's thread
   */
  public void clear() {
    checkLoop("clear");
    set = false;
  }

  /**
   * Waits until the flag is raised: the returned task completes with {@code null} then. If the
   * flag is up already, the task is already complete (awaiting it does not suspend).
   *
   * <p><b>Cancellation.</b> Cancelling the returned task (or the task awaiting it) while it waits
   * takes it out of the waiters; other waiters are unaffected.
   *
   * @throws IllegalStateException if no event loop runs on the calling thread, or the event
   *     belongs to another loop
   */
  public Task<Void> waitUntilSet() {
    LoopCore loop = requireLoop("waitUntilSet");
    if (set) {
      return Task.done();
    }
    return waiters.enqueue(loop, null);
  }

  /** How many calls wait for the flag now. */
  public int waiting() {
    return waiters.size();
  }

  @Override
  public String toString() {
    return "Event[" + (set ? "set" : "unset") + ", waiting=" + waiting() + "]";
  }
}
