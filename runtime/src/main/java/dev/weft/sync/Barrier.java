package dev.weft.sync;

import dev.weft.Task;
import dev.weft.internal.LoopCore;

/**
 * A meeting point for a fixed number of tasks (asyncio's {@code Barrier}): each calls {@link
 * #arriveAndWait()}, and all of them continue once the last one has arrived. The barrier then
 * starts over for the next round.
 *
 * <p>Unlike asyncio, a round needs no draining phase: the parties are released together when the
 * last arrives, and a task arriving afterwards already belongs to the next round.
 *
 * <p><b>Threads.</b> The methods that wait or change state must be called on the thread of the
 * loop the barrier belongs to (the loop of its first use); calls from elsewhere throw {@link
 * IllegalStateException}. The queries ({@code parties}, {@code waiting}, {@code isBroken}) do not
 * check the thread, and are exact only on the loop's thread.
 */
public final class Barrier extends LoopBound {
  private final int parties;
  private boolean broken;
  private final WaitQueue<Integer> waiters = new WaitQueue<>("Barrier.arriveAndWait", false) {};

  /**
   * A barrier for {@code parties} tasks; it binds to the event loop that first uses it.
   *
   * @throws IllegalArgumentException if {@code parties} is less than 1
   */
  public Barrier(int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("a barrier needs 1 party or more, not " + parties);
    }
    this.parties = parties;
  }

  /**
   * Arrives at the barrier and waits for the others of this round. The returned task completes,
   * for every party of the round, once the last one arrives, with the party's arrival index: 0
   * for the first to arrive, {@code parties() - 1} for the last, whose task is already complete
   * when returned. The waiting parties resume in arrival order, on later turns of the loop.
   *
   * <p><b>Cancellation.</b> A party cancelled while waiting leaves the round (it no longer
   * counts as arrived; the barrier is not broken, as in asyncio). Once the round is complete, a
   * cancellation changes nothing for the others.
   *
   * <p><b>Exceptions.</b> The task fails with {@link BrokenBarrierException} if the barrier is
   * broken when the caller arrives, or is broken or reset while it waits.
   *
   * @throws IllegalStateException if no event loop runs on the calling thread, or the barrier
   *     belongs to another loop
   */
  public Task<Integer> arriveAndWait() {
    LoopCore loop = requireLoop("arriveAndWait");
    if (broken) {
      return Task.failed(new BrokenBarrierException("the barrier is broken"));
    }
    if (waiters.size() + 1 < parties) {
      return waiters.enqueue(loop, null);
    }
    for (int index = 0; index < parties - 1; index++) {
      waiters.grantFirst(index);
    }
    return Task.of(parties - 1);
  }

  /**
   * Puts the barrier back in its initial, empty state: the tasks waiting now fail with {@link
   * BrokenBarrierException}, and a broken barrier becomes usable again.
   *
   * @throws IllegalStateException if the barrier belongs to another loop's thread
   */
  public void reset() {
    checkLoop("reset");
    broken = false;
    waiters.refuseAll(() -> new BrokenBarrierException("the barrier was reset while waiting"));
  }

  /**
   * Breaks the barrier: the tasks waiting now, and every later {@link #arriveAndWait()} until a
   * {@link #reset()}, fail with {@link BrokenBarrierException}. Useful when one party fails and
   * the others must not wait for it forever.
   *
   * @throws IllegalStateException if the barrier belongs to another loop's thread
   */
  public void abort() {
    checkLoop("abort");
    broken = true;
    waiters.refuseAll(() -> new BrokenBarrierException("the barrier was aborted"));
  }

  /** The number of tasks a round needs. */
  public int parties() {
    return parties;
  }

  /** How many tasks of the current round have arrived and wait. */
  public int waiting() {
    return waiters.size();
  }

  /** Whether the barrier is broken ({@link #abort()}) and not reset since. */
  public boolean isBroken() {
    return broken;
  }

  @Override
  public String toString() {
    return "Barrier[" + (broken ? "broken" : "waiting=" + waiting() + "/" + parties) + "]";
  }
}
