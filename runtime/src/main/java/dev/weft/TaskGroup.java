package dev.weft;

import dev.weft.internal.Combinator;
import dev.weft.internal.LoopCore;
import java.util.ArrayList;
import java.util.List;

/**
 * Structured concurrency (asyncio's {@code TaskGroup}, plus policies asyncio lacks): tasks added
 * to the group are awaited together with {@link #join()}, and a group that gives up on them
 * cancels the ones still running and waits for them before it reports.
 *
 * <pre>{@code
 * try (TaskGroup<String> group = TaskGroup.failFast()) {
 *   for (String url : urls) {
 *     group.add(fetch(url));
 *   }
 *   pages = await(group.join());
 * }
 * }</pre>
 *
 * <p>Policies, deciding when the group gives up and what {@code join} gives:
 *
 * <ul>
 *   <li>{@link #failFast()}: the first failure cancels the other tasks; otherwise the values of
 *       all tasks, in the order they were added.
 *   <li>{@link #collectAll()}: every task runs to its end; the values of all, in the order they
 *       were added, unless some failed.
 *   <li>{@link #firstSuccess()}: the first value cancels the other tasks, and is the one element
 *       of the list; it fails only if every task failed.
 *   <li>{@link #quorum(int) quorum(n)}: the first {@code n} values, in completion order, cancel
 *       the other tasks; it fails as soon as {@code n} values can no longer be reached.
 * </ul>
 *
 * <p>A failed group fails {@code join} with a {@link TaskGroupException} carrying every failure
 * (cancellations the group made itself are not failures; a task cancelled by someone else is).
 * Cancelling the task that awaits {@code join} (or the join task itself) cancels every task of
 * the group, and {@code join} ends cancelled once they are all done. {@link #close()} cancels the
 * tasks still running when the block is left without a completed {@code join}, by an exception
 * for example. Tasks start when they are made (eagerly) and belong to the group from {@code
 * add}. Loop thread only; all tasks must belong to the group's loop.
 *
 * @param <T> the type of the tasks' values
 */
public final class TaskGroup<T> implements AutoCloseable {
  private enum Policy {
    FAIL_FAST,
    COLLECT_ALL,
    FIRST_SUCCESS,
    QUORUM
  }

  private final Policy policy;
  private final int quorum;
  private final LoopCore loop;
  private final List<Task<? extends T>> tasks = new ArrayList<>();
  private final List<T> valuesInCompletionOrder = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();
  private final Join join;
  private int pending;

  /** The group gave up on the tasks still running and cancelled them. */
  private boolean aborted;

  private TaskGroup(Policy policy, int quorum) {
    this.policy = policy;
    this.quorum = quorum;
    this.loop = LoopCore.currentOrThrow("TaskGroup");
    this.join = new Join(loop);
  }

  /** A group that fails, and cancels the rest, at the first failure: asyncio's policy. */
  public static <T> TaskGroup<T> failFast() {
    return new TaskGroup<>(Policy.FAIL_FAST, 0);
  }

  /** A group that lets every task finish and then reports all failures, if any. */
  public static <T> TaskGroup<T> collectAll() {
    return new TaskGroup<>(Policy.COLLECT_ALL, 0);
  }

  /** A group that takes the first value and cancels the rest (happy eyeballs, hedging). */
  public static <T> TaskGroup<T> firstSuccess() {
    return new TaskGroup<>(Policy.FIRST_SUCCESS, 1);
  }

  /**
   * A group that takes the first {@code n} values and cancels the rest.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static <T> TaskGroup<T> quorum(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a quorum needs at least one value, not " + n);
    }
    return new TaskGroup<>(Policy.QUORUM, n);
  }

  /**
   * Makes {@code task} (started already, as every {@code @Async} call is) a task of the group,
   * and returns it. A task already done counts at once. Loop thread only.
   *
   * @throws IllegalStateException if the group has given up or {@code join} has completed: the
   *     task is cancelled then, so that nothing outlives the group
   * @throws IllegalArgumentException if the task belongs to another loop
   */
  public <U extends T> Task<U> add(Task<U> task) {
    checkThread("add");
    if (aborted || join.isDone()) {
      task.cancel();
      throw new IllegalStateException(
          "this task group is "
              + (join.isDone() ? "done" : "shutting down")
              + ": "
              + task.name()
              + " was cancelled instead of added");
    }
    LoopCore owner = Task.loopOf(task);
    if (owner != null && owner != loop) {
      throw new IllegalArgumentException(task.name() + " belongs to another event loop");
    }
    tasks.add(task);
    pending++;
    if (task.isDone()) {
      join.taskCompleted(task);
    } else {
      Task.addAwaiter(task, join);
    }
    return task;
  }

  /**
   * The group's outcome, once every task added is done: a list of values as the policy says, or
   * a {@link TaskGroupException}. Tasks may still be added until it completes. It completes
   * through the ready queue. Cancelling it cancels every task of the group. Loop thread only.
   */
  public Task<List<T>> join() {
    checkThread("join");
    join.requested = true;
    if (pending == 0) {
      join.completeWhenReady();
    }
    return join;
  }

  /** The tasks added so far, in the order they were added; unmodifiable. Loop thread only. */
  public List<Task<? extends T>> tasks() {
    checkThread("tasks");
    return List.copyOf(tasks);
  }

  /**
   * Leaves the group: if {@code join} has not completed, cancels every task still running (the
   * block is being left early, by an exception most likely). It does not wait for them: await
   * {@code join()} for that. Idempotent. Loop thread only.
   */
  @Override
  public void close() {
    checkThread("close");
    if (!join.isDone()) {
      join.cancelRequested |= !aborted; // left early: join reports the cancellation it made
      abort();
      join.requested = true;
      if (pending == 0) {
        join.completeWhenReady();
      }
    }
  }

  private void checkThread(String operation) {
    loop.requireLoopThread(
        "TaskGroup." + operation,
        "a task group belongs to its event loop; from other threads hand the call to the loop with"
            + " loop.callSoonThreadsafe(() -> ...)");
  }

  private void abort() {
    if (aborted) {
      return;
    }
    aborted = true;
    for (Task<? extends T> task : tasks) {
      Task.requestCancel(task);
    }
  }

  private void taskDone(Task<?> task) {
    pending--;
    if (task.isSucceeded()) {
      @SuppressWarnings("unchecked")
      T value = (T) task.resultNow();
      valuesInCompletionOrder.add(value);
      if ((policy == Policy.FIRST_SUCCESS || policy == Policy.QUORUM)
          && valuesInCompletionOrder.size() == quorum) {
        abort();
      }
    } else if (!(aborted && task.isCancelled())) {
      failures.add(task.exceptionNow());
      if (policy == Policy.FAIL_FAST) {
        abort();
      }
    }
    if (policy == Policy.QUORUM && valuesInCompletionOrder.size() + pending < quorum) {
      abort(); // too many failures to reach the quorum any more
    }
    if (pending == 0 && join.requested) {
      join.completeWhenReady();
    }
  }

  private List<T> groupOutcome() {
    switch (policy) {
      case FIRST_SUCCESS:
      case QUORUM:
        if (valuesInCompletionOrder.size() >= quorum) {
          return List.copyOf(valuesInCompletionOrder.subList(0, quorum));
        }
        throw new TaskGroupException(
            "task group: "
                + valuesInCompletionOrder.size()
                + " of the "
                + quorum
                + " values needed, from "
                + tasks.size()
                + " tasks",
            failures);
      default:
        if (!failures.isEmpty()) {
          throw new TaskGroupException(
              "task group: " + failures.size() + " of " + tasks.size() + " tasks failed", failures);
        }
        List<T> values = new ArrayList<>(tasks.size());
        for (Task<? extends T> task : tasks) {
          values.add(task.resultNow());
        }
        return java.util.Collections.unmodifiableList(values);
    }
  }

  /** The task {@link #join()} returns: the awaiter of every task of the group. */
  private final class Join extends Combinator<List<T>> {
    boolean requested;
    /** Cancelled, or closed before the group decided: it ends cancelled once all are done. */
    boolean cancelRequested;

    Join(LoopCore loop) {
      super(loop);
    }

    @Override
    public void taskCompleted(Task<?> task) {
      taskDone(task);
    }

    void completeWhenReady() {
      scheduleCompletion();
    }

    @Override
    protected void complete() {
      if (pending > 0) {
        return;
      }
      if (cancelRequested) {
        setException(new CancelledException("task group was cancelled or closed before join"));
        return;
      }
      try {
        setResult(groupOutcome());
      } catch (TaskGroupException e) {
        setException(e);
      }
    }

    @Override
    protected boolean cancelOnLoop() {
      if (isDone()) {
        return false;
      }
      cancelRequested = true;
      requested = true;
      abort();
      if (pending == 0) {
        scheduleCompletion();
      }
      return true;
    }

    @Override
    protected String describe() {
      return "TaskGroup.join";
    }
  }
}
