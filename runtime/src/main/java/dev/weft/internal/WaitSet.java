package dev.weft.internal;

import dev.weft.ReturnWhen;
import dev.weft.Task;
import dev.weft.WaitResult;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code Tasks.wait}: ends when {@link ReturnWhen}'s condition holds or the deadline passes, and
 * splits the tasks into done and pending. It never cancels the tasks. One object: the awaiter of
 * every task and its own timer entry.
 *
 * <p>Loop thread only.
 */
public final class WaitSet<T> extends Combinator<WaitResult<T>> {
  private final Object[] tasks;
  private final ReturnWhen returnWhen;
  private int pending;

  private WaitSet(LoopCore loop, Object[] tasks, ReturnWhen returnWhen) {
    super(loop);
    this.tasks = tasks;
    this.returnWhen = returnWhen;
  }

  /**
   * A wait over {@code tasks}, the caller's own copy, which it keeps; {@code deadlineNanos} is
   * ignored when {@code timed} is false.
   */
  public static <T> WaitSet<T> of(
      LoopCore loop, Object[] tasks, ReturnWhen returnWhen, boolean timed, long deadlineNanos) {
    WaitSet<T> wait = new WaitSet<>(loop, adopt(loop, tasks, "Tasks.wait"), returnWhen);
    boolean ready = false;
    for (Object element : wait.tasks) {
      Task<?> task = (Task<?>) element;
      if (task.isDone()) {
        ready |= wait.endsTheWait(task);
      } else {
        wait.pending++;
        addAwaiter(task, wait);
      }
    }
    if (ready || wait.pending == 0) {
      wait.complete(); // nobody awaits it yet: settling here cannot recurse
    } else if (timed) {
      wait.armTimer(deadlineNanos);
    }
    return wait;
  }

  private boolean endsTheWait(Task<?> done) {
    switch (returnWhen) {
      case FIRST_COMPLETED:
        return true;
      case FIRST_EXCEPTION:
        return !done.isSucceeded() && !done.isCancelled();
      default:
        return false;
    }
  }

  @Override
  public void taskCompleted(Task<?> task) {
    pending--;
    if (pending == 0 || endsTheWait(task)) {
      scheduleCompletion();
    }
  }

  @Override
  protected void deadlinePassed() {
    scheduleCompletion();
  }

  @Override
  protected void complete() {
    Set<Task<? extends T>> done = new LinkedHashSet<>();
    Set<Task<? extends T>> running = new LinkedHashSet<>();
    for (Object element : tasks) {
      @SuppressWarnings("unchecked")
      Task<? extends T> task = (Task<? extends T>) element;
      (task.isDone() ? done : running).add(task);
    }
    detach();
    setResult(
        new WaitResult<>(Collections.unmodifiableSet(done), Collections.unmodifiableSet(running)));
  }

  /** Stops listening to the tasks still running, so that they do not keep this one alive. */
  private void detach() {
    for (Object task : tasks) {
      removeAwaiter((Task<?>) task, this);
    }
  }

  /** Ends the wait as cancelled at once; the tasks themselves are not cancelled. */
  @Override
  protected boolean cancelOnLoop() {
    boolean cancelled = super.cancelOnLoop();
    if (cancelled) {
      detach();
    }
    return cancelled;
  }

  @Override
  protected String describe() {
    return "wait";
  }
}
