package dev.weft.internal;

import dev.weft.Task;
import dev.weft.TaskTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * {@code Tasks.asCompleted}: a single-use sequence of as many tasks as were passed, the i-th of
 * which has the outcome of the i-th task to complete.
 *
 * <p>{@link #next()} hands out a task that is already done when a completion is waiting (the
 * completed task itself, so awaiting it does not suspend), or else a placeholder that takes the
 * outcome of the next completion. After the deadline, tasks not completed by then come out as
 * failed with {@link TaskTimeoutException}; the tasks themselves are not cancelled.
 *
 * <p>Loop thread only.
 */
public final class AsCompleted<T>
    implements Iterable<Task<T>>, Iterator<Task<T>>, Awaiter, TimerEntry, Runnable {
  private final LoopCore loop;
  private final Object[] tasks;
  private final Duration timeout;

  /** Completions not handed out yet, in completion order. */
  private final ArrayDeque<Task<?>> completed = new ArrayDeque<>();

  /** Placeholders handed out and not filled yet, in the order they were handed out. */
  private final ArrayDeque<Next<T>> waiting = new ArrayDeque<>();

  private int handedOut;
  /** Tasks known to be done, handed out or not. */
  private int doneCount;
  private boolean iterated;
  private boolean scheduled;
  private boolean timerArmed;

  /** The deadline was reached and its effect waits for its turn on the ready queue. */
  private boolean timerDue;
  private boolean timedOut;

  private AsCompleted(LoopCore loop, Object[] tasks, Duration timeout) {
    this.loop = loop;
    this.tasks = tasks;
    this.timeout = timeout;
  }

  /**
   * The sequence over {@code tasks}, the caller's own copy, which it keeps; no deadline when
   * {@code timeout} is null.
   */
  public static <T> AsCompleted<T> of(
      LoopCore loop, Object[] tasks, Duration timeout, long deadlineNanos) {
    AsCompleted<T> sequence =
        new AsCompleted<>(loop, Combinator.adopt(loop, tasks, "Tasks.asCompleted"), timeout);
    int pending = 0;
    for (Object element : sequence.tasks) {
      Task<?> task = (Task<?>) element;
      if (task.isDone()) {
        sequence.completed.add(task);
        sequence.doneCount++;
      } else {
        pending++;
        Next.listen(task, sequence);
      }
    }
    if (timeout != null && pending > 0) {
      sequence.timerArmed = true;
      loop.addTimer(deadlineNanos, sequence);
    }
    return sequence;
  }

  @Override
  public Iterator<Task<T>> iterator() {
    if (iterated) {
      throw new IllegalStateException("Tasks.asCompleted(...) can be iterated only once");
    }
    iterated = true;
    return this;
  }

  @Override
  public boolean hasNext() {
    return handedOut < tasks.length;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Task<T> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("every completion was handed out");
    }
    handedOut++;
    deliver();
    if (!completed.isEmpty()) {
      return (Task<T>) completed.poll();
    }
    if (timedOut) {
      return Task.failed(timeoutError());
    }
    Next<T> placeholder = new Next<>(loop);
    waiting.add(placeholder);
    return placeholder;
  }

  @Override
  public void taskCompleted(Task<?> task) {
    if (timedOut) {
      return;
    }
    completed.add(task);
    if (++doneCount == tasks.length) {
      timerDue = false; // every task is done, in time: the deadline no longer matters
      if (timerArmed) {
        timerArmed = false;
        loop.timers().noteCancelled();
      }
    }
    if (!scheduled) {
      scheduled = true;
      loop.schedule(this); // fill placeholders from the ready queue, never inline
    }
  }

  @Override
  public void run() {
    scheduled = false;
    deliver();
  }

  /** Gives waiting completions to waiting placeholders, oldest to oldest. */
  private void deliver() {
    while (!waiting.isEmpty() && !completed.isEmpty()) {
      if (waiting.poll().take(completed.peek())) {
        completed.poll();
      } // else the placeholder was cancelled: the completion goes to the next one
    }
  }

  @Override
  public void deadlineReached() {
    timerArmed = false;
    timerDue = true;
    loop.deadlineDue(this);
  }

  @Override
  public void deadlineEffect() {
    if (!timerDue) {
      return;
    }
    timerDue = false;
    deliver();
    timedOut = true;
    for (Next<T> placeholder : waiting) {
      placeholder.fail(timeoutError());
    }
    waiting.clear();
    for (Object task : tasks) {
      Next.unlisten((Task<?>) task, this);
    }
  }

  @Override
  public boolean isTimerCancelled() {
    return !timerArmed;
  }

  private TaskTimeoutException timeoutError() {
    return new TaskTimeoutException("Tasks.asCompleted: no completion within " + timeout);
  }

  /** A placeholder for a completion still to come. */
  private static final class Next<T> extends Task<T> {
    Next(LoopCore loop) {
      super(loop);
    }

    boolean take(Task<?> done) {
      return copyOutcome(done);
    }

    void fail(Throwable exception) {
      setException(exception);
    }

    // Task's registration hooks are protected: reached from here, a subclass of Task.
    static void listen(Task<?> task, Awaiter awaiter) {
      addAwaiter(task, awaiter);
    }

    static void unlisten(Task<?> task, Awaiter awaiter) {
      removeAwaiter(task, awaiter);
    }

    @Override
    protected String describe() {
      return "asCompleted.next";
    }
  }
}
