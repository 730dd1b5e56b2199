package dev.weft.sync;

import dev.weft.Task;
import dev.weft.internal.Coroutine;
import dev.weft.internal.LoopCore;

/**
 * One call of a primitive that has to wait ({@code Lock.acquire}, {@code Queue.get}, ...): the
 * task the call returns, in the line of its {@link WaitQueue}, which completes it to grant the call
 * (the lock, a permit, an item) or fails it to refuse it (a shut-down queue, a broken barrier).
 *
 * <p><b>The claim point.</b> A grant and the resumption of the task awaiting it are two loop turns
 * apart, and that task may be cancelled in between: it then gets a {@link
 * dev.weft.CancelledException} at its await instead of the grant, and a lock or an item would be
 * lost. asyncio avoids this by running the end of {@code acquire()} inside the caller's task; here
 * the grant schedules this waiter's {@link #run()} at once, and the caller's resumption is
 * scheduled right after it by the same completion, so nothing can run between the two. At that
 * point the waiter looks at its caller: if the caller still awaits this task and has a
 * cancellation pending, the grant will never reach it, and the waiter gives it back ({@link
 * WaitQueue#giveBack}); otherwise the caller is about to receive it ({@link WaitQueue#claim}).
 *
 * <p>The caller is the task whose code made the call ({@code await(lock.acquire())}). A task
 * handed to someone else and awaited there (or through a combinator) is claimed when granted.
 *
 * <p>A cancellation before the grant ends this task as cancelled and takes it out of the line at
 * once, so the primitive's counts stay exact.
 */
final class Waiter<T> extends Task<T> implements Runnable {
  private final WaitQueue<T> queue;

  /** The coroutine whose code made the call, or null when a callback did. */
  private final Coroutine<?> caller;

  /** What the call brings with it: the item of a {@code put}, or null. */
  final Object payload;

  private Waiter(LoopCore loop, WaitQueue<T> queue, Object payload, Coroutine<?> caller) {
    super(loop);
    this.queue = queue;
    this.payload = payload;
    this.caller = caller;
  }

  /** Makes a waiter at the end of {@code queue}; loop thread only. */
  static <T> Waiter<T> startWaiting(LoopCore loop, WaitQueue<T> queue, Object payload) {
    Object current = loop.currentTask();
    Coroutine<?> caller = current instanceof Coroutine ? (Coroutine<?>) current : null;
    Waiter<T> waiter = new Waiter<>(loop, queue, payload, caller);
    queue.add(waiter);
    return waiter;
  }

  /** Whether the waiter still waits for a grant (not granted, refused or cancelled yet). */
  boolean isWaiting() {
    return !isDone();
  }

  /** Grants the call {@code value}; the caller resumes on a later turn. */
  boolean grant(T value) {
    return setResult(value);
  }

  /** Refuses the call: awaiting it throws {@code failure}. */
  boolean refuse(Throwable failure) {
    return setException(failure);
  }

  /**
   * Runs as the task settles, before its awaiters are told: a cancelled waiter leaves the line; a
   * granted one schedules its claim point, ahead of the caller's resumption.
   */
  @Override
  protected void onSettled() {
    if (isCancelled()) {
      queue.remove(this);
    } else if (isSucceeded() && queue.grantsMustBeClaimed()) {
      loop().schedule(this);
    }
  }

  /** The claim point: see the class comment. */
  @Override
  public void run() {
    T granted = resultNow();
    if (caller != null && caller.awaitingTask() == this && caller.isCancelRequested()) {
      queue.giveBack(this, granted);
    } else {
      queue.claim(this, granted);
    }
  }

  @Override
  protected String describe() {
    return queue.operation();
  }
}
