package dev.weft.sync;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.internal.Coroutine;

/**
 * A test coroutine made of steps: each step runs on the loop and returns the task to await next
 * (null: nothing to await). It stands for an {@code @Async} method whose body is the steps with an
 * {@code await} after each:
 *
 * <pre>{@code
 * Script.start("consumer",
 *     p -> queue.get(),                  // Object item = await(queue.get());
 *     item -> { log.add(item); return null; });
 * }</pre>
 *
 * A failed await fails the script at once, unless the next step is wrapped in {@link #caught},
 * which receives the exception (or null) instead of the value, as a {@code catch} would.
 */
final class Script extends Coroutine<Object> {
  /** One step: given the previous await's value, returns the next task to await, or null. */
  @FunctionalInterface
  interface Step {
    Task<?> next(Object previous) throws Throwable;
  }

  /** A step that receives the previous await's exception (null if it succeeded). */
  private static final class Caught implements Step {
    private final Step step;

    Caught(Step step) {
      this.step = step;
    }

    @Override
    public Task<?> next(Object failure) throws Throwable {
      return step.next(failure);
    }
  }

  private final String name;
  private final Step[] steps;

  private Script(String name, Step[] steps) {
    this.name = name;
    this.steps = steps;
  }

  /** Starts a script on the current loop, eagerly as generated code does. */
  static Task<Object> start(String name, Step... steps) {
    return new Script(name, steps).start();
  }

  /**
   * A task that makes the call {@code operation} and awaits it, completing with its value: the
   * caller of a primitive's operation, {@code return await(queue.get())}. Cancel it, not the
   * operation's task, to cancel a caller.
   */
  static Task<Object> call(String name, java.util.function.Supplier<? extends Task<?>> operation) {
    return start(name, p -> operation.get());
  }

  /** Wraps {@code step} so that it receives the previous await's exception, or null. */
  static Step caught(Step step) {
    return new Caught(step);
  }

  /** A task done after {@code turns} turns of the loop: lets woken tasks run, deterministically. */
  static Task<Object> turns(int turns) {
    Step[] yields = new Step[turns];
    java.util.Arrays.fill(yields, (Step) previous -> Tasks.yieldNow());
    return start("turns", yields);
  }

  /** Runs {@code action} once per loop turn, {@code turns} times; the task ends after the last. */
  static Task<Object> repeat(int turns, Runnable action) {
    Step[] steps = new Step[turns];
    java.util.Arrays.fill(
        steps,
        (Step)
            previous -> {
              action.run();
              return Tasks.yieldNow();
            });
    return start("repeat", steps);
  }

  /**
   * A task done on the first loop turn where {@code condition} holds; it fails after {@code
   * maxTurns} turns without it, saying {@code what} never happened.
   */
  static Task<Object> until(
      java.util.function.BooleanSupplier condition, int maxTurns, String what) {
    Step[] steps = new Step[maxTurns + 1];
    java.util.Arrays.fill(
        steps, (Step) previous -> condition.getAsBoolean() ? DONE : Tasks.yieldNow());
    steps[maxTurns] =
        previous -> {
          throw new AssertionError(what + " did not happen within " + maxTurns + " turns");
        };
    return new Script("until", steps).start();
  }

  /** Returned by a step of {@link #until} to end the script. */
  private static final Task<Object> DONE = Task.of(null);

  /** Enough turns for every task woken now to run through its grant and resumption. */
  static Task<Object> settle() {
    return turns(10);
  }

  @Override
  protected void resume() throws Throwable {
    for (; ; ) {
      Object previous = null;
      if (state > 0) {
        if (state < steps.length && steps[state] instanceof Caught) {
          try {
            awaited();
          } catch (Throwable failure) {
            previous = failure;
          }
        } else {
          previous = awaited();
        }
      }
      if (state == steps.length) {
        returnValue(previous);
        return;
      }
      Task<?> next = steps[state].next(previous);
      if (next == DONE) {
        returnValue(null);
        return;
      }
      if (suspendOn(next == null ? Task.done() : next, state + 1)) {
        return;
      }
    }
  }

  @Override
  protected String describe() {
    return "Script " + name;
  }
}
