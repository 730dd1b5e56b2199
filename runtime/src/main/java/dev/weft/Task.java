package dev.weft;

import dev.weft.internal.Awaiter;
import dev.weft.internal.LoopCore;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The eventual outcome of an asynchronous computation: a value, an exception, or cancellation.
 *
 * <p>Every {@code @Async} method returns one; {@code await(task)} inside another {@code @Async}
 * method suspends until it is done and then gives its value or rethrows its exception, the same
 * object, unwrapped. A task belongs to one {@link EventLoop} and changes state only on that
 * loop's thread. {@link #cancel()}, {@link #join()}, {@link #toCompletableFuture()},
 * {@link #isDone()} and {@link #isCancelled()} are safe from any thread.
 *
 * <p>The protected members are the hooks weft's own subclasses (generated state machines,
 * timers, combinators) use; they are not meant for application code.
 *
 * @param <T> the type of the value
 */
public class Task<T> {
  private static final byte PENDING = 0;
  private static final byte SUCCEEDED = 1;
  private static final byte FAILED = 2;
  private static final byte CANCELLED = 3;

  private static final VarHandle STATUS;

  static {
    try {
      STATUS = MethodHandles.lookup().findVarHandle(Task.class, "status", byte.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Task<Void> DONE = new Task<>(SUCCEEDED, null);

  /**
   * Written once, on the loop thread, with release semantics after {@link #slot}; read with
   * acquire semantics, so a thread that sees a final status also sees the outcome.
   */
  private byte status;

  /**
   * While pending: who to tell on completion (null, one {@link Awaiter}, or an {@code Awaiter[]}
   * with trailing nulls). Once done: the value, or the Throwable. One field for both keeps a
   * suspended task small (the memory per task is a headline number).
   */
  private Object slot;

  /** The loop this task belongs to; null for tasks that were born done ({@link #of}). */
  private LoopCore loop;

  /** A pending task not yet bound to a loop; weft's subclasses bind it before it can complete. */
  protected Task() {}

  /** A pending task of {@code loop}. */
  protected Task(LoopCore loop) {
    this.loop = loop;
  }

  private Task(byte status, Object outcome) {
    this.slot = outcome;
    this.status = status;
  }

  /**
   * A task that is already done with {@code value} (null allowed). Awaiting it does not suspend.
   * It belongs to no loop, so any thread may use it.
   */
  public static <T> Task<T> of(T value) {
    return new Task<>(SUCCEEDED, value);
  }

  /** A shared task that is already done with {@code null}: the {@code return} of a void task. */
  public static Task<Void> done() {
    return DONE;
  }

  /**
   * A task that has already failed with {@code exception}; awaiting it rethrows it, the same
   * object. A {@link CancelledException} makes it a cancelled task. Any thread.
   */
  public static <T> Task<T> failed(Throwable exception) {
    if (exception == null) {
      throw new NullPointerException("exception");
    }
    return new Task<>(exception instanceof CancelledException ? CANCELLED : FAILED, exception);
  }

  // ---------------------------------------------------------------------------------------------
  // State, from any thread

  /** Whether the task has a value, an exception, or was cancelled. Safe from any thread. */
  public boolean isDone() {
    return (byte) STATUS.getAcquire(this) != PENDING;
  }

  /**
   * Whether the task ended by cancellation: it ended with a {@link CancelledException}, usually
   * because {@link #cancel()} was called and delivered. Safe from any thread.
   */
  public boolean isCancelled() {
    return (byte) STATUS.getAcquire(this) == CANCELLED;
  }

  /** Whether the task completed with a value (not an exception, not cancelled). Any thread. */
  public boolean isSucceeded() {
    return (byte) STATUS.getAcquire(this) == SUCCEEDED;
  }

  /**
   * The value of a task that completed normally, without blocking. Any thread.
   *
   * @throws IllegalStateException if the task is not done or did not succeed
   */
  @SuppressWarnings("unchecked")
  public T resultNow() {
    byte s = (byte) STATUS.getAcquire(this);
    if (s == FAILED) {
      observed();
    }
    if (s != SUCCEEDED) {
      throw new IllegalStateException(
          name() + (s == PENDING ? " is not done yet" : " did not complete with a value"),
          s == PENDING ? null : (Throwable) slot);
    }
    return (T) slot;
  }

  /**
   * The exception of a task that failed or was cancelled (a {@link CancelledException}), or
   * {@code null} if it completed with a value. Any thread.
   *
   * @throws IllegalStateException if the task is not done yet
   */
  public Throwable exceptionNow() {
    byte s = (byte) STATUS.getAcquire(this);
    if (s == FAILED) {
      observed();
    }
    if (s == PENDING) {
      throw new IllegalStateException(name() + " is not done yet");
    }
    return s == SUCCEEDED ? null : (Throwable) slot;
  }

  /**
   * A short description for logs and dumps: what the task runs and its identity, such as {@code
   * Greeter.greet@1b6d3586}. Generated state machines name themselves after the method they run;
   * other tasks after their kind ({@code sleep}, {@code gather}...). Any thread.
   */
  public String name() {
    return describe() + "@" + Integer.toHexString(System.identityHashCode(this));
  }

  /** What kind of task this is, for {@link #name()}; subclasses override it. */
  protected String describe() {
    return "Task";
  }

  @Override
  public String toString() {
    byte s = (byte) STATUS.getAcquire(this);
    switch (s) {
      case PENDING:
        return name() + "[pending]";
      case SUCCEEDED:
        return name() + "[succeeded: " + slot + "]";
      case CANCELLED:
        return name() + "[cancelled]";
      default:
        return name() + "[failed: " + slot + "]";
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Cancellation, joining and interop, from any thread

  /**
   * Requests cancellation. It is only a request: the loop delivers a {@link CancelledException}
   * at the task's current {@code await} (or its next one) later, never inside this call, and the
   * task's {@code finally} blocks run. The request propagates to the task being awaited. A task
   * that ends by this cancellation reports {@link #isCancelled()}. Safe from any thread: from
   * another thread the request is handed to the task's loop.
   *
   * @return {@code false} if the task was already done, {@code true} if the request was accepted
   */
  public boolean cancel() {
    if (isDone()) {
      return false;
    }
    LoopCore owner = loop;
    if (owner != null && !owner.inLoopThread()) {
      // A closed loop will never run this task again: there is nothing left to cancel.
      return owner.tryExecuteThreadsafe(this::cancelOnLoop);
    }
    return cancelOnLoop();
  }

  /**
   * Cancellation on the loop's thread, for a task that may still be pending. The default (a
   * plain future, a timer) ends the task as cancelled at once; its awaiters are resumed through
   * the ready queue, so nothing runs inside {@link #cancel()}. State machines and combinators
   * override it to deliver the request at an await or pass it on.
   */
  protected boolean cancelOnLoop() {
    return settle(CANCELLED, new CancelledException(name() + " was cancelled"));
  }

  /**
   * Waits for the task from a thread that is not running an event loop, and returns its value
   * or rethrows its exception, unwrapped (a cancelled task rethrows its {@link
   * CancelledException}). Not interruptible.
   *
   * <p>It refuses on a loop thread even when the task is already done, so that a call that works
   * in a test does not block the loop in production only because of timing.
   *
   * <p>If the task's loop is closed while the task is pending (or already was), the task can
   * never complete, and this throws an {@link IllegalStateException} saying so instead of
   * waiting forever.
   *
   * @throws IllegalStateException on a thread that runs an event loop: blocking there would stop
   *     every task of that loop, including the one being waited for. Use {@code await(task)} in
   *     an {@code @Async} method instead.
   */
  public T join() {
    if (LoopCore.current() != null) {
      throw new IllegalStateException(
          "Task.join() on thread '"
              + Thread.currentThread().getName()
              + "', which runs an event loop, would block every task of that loop (and could"
              + " never finish): use await(task) inside an @Async method instead");
    }
    if (!isDone()) {
      try {
        toCompletableFuture().join();
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        if (!isDone() && e.getCause() != null) {
          throw Task.<RuntimeException>rethrow(e.getCause()); // its loop closed: never done
        }
        // Otherwise the outcome is read below, unwrapped.
      }
    }
    return outcome(this);
  }

  /**
   * A new {@link CompletableFuture} completed with this task's outcome: on the loop's thread,
   * inside the task's completion, so dependent actions registered without an executor run there
   * too and must not block. A failed task completes it exceptionally with its exception,
   * unwrapped; a cancelled task with its {@link CancelledException}. Cancelling the future does
   * not cancel the task. Safe from any thread; from another thread, the registration goes
   * through the loop, so the future of a pending task completes only while that loop runs. If
   * the loop is closed while the task is pending (or already was), the future fails with an
   * {@link IllegalStateException} saying the task can never complete.
   */
  public CompletableFuture<T> toCompletableFuture() {
    CompletableFuture<T> future = new CompletableFuture<>();
    if (isDone()) {
      observed();
      completeFuture(future, this);
      return future;
    }
    LoopCore owner = loop;
    FutureBridge<T> bridge = new FutureBridge<>(this, future);
    if (owner.inLoopThread()) {
      bridge.run();
    } else if (!owner.tryExecuteThreadsafe(bridge)) {
      bridge.rejected(null);
    }
    return future;
  }

  /**
   * The loop-side half of {@link #toCompletableFuture()} for a pending task: registered on the
   * loop thread, it completes the future when the task settles; if the loop is closed first
   * (before the registration ran, or while the task was pending), it fails the future with an
   * {@link IllegalStateException}, so that a {@code join} or an await from another loop never
   * waits forever (issue 17).
   */
  private static final class FutureBridge<T>
      implements Runnable, Awaiter, dev.weft.internal.Rejectable {
    private final Task<T> task;
    private final CompletableFuture<T> future;

    FutureBridge(Task<T> task, CompletableFuture<T> future) {
      this.task = task;
      this.future = future;
    }

    @Override
    public void run() {
      if (task.isDone()) {
        completeFuture(future, task);
      } else {
        addAwaiter(task, this);
        task.loop.addForeignWaiter(this);
      }
    }

    @Override
    public void taskCompleted(Task<?> done) {
      task.loop.removeForeignWaiter(this);
      completeFuture(future, task);
    }

    @Override
    public void rejected(IllegalStateException reason) {
      future.completeExceptionally(
          new IllegalStateException(
              task.name() + " can never complete: its event loop is closed", reason));
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void completeFuture(CompletableFuture<T> future, Task<T> task) {
    if (task.status == SUCCEEDED) {
      future.complete((T) task.slot);
    } else {
      future.completeExceptionally((Throwable) task.slot);
    }
  }

  /**
   * Calls {@code callback} with this task once it is done, on the loop's thread, through the
   * ready queue: never inside the completion itself, nor inside this call (asyncio's {@code
   * add_done_callback}). Callbacks of one task run in registration order. If the task is already
   * done, the callback is scheduled at once (a task born done outside any loop calls it at once).
   * An exception thrown by the callback goes to the loop's exception handler.
   *
   * @throws IllegalStateException if called on a thread other than the task's loop thread while
   *     that loop runs (use {@link #toCompletableFuture()} there)
   */
  public void whenDone(Consumer<? super Task<T>> callback) {
    if (callback == null) {
      throw new NullPointerException("callback");
    }
    if (loop != null) {
      loop.requireLoopThread(
          "Task.whenDone",
          "from other threads use toCompletableFuture().whenComplete(...), or"
              + " loop.callSoonThreadsafe(() -> task.whenDone(...))");
    }
    if (isDone()) {
      observed();
      LoopCore owner = loop != null ? loop : LoopCore.current();
      if (owner == null) {
        callback.accept(this);
      } else {
        owner.schedule(() -> callback.accept(this));
      }
      return;
    }
    addAwaiter(this, completed -> loop.schedule(() -> callback.accept(this)));
  }

  /** Debug mode's bookkeeping: the failure of this task has been seen (or handed on). */
  private void observed() {
    if (status == FAILED && loop != null) {
      loop.failureObserved(this);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Hooks for weft's own subclasses (state machines, timers, combinators). Loop thread only.

  /** The loop this task belongs to, or null if it was born done. */
  protected final LoopCore loop() {
    return loop;
  }

  /** Binds a task made with {@link #Task()} to its loop; done once, before it can complete. */
  protected final void bindLoop(LoopCore owner) {
    this.loop = owner;
  }

  /** Completes the task with {@code value}; false if it was already done. */
  protected final boolean setResult(T value) {
    return settle(SUCCEEDED, value);
  }

  /**
   * Completes the task with {@code exception}; a {@link CancelledException} makes it cancelled.
   * False if it was already done.
   */
  protected final boolean setException(Throwable exception) {
    return settle(exception instanceof CancelledException ? CANCELLED : FAILED, exception);
  }

  /** Gives this task the outcome of {@code done}, which must be done. */
  protected final boolean copyOutcome(Task<?> done) {
    return settle(done.status, done.slot);
  }

  /**
   * The one place a task changes state. Awaiters are told inline, in registration order; each
   * decides how to react (a state machine schedules itself, so nothing recurses deeply).
   */
  private boolean settle(byte finalStatus, Object outcome) {
    if (status != PENDING) {
      return false;
    }
    Object awaiters = slot;
    slot = outcome;
    STATUS.setRelease(this, finalStatus);
    onSettled();
    if (finalStatus == FAILED && awaiters == null && loop != null) {
      loop.failedUnobserved(this); // debug mode only: a failure nobody may ever see
    }
    if (awaiters instanceof Awaiter) {
      ((Awaiter) awaiters).taskCompleted(this);
    } else if (awaiters != null) {
      for (Awaiter awaiter : (Awaiter[]) awaiters) {
        if (awaiter == null) {
          break;
        }
        awaiter.taskCompleted(this);
      }
    }
    return true;
  }

  /** Called once, right after the task settles and before its awaiters are told. */
  protected void onSettled() {}

  /**
   * Registers {@code awaiter} to be told, inline on the loop thread, when {@code task} settles.
   * The first awaiter costs no allocation. The task must be pending.
   */
  protected static void addAwaiter(Task<?> task, Awaiter awaiter) {
    if (task.status != PENDING) {
      // The slot holds the outcome now: writing an awaiter there would lose it.
      throw new IllegalStateException(task.name() + " is done: there is nothing to await");
    }
    Object current = task.slot;
    if (current == null) {
      task.slot = awaiter;
    } else if (current instanceof Awaiter) {
      task.slot = new Awaiter[] {(Awaiter) current, awaiter, null, null};
    } else {
      Awaiter[] list = (Awaiter[]) current;
      int size = 0;
      while (size < list.length && list[size] != null) {
        size++;
      }
      if (size == list.length) {
        list = Arrays.copyOf(list, size * 2);
        task.slot = list;
      }
      list[size] = awaiter;
    }
  }

  /** Removes one registration of {@code awaiter} from a pending {@code task}. */
  protected static boolean removeAwaiter(Task<?> task, Awaiter awaiter) {
    if (task.status != PENDING) {
      return false;
    }
    Object current = task.slot;
    if (current == awaiter) {
      task.slot = null;
      return true;
    }
    if (current instanceof Awaiter[]) {
      Awaiter[] list = (Awaiter[]) current;
      for (int i = 0; i < list.length && list[i] != null; i++) {
        if (list[i] == awaiter) {
          System.arraycopy(list, i + 1, list, i, list.length - i - 1);
          list[list.length - 1] = null;
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The outcome of a done {@code task}: its value, or its exception rethrown as it is (checked
   * exceptions too: an {@code @Async} method's {@code throws} clause declares them).
   */
  @SuppressWarnings("unchecked")
  protected static <V> V outcome(Task<V> task) {
    if (task.status == SUCCEEDED) {
      return (V) task.slot;
    }
    if (task.status == PENDING) {
      throw new IllegalStateException(task.name() + " is not done yet");
    }
    task.observed();
    throw Task.<RuntimeException>rethrow((Throwable) task.slot);
  }

  /**
   * Debugging (issue 7): who is told when {@code task} settles (state machines awaiting it,
   * combinators...), for task dumps; empty once it is done. Loop thread.
   */
  protected static java.util.List<Object> awaitersOf(Task<?> task) {
    Object current = task.status == PENDING ? task.slot : null;
    if (current instanceof Awaiter) {
      return java.util.List.of(current);
    }
    java.util.List<Object> out = new java.util.ArrayList<>();
    if (current instanceof Awaiter[]) {
      for (Awaiter awaiter : (Awaiter[]) current) {
        if (awaiter == null) {
          break;
        }
        out.add(awaiter);
      }
    }
    return out;
  }

  /** Asks {@code task} to cancel from the loop thread, as {@link #cancel()} would. */
  protected static boolean requestCancel(Task<?> task) {
    return task.status == PENDING && task.cancelOnLoop();
  }

  /** The loop {@code task} belongs to, or null for a task born done. */
  protected static LoopCore loopOf(Task<?> task) {
    return task.loop;
  }

  /** Throws {@code exception} as it is, checked or not, without wrapping it. */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> E rethrow(Throwable exception) throws E {
    throw (E) exception;
  }
}
