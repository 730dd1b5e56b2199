package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * {@code Tasks.gather} and its variants: one object awaits every child and counts down.
 *
 * <p>Why this shape: the gather registers itself as the awaiter of each child, which costs
 * nothing for a child nobody else awaits (the single-awaiter slot), and keeps the children in
 * one array that later holds their results in place, in argument order. So gathering a million
 * tasks allocates the array and the result list, and nothing per child.
 *
 * <p>Loop thread only.
 *
 * @param <R> the type of the elements of the result list
 */
public final class Gather<R> extends Combinator<List<R>> {
  /** What the result list holds, and whether the first failure ends the gather. */
  public enum Mode {
    /** The children's values; the first failure fails the gather at once. */
    VALUES,
    /** The children's values, or for a failed or cancelled child its exception. */
    VALUES_OR_EXCEPTIONS,
    /** The children themselves, all done. */
    TASKS
  }

  /** The children while they run; their results, in place, once the gather succeeds. */
  private final Object[] slots;

  private final Mode mode;
  private int pending;
  private Throwable firstFailure;
  private boolean cancelRequested;

  private Gather(LoopCore loop, Object[] children, Mode mode) {
    super(loop);
    this.slots = children;
    this.mode = mode;
  }

  /**
   * A gather of {@code tasks} on {@code loop}, already done when every child is (or, in {@link
   * Mode#VALUES}, when one of them failed). {@code tasks} must be the caller's own copy: the
   * gather keeps it and writes the results into it.
   */
  public static <R> Gather<R> of(LoopCore loop, Object[] tasks, Mode mode) {
    Gather<R> gather = new Gather<>(loop, adopt(loop, tasks, "Tasks.gather"), mode);
    for (Object slot : gather.slots) {
      Task<?> child = (Task<?>) slot;
      if (child.isDone()) {
        gather.noteFailure(child);
      } else {
        gather.pending++;
        addAwaiter(child, gather);
      }
    }
    if (gather.pending == 0 || gather.firstFailure != null) {
      gather.complete(); // nobody awaits it yet: settling here cannot recurse
    }
    return gather;
  }

  private void noteFailure(Task<?> child) {
    if (mode == Mode.VALUES && firstFailure == null && !child.isSucceeded()) {
      firstFailure = child.exceptionNow();
    }
  }

  @Override
  public void taskCompleted(Task<?> child) {
    pending--;
    if (isDone()) {
      return; // failed fast already; the siblings finish on their own
    }
    if (!cancelRequested) {
      noteFailure(child);
    }
    if (pending == 0 || firstFailure != null) {
      scheduleCompletion();
    }
  }

  @Override
  protected void complete() {
    if (cancelRequested) {
      if (pending == 0) {
        setException(new CancelledException("gather was cancelled"));
      }
      return;
    }
    if (firstFailure != null) {
      setException(firstFailure);
      return;
    }
    if (pending > 0) {
      return;
    }
    if (mode != Mode.TASKS) {
      for (int i = 0; i < slots.length; i++) {
        Task<?> child = (Task<?>) slots[i];
        slots[i] = child.isSucceeded() ? child.resultNow() : child.exceptionNow();
      }
    }
    @SuppressWarnings("unchecked")
    List<R> results = (List<R>) Collections.unmodifiableList(Arrays.asList(slots));
    setResult(results);
  }

  /**
   * Cancels every child not done yet; the gather then ends cancelled once all its children are
   * done, whatever their outcomes, so that awaiting a cancelled gather also waits for its
   * children's {@code finally} blocks.
   */
  @Override
  protected boolean cancelOnLoop() {
    if (isDone()) {
      return false;
    }
    cancelRequested = true;
    for (Object slot : slots) {
      requestCancel((Task<?>) slot);
    }
    if (pending == 0) {
      scheduleCompletion();
    }
    return true;
  }

  @Override
  protected String describe() {
    return "gather";
  }
}
