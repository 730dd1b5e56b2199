package dev.weft;

import dev.weft.internal.AsCompleted;
import dev.weft.internal.Deadline;
import dev.weft.internal.Gather;
import dev.weft.internal.LoopCore;
import dev.weft.internal.Shield;
import dev.weft.internal.SleepTask;
import dev.weft.internal.StageTask;
import dev.weft.internal.WaitFor;
import dev.weft.internal.WaitSet;
import dev.weft.internal.YieldToken;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Tasks that wait, and combinators over tasks: asyncio's module-level functions in Java form.
 *
 * <p>Every method here that makes a task must be called on a loop thread (inside an {@code
 * @Async} method, or a callback of the loop) unless it says otherwise.
 */
public final class Tasks {
  private Tasks() {}

  // ---------------------------------------------------------------------------------------------
  // The task registry

  /**
   * The task whose code is running now on this thread's loop (asyncio's {@code current_task}),
   * or null in a plain callback between tasks. Inside an {@code @Async} method it is that
   * method's own task. Loop thread only.
   *
   * @throws IllegalStateException if no event loop runs on this thread
   */
  public static Task<?> current() {
    return (Task<?>) LoopCore.currentOrThrow("Tasks.current()").currentTask();
  }

  /**
   * The {@code @Async} tasks of this thread's loop that have started and are not done, oldest
   * first (asyncio's {@code all_tasks}); a snapshot, not a live view. Plain futures and
   * combinators are not listed. Loop thread only.
   *
   * @throws IllegalStateException if no event loop runs on this thread
   */
  public static List<Task<?>> all() {
    return List.copyOf(LoopCore.currentOrThrow("Tasks.all()").liveTasks());
  }

  // ---------------------------------------------------------------------------------------------
  // Combinators

  /**
   * A task that completes with the values of {@code tasks}, in argument order, once all of them
   * have (asyncio's {@code gather}).
   *
   * <ul>
   *   <li><b>Failure, fail-fast.</b> When a task fails (or is cancelled), the gather fails with
   *       that same exception in the next loop iteration, without waiting for the others; they
   *       keep running and are not cancelled. A task that is already failed when the gather is
   *       made fails it at once. Later failures are not reported.
   *   <li><b>Cancellation.</b> Cancelling the gather requests the cancellation of every task not
   *       done yet; the gather then ends cancelled ({@link Task#isCancelled()}, unlike asyncio)
   *       once all of them are done, whatever their outcomes, so awaiting it also waits for
   *       their {@code finally} blocks. Cancelling one of the tasks instead fails the gather
   *       with that task's {@link CancelledException}, so it reports cancelled too.
   *   <li><b>Order and cost.</b> The result list is unmodifiable and may hold nulls. The gather
   *       is one object, the awaiter of every task, counting down: gathering a million tasks
   *       allocates the array of their results and nothing per task. It completes through the
   *       ready queue, never inside a task's completion, so nested gathers cannot overflow the
   *       stack. No tasks: a task done with an empty list.
   * </ul>
   *
   * <p>Loop thread only; a task of another loop is awaited through that loop.
   *
   * @throws IllegalStateException if no event loop runs on this thread
   * @throws NullPointerException if {@code tasks} or one of them is null
   */
  @SafeVarargs
  public static <T> Task<List<T>> gather(Task<? extends T>... tasks) {
    return Gather.of(loop("Tasks.gather"), ownCopy(tasks), Gather.Mode.VALUES);
  }

  /** {@link #gather(Task[])} over a collection, in its iteration order. */
  public static <T> Task<List<T>> gather(Collection<? extends Task<? extends T>> tasks) {
    return Gather.of(loop("Tasks.gather"), tasks.toArray(), Gather.Mode.VALUES);
  }

  /**
   * {@link #gather(Task[])} with asyncio's {@code return_exceptions=True}: it waits for every
   * task, never fails because one of them did, and completes with a list, in argument order,
   * holding each task's value, or its exception (the same object, a {@link CancelledException}
   * for a cancelled task) where it failed. Tell them apart with {@code instanceof Throwable}, or
   * use {@link #wait(Collection, ReturnWhen)} with {@link ReturnWhen#ALL_COMPLETED} and look at
   * the tasks themselves when values may be {@code Throwable}s. Cancelling it cancels the tasks
   * and ends it cancelled once they are all done, as for {@code gather}.
   */
  public static Task<List<Object>> gatherReturningExceptions(Task<?>... tasks) {
    return Gather.of(
        loop("Tasks.gatherReturningExceptions"), ownCopy(tasks), Gather.Mode.VALUES_OR_EXCEPTIONS);
  }

  /** {@link #gatherReturningExceptions(Task[])} over a collection, in its iteration order. */
  public static Task<List<Object>> gatherReturningExceptions(Collection<? extends Task<?>> tasks) {
    return Gather.of(
        loop("Tasks.gatherReturningExceptions"), tasks.toArray(), Gather.Mode.VALUES_OR_EXCEPTIONS);
  }

  /**
   * {@code task}'s outcome if it completes within {@code timeout} (asyncio's {@code wait_for}).
   * Otherwise {@code task} is cancelled, the wait goes on until it has finished cancelling (its
   * {@code finally} blocks have run), and then fails with {@link TaskTimeoutException} whose
   * cause is the task's {@link CancelledException}. If the task ignores the cancellation and
   * completes anyway, its own outcome stands. A zero or negative timeout cancels a pending task
   * at once; a null timeout waits without limit and returns {@code task} itself, as does a task
   * already done.
   *
   * <p>Cancelling the returned task cancels {@code task}, and ends cancelled once {@code task} is
   * done. The outcome is delivered through the ready queue. Loop thread only.
   *
   * @throws IllegalStateException if no event loop runs on this thread
   */
  public static <T> Task<T> waitFor(Task<T> task, Duration timeout) {
    Objects.requireNonNull(task, "task");
    if (timeout == null || task.isDone()) {
      return task;
    }
    LoopCore loop = loop("Tasks.waitFor");
    Task<T> inner = onLoop(loop, task);
    if (inner.isDone()) {
      return inner; // a task of another loop that finished while the bridge was made
    }
    return WaitFor.of(loop, inner, timeout, deadline(loop, timeout));
  }

  /**
   * A task with {@code task}'s outcome that cancellation does not pass through (asyncio's
   * {@code shield}): cancelling the returned task (or the {@code @Async} task awaiting it) ends
   * the returned task as cancelled, in a later loop iteration for its awaiters, while {@code
   * task} keeps running. A task already done is returned as it is. Loop thread only.
   *
   * @throws IllegalStateException if no event loop runs on this thread
   */
  public static <T> Task<T> shield(Task<T> task) {
    Objects.requireNonNull(task, "task");
    if (task.isDone()) {
      return task;
    }
    LoopCore loop = loop("Tasks.shield");
    Task<T> inner = onLoop(loop, task);
    return inner.isDone() ? inner : Shield.of(loop, inner);
  }

  /**
   * Waits until {@code returnWhen}'s condition holds and splits {@code tasks} into those done and
   * those still pending (asyncio's {@code wait}). It never fails because a task did, and it
   * neither cancels nor awaits the pending ones. The result is delivered through the ready
   * queue; when the condition already holds for tasks that are done, the returned task is done.
   * Cancelling the returned task ends it as cancelled at once and leaves {@code tasks} running.
   * Loop thread only.
   *
   * @throws IllegalArgumentException if {@code tasks} is empty (as asyncio)
   * @throws IllegalStateException if no event loop runs on this thread
   */
  public static <T> Task<WaitResult<T>> wait(
      Collection<? extends Task<? extends T>> tasks, ReturnWhen returnWhen) {
    return waitSet(tasks, returnWhen, null);
  }

  /**
   * {@link #wait(Collection, ReturnWhen)} that also ends, without failing, once {@code timeout}
   * has passed: the tasks not done by then are in {@link WaitResult#pending()}.
   */
  public static <T> Task<WaitResult<T>> wait(
      Collection<? extends Task<? extends T>> tasks, ReturnWhen returnWhen, Duration timeout) {
    return waitSet(tasks, returnWhen, Objects.requireNonNull(timeout, "timeout"));
  }

  private static <T> Task<WaitResult<T>> waitSet(
      Collection<? extends Task<? extends T>> tasks, ReturnWhen returnWhen, Duration timeout) {
    Objects.requireNonNull(returnWhen, "returnWhen");
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("Tasks.wait needs at least one task");
    }
    LoopCore loop = loop("Tasks.wait");
    return WaitSet.of(loop, tasks.toArray(), returnWhen, timeout != null, deadline(loop, timeout));
  }

  /**
   * The outcomes of {@code tasks} in the order they complete (asyncio's {@code as_completed}):
   * an {@code Iterable} to go through once, giving as many tasks as were passed, the i-th of
   * which has the outcome (value or exception) of the i-th task to complete:
   *
   * <pre>{@code
   * for (Task<String> next : Tasks.asCompleted(downloads)) {
   *   String page = await(next); // the earliest download not seen yet
   * }
   * }</pre>
   *
   * <p>A completion already known is handed out as the completed task itself, so awaiting it
   * does not suspend; otherwise a placeholder that the next completion fills, through the ready
   * queue. Cancelling a placeholder (or the task awaiting it) gives its completion to the next
   * placeholder. The tasks are neither cancelled nor awaited by it. Loop thread only.
   *
   * @throws IllegalStateException if no event loop runs on this thread, or when iterated twice
   */
  public static <T> Iterable<Task<T>> asCompleted(Collection<? extends Task<? extends T>> tasks) {
    return AsCompleted.of(loop("Tasks.asCompleted"), tasks.toArray(), null, 0);
  }

  /**
   * {@link #asCompleted(Collection)} with a deadline: once {@code timeout} has passed, the
   * completions not handed out are those known by then, and every further task it gives fails
   * with {@link TaskTimeoutException} (placeholders already handed out fail then, too). The
   * tasks themselves are not cancelled.
   */
  public static <T> Iterable<Task<T>> asCompleted(
      Collection<? extends Task<? extends T>> tasks, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    LoopCore loop = loop("Tasks.asCompleted");
    return AsCompleted.of(loop, tasks.toArray(), timeout, deadline(loop, timeout));
  }

  /**
   * Opens a {@link TimeoutScope} over the calling {@code @Async} task with a deadline {@code
   * delay} from now ({@code null}: no deadline until {@linkplain TimeoutScope#reschedule
   * rescheduled}); use it with try-with-resources. When the deadline passes while the scope is
   * open, the await where the task is suspended throws {@link TaskTimeoutException} and the task
   * it awaited is cancelled. Loop thread only, inside an {@code @Async} method.
   *
   * @throws IllegalStateException if no {@code @Async} task runs on this thread now
   */
  public static TimeoutScope timeout(Duration delay) {
    LoopCore loop = loop("Tasks.timeout");
    return Deadline.open(loop, delay != null, delay == null ? 0 : loop.deadlineAfter(delay));
  }

  /**
   * {@link #timeout(Duration)} with a deadline on the loop's clock ({@link EventLoop#time()}).
   */
  public static TimeoutScope timeoutAt(long deadlineNanos) {
    return Deadline.open(loop("Tasks.timeoutAt"), true, deadlineNanos);
  }

  /** A copy of varargs that the combinator may keep and overwrite (the caller's array may not). */
  private static Object[] ownCopy(Task<?>[] tasks) {
    return java.util.Arrays.copyOf(tasks, tasks.length, Object[].class);
  }

  private static LoopCore loop(String operation) {
    return LoopCore.currentOrThrow(operation);
  }

  private static <T> Task<T> onLoop(LoopCore loop, Task<T> task) {
    LoopCore owner = Task.loopOf(task);
    return owner == null || owner == loop ? task : StageTask.of(loop, task);
  }

  private static long deadline(LoopCore loop, Duration timeout) {
    return timeout == null ? 0 : loop.deadlineAfter(timeout);
  }

  /**
   * A task done after {@code delay} on the loop's clock. It costs one object, which is also its
   * timer entry; cancelling it removes the timer. {@code sleep(Duration.ZERO)} (or a negative
   * delay) is {@link #yieldNow()}.
   */
  public static Task<Void> sleep(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isZero() || delay.isNegative()) {
      return yieldNow();
    }
    LoopCore loop = LoopCore.currentOrThrow("Tasks.sleep");
    return new SleepTask(loop, loop.deadlineAfter(delay));
  }

  /**
   * Lets every other ready task and callback run before the caller continues: {@code
   * await(Tasks.yieldNow())} is asyncio's {@code await asyncio.sleep(0)}. Costs no allocation.
   * Outside an {@code await}, the returned task behaves as one already done with {@code null}.
   */
  public static Task<Void> yieldNow() {
    return YieldToken.INSTANCE;
  }

  // ---------------------------------------------------------------------------------------------
  // Blocking work. Owned by dev.weft.sync's engineer.

  /**
   * Runs the blocking {@code call} on the current loop's default executor (asyncio's {@code
   * to_thread}): {@code EventLoop.current().runInExecutor(call)}, with its guarantees. Cancelling
   * the task interrupts the thread; a late result is dropped.
   *
   * @throws IllegalStateException if no event loop runs on the calling thread
   */
  public static <T> Task<T> toThread(java.util.concurrent.Callable<? extends T> call) {
    Objects.requireNonNull(call, "call");
    return EventLoop.current().runInExecutor(call);
  }

  /**
   * A task of the current loop that completes with {@code stage}'s outcome, on the loop's thread
   * whichever thread completes the stage (asyncio's {@code wrap_future}). A failure is unwrapped
   * from {@code CompletionException} / {@code ExecutionException} to its cause, and a cancelled
   * future gives a {@link CancelledException}. Cancelling the task cancels the stage where it can
   * ({@code toCompletableFuture().cancel(false)}).
   *
   * @throws IllegalStateException if no event loop runs on the calling thread
   */
  public static <T> Task<T> fromFuture(java.util.concurrent.CompletionStage<T> stage) {
    Objects.requireNonNull(stage, "stage");
    return new dev.weft.internal.StageTask<>(LoopCore.currentOrThrow("Tasks.fromFuture"), stage);
  }
}
