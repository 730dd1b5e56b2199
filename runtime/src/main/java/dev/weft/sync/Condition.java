package dev.weft.sync;

import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.internal.Coroutine;
import dev.weft.internal.LoopCore;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition variable for tasks of one event loop (asyncio's {@code Condition}, with the method
 * names of {@link java.util.concurrent.locks.Condition}): tasks holding its {@link Lock} wait for
 * a signal from another task, which changes shared state under the same lock.
 *
 * <pre>{@code
 * // consumer                                   // producer
 * await(ready.acquire());                       await(ready.acquire());
 * try {                                         try {
 *   await(ready.waitUntil(() -> !items.isEmpty()));  items.add(item);
 *   item = items.remove();                        ready.signal();
 * } finally {                                   } finally {
 *   ready.release();                              ready.release();
 * }                                             }
 * }</pre>
 *
 * <p><b>Fairness.</b> Signals wake waiters in the order they started waiting; woken waiters then
 * take the lock back in FIFO order with every other caller of {@link Lock#acquire()}.
 *
 * <p><b>Threads.</b> The methods that wait or change state must be called on the thread of the
 * loop the condition belongs to (the loop of its first use); calls from elsewhere throw {@link
 * IllegalStateException}. The queries ({@code isLocked}, {@code waiting}) do not check the thread,
 * and are exact only on the loop's thread.
 */
public final class Condition extends LoopBound {
  private final Lock lock;
  private final ArrayDeque<Promise<Void>> signals = new ArrayDeque<>();

  /** A condition with a new lock of its own. */
  public Condition() {
    this(new Lock());
  }

  /** A condition over {@code lock}, which several conditions may share. */
  public Condition(Lock lock) {
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  /** The condition's lock. */
  public Lock lock() {
    return lock;
  }

  /** {@link Lock#acquire()} of the condition's lock, with its guarantees. */
  public Task<Void> acquire() {
    return lock.acquire();
  }

  /** {@link Lock#release()} of the condition's lock, with its guarantees. */
  public void release() {
    lock.release();
  }

  /** Whether the condition's lock is held. */
  public boolean isLocked() {
    return lock.isLocked();
  }

  /**
   * Releases the lock, waits for a {@link #signal()} or {@link #signalAll()}, then takes the lock
   * back, and completes with {@code null}. The caller must hold the lock, and holds it again when
   * the task completes, whatever its outcome. As with every condition variable, re-check the
   * state after waking: {@link #waitUntil} does it for you.
   *
   * <p><b>Cancellation.</b> A cancelled wait still takes the lock back before its task ends
   * cancelled (asyncio does the same), so a {@code finally} that releases the lock stays right.
   * A waiter cancelled after being signalled passes the signal on to the next waiter, so no
   * signal is lost.
   *
   * @throws IllegalStateException if the lock is not held, if no event loop runs on the calling
   *     thread, or the condition belongs to another loop
   */
  public Task<Void> waitForSignal() {
    LoopCore loop = requireLoop("waitForSignal");
    requireLock("waitForSignal");
    return new WaitForSignal(this, loop).start();
  }

  /**
   * Waits until {@code predicate} is true: checks it, and while it is false waits for a signal
   * ({@link #waitForSignal()}) and checks it again, always holding the lock while checking.
   * Completes with {@code null} at once, without releasing the lock, if it is true already.
   *
   * <p><b>Cancellation and exceptions</b> are those of {@link #waitForSignal()}; an exception
   * from {@code predicate} fails the task, the lock still held.
   *
   * @throws IllegalStateException as {@link #waitForSignal()} does, when it has to wait
   */
  public Task<Void> waitUntil(BooleanSupplier predicate) {
    Objects.requireNonNull(predicate, "predicate");
    requireLoop("waitUntil");
    if (predicate.getAsBoolean()) {
      return Task.done();
    }
    requireLock("waitUntil");
    return new WaitUntil(this, predicate).start();
  }

  /**
   * Wakes the first task waiting on this condition, if any. It resumes only once it has taken
   * the lock back, so after the caller releases it.
   *
   * @throws IllegalStateException if the lock is not held, or the condition belongs to another
   *     loop's thread
   */
  public void signal() {
    signal(1);
  }

  /**
   * Wakes the first {@code n} tasks waiting on this condition (all of them if fewer wait), in
   * the order they started waiting.
   *
   * @throws IllegalStateException if the lock is not held, or the condition belongs to another
   *     loop's thread
   */
  public void signal(int n) {
    checkLoop("signal");
    requireLock("signal");
    wake(n);
  }

  /**
   * Wakes every task waiting on this condition, in the order they started waiting.
   *
   * @throws IllegalStateException if the lock is not held, or the condition belongs to another
   *     loop's thread
   */
  public void signalAll() {
    signal(Integer.MAX_VALUE);
  }

  /** How many tasks wait for a signal now. */
  public int waiting() {
    return signals.size();
  }

  private void requireLock(String operation) {
    if (!lock.isLocked()) {
      throw new IllegalStateException(
          "Condition."
              + operation
              + "() needs the condition's lock, which is not held: await(condition.acquire())"
              + " first, and release it in a finally block");
    }
  }

  private void wake(int n) {
    Promise<Void> signal;
    while (n > 0 && (signal = signals.pollFirst()) != null) {
      if (signal.complete(null)) {
        n--;
      }
    }
  }

  @Override
  public String toString() {
    return "Condition[" + (isLocked() ? "locked" : "unlocked") + ", waiting=" + waiting() + "]";
  }

  /**
   * <pre>{@code
   * @Async Task<Void> waitForSignal() {
   *   Promise<Void> signal = new Promise<>();
   *   signals.add(signal);
   *   lock.release();
   *   Throwable failure = null;
   *   try {
   *     await(signal);
   *   } catch (Throwable e) {                 // a cancelled signal has left the line already
   *     failure = e;
   *   }
   *   for (;;) {                              // take the lock back, even when cancelled
   *     try {
   *       await(lock.acquire());
   *       break;
   *     } catch (CancelledException e) {
   *       failure = e;
   *     }
   *   }
   *   if (failure != null) {
   *     if (signal.isSucceeded()) wake(1);    // signalled, but cannot use it: pass it on
   *     throw failure;
   *   }
   *   return Task.done();
   * }
   * }</pre>
   */
  private static final class WaitForSignal extends Coroutine<Void> {
    private final Condition condition;
    private final Promise<Void> signal;
    private Throwable failure;

    WaitForSignal(Condition condition, LoopCore loop) {
      this.condition = condition;
      this.signal =
          new Promise<>(loop) {
            @Override
            protected void onSettled() {
              if (isCancelled()) {
                condition.signals.remove(this); // leave the line at once: waiting() stays exact
              }
            }
          };
    }

    @Override
    protected void resume() throws Throwable {
      for (; ; ) {
        switch (state) {
          case 0:
            condition.signals.addLast(signal);
            condition.lock.release();
            if (suspendOn(signal, 1)) {
              return;
            }
          // fall through
          case 1:
            try {
              awaited();
            } catch (Throwable e) {
              failure = e;
            }
          // fall through
          case 2:
            if (suspendOn(condition.lock.acquire(), 3)) {
              return;
            }
          // fall through
          case 3:
            try {
              awaited();
            } catch (CancelledException e) {
              failure = e;
              state = 2;
              continue;
            }
            if (failure != null) {
              if (signal.isSucceeded()) {
                condition.wake(1);
              }
              throw failure;
            }
            returnValue(null);
            return;
          default:
            throw new IllegalStateException(describe() + ": state " + state);
        }
      }
    }

    @Override
    protected String describe() {
      return "Condition.waitForSignal";
    }
  }

  /**
   * <pre>{@code
   * @Async Task<Void> waitUntil(BooleanSupplier predicate) {
   *   while (!predicate.getAsBoolean()) {
   *     await(waitForSignal());
   *   }
   *   return Task.done();
   * }
   * }</pre>
   *
   * The first check happened in {@link Condition#waitUntil} already, so it starts waiting.
   */
  private static final class WaitUntil extends Coroutine<Void> {
    private final Condition condition;
    private final BooleanSupplier predicate;

    WaitUntil(Condition condition, BooleanSupplier predicate) {
      this.condition = condition;
      this.predicate = predicate;
    }

    @Override
    protected void resume() throws Throwable {
      for (; ; ) {
        switch (state) {
          case 0:
            if (suspendOn(condition.waitForSignal(), 1)) {
              return;
            }
          // fall through
          case 1:
            awaited();
            if (predicate.getAsBoolean()) {
              returnValue(null);
              return;
            }
            state = 0;
            continue;
          default:
            throw new IllegalStateException(describe() + ": state " + state);
        }
      }
    }

    @Override
    protected String describe() {
      return "Condition.waitUntil";
    }
  }
}
