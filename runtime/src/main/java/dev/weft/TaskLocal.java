package dev.weft;

import dev.weft.internal.LoopCore;
import java.util.Arrays;

/**
 * A value per task (Python's {@code contextvars.ContextVar}): a request id, a deadline budget, a
 * tracing span, visible to the code of the task that set it and inherited by the tasks it starts
 * afterwards.
 *
 * <pre>{@code
 * static final TaskLocal<String> REQUEST_ID = new TaskLocal<>("requestId", "-");
 *
 * REQUEST_ID.set(id);
 * await(handle(request)); // handle(...) and everything it starts see id
 * }</pre>
 *
 * <p>A task starts with a snapshot of the values of the code that started it (its parent task,
 * or the loop's own context for code outside tasks, such as {@code main}'s supplier); a later
 * {@link #set} in either is not seen by the other, exactly as contextvars copies the context
 * when a task is created. Values are per loop. Loop thread only. Costs nothing to tasks of a
 * program that sets no task-local.
 *
 * @param <T> the type of the value
 */
public final class TaskLocal<T> {
  private final String name;
  private final T defaultValue;

  /** A task-local whose value is {@code null} until set. */
  public TaskLocal(String name) {
    this(name, null);
  }

  /** A task-local whose value is {@code defaultValue} until set. */
  public TaskLocal(String name, T defaultValue) {
    this.name = java.util.Objects.requireNonNull(name, "name");
    this.defaultValue = defaultValue;
  }

  /**
   * The value for the code running now: the one it set last, else the one inherited when its
   * task started, else the default. Loop thread only.
   *
   * @throws IllegalStateException if no event loop runs on this thread
   */
  @SuppressWarnings("unchecked")
  public T get() {
    Object[] context = LoopCore.currentOrThrow("TaskLocal.get").context();
    int index = indexIn(context);
    return index < 0 ? defaultValue : (T) context[index + 1];
  }

  /**
   * Sets the value for the current task (or, outside tasks, for the loop), and for the tasks it
   * starts from now on; tasks already started keep what they inherited. Loop thread only.
   *
   * @throws IllegalStateException if no event loop runs on this thread
   */
  public void set(T value) {
    LoopCore loop = LoopCore.currentOrThrow("TaskLocal.set");
    Object[] context = loop.context();
    int index = indexIn(context);
    Object[] updated;
    if (index >= 0) {
      updated = context.clone(); // contexts are shared with child tasks: never write in place
      updated[index + 1] = value;
    } else {
      updated = Arrays.copyOf(context, context.length + 2);
      updated[context.length] = this;
      updated[context.length + 1] = value;
    }
    loop.setContext(updated);
  }

  /** Forgets the value set for the current task, so that {@link #get()} gives the default. */
  public void remove() {
    LoopCore loop = LoopCore.currentOrThrow("TaskLocal.remove");
    Object[] context = loop.context();
    int index = indexIn(context);
    if (index >= 0) {
      Object[] updated = new Object[context.length - 2];
      System.arraycopy(context, 0, updated, 0, index);
      System.arraycopy(context, index + 2, updated, index, context.length - index - 2);
      loop.setContext(updated);
    }
  }

  private int indexIn(Object[] context) {
    for (int i = 0; i < context.length; i += 2) {
      if (context[i] == this) {
        return i;
      }
    }
    return -1;
  }

  /** The name given at construction, for debugging. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "TaskLocal[" + name + "]";
  }
}
