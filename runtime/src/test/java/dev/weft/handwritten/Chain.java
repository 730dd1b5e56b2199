package dev.weft.handwritten;

import dev.weft.Task;
import dev.weft.Tasks;
import java.time.Duration;
import java.util.List;

/**
 * State machines written by hand exactly as weft's processor generates them, for the runtime's
 * tests and as golden examples of the lowering. Each nested class says which original method it
 * stands for.
 */
public final class Chain {
  private Chain() {}

  /**
   * <pre>{@code
   * @Async Task<Integer> addAfterYield(int a, int b) {
   *   await(Tasks.yieldNow());
   *   return Task.of(a + b);
   * }
   * }</pre>
   */
  public static Task<Integer> addAfterYield(int a, int b) {
    return new AddAfterYield(a, b).start();
  }

  static final class AddAfterYield extends dev.weft.internal.Coroutine<Integer> {
    private final int a;
    private final int b;

    AddAfterYield(int a, int b) {
      this.a = a;
      this.b = b;
    }

    @Override
    protected void resume() throws Throwable {
      switch (state) {
        case 0:
          // await(Tasks.yieldNow());
          if (suspendOn(Tasks.yieldNow(), 1)) {
            return;
          }
        case 1:
          awaited();
          // return Task.of(a + b);
          returnValue(a + b);
          return;
        default:
          throw new IllegalStateException("state " + state);
      }
    }

    @Override
    protected String describe() {
      return "Chain.addAfterYield";
    }
  }

  /**
   * <pre>{@code
   * @Async Task<Integer> awaitPrevious(Task<Integer> previous) {
   *   int value = await(previous);
   *   return Task.of(value + 1);
   * }
   * }</pre>
   */
  public static Task<Integer> awaitPrevious(Task<Integer> previous) {
    return new AwaitPrevious(previous).start();
  }

  static final class AwaitPrevious extends dev.weft.internal.Coroutine<Integer> {
    private Task<Integer> previous;

    AwaitPrevious(Task<Integer> previous) {
      this.previous = previous;
    }

    @Override
    protected void resume() throws Throwable {
      switch (state) {
        case 0:
          if (suspendOn(previous, 1)) {
            return;
          }
        case 1:
          int value = awaited();
          returnValue(value + 1);
          return;
        default:
          throw new IllegalStateException("state " + state);
      }
    }
  }

  /**
   * <pre>{@code
   * @Async Task<Integer> sleepThen(Duration delay, List<String> log, String label) {
   *   log.add(label + ":start");
   *   try {
   *     await(Tasks.sleep(delay));
   *   } finally {
   *     log.add(label + ":finally");
   *   }
   *   log.add(label + ":end");
   *   return Task.of(label.length());
   * }
   * }</pre>
   */
  public static Task<Integer> sleepThen(Duration delay, List<String> log, String label) {
    return new SleepThen(delay, log, label).start();
  }

  static final class SleepThen extends dev.weft.internal.Coroutine<Integer> {
    private final Duration delay;
    private final List<String> log;
    private final String label;

    SleepThen(Duration delay, List<String> log, String label) {
      this.delay = delay;
      this.log = log;
      this.label = label;
    }

    @Override
    protected void resume() throws Throwable {
      switch (state) {
        case 0:
          log.add(label + ":start");
          if (suspendOn(Tasks.sleep(delay), 1)) {
            return;
          }
        case 1:
          try {
            awaited();
          } finally {
            log.add(label + ":finally");
          }
          log.add(label + ":end");
          returnValue(label.length());
          return;
        default:
          throw new IllegalStateException("state " + state);
      }
    }
  }

  /**
   * <pre>{@code
   * @Async Task<Long> countDown(int n) {
   *   if (n == 0) return Task.of(0L);
   *   long rest = await(countDown(n - 1));
   *   return Task.of(rest + 1);
   * }
   * }</pre>
   */
  public static Task<Long> countDown(int n) {
    return new CountDown(n).start();
  }

  static final class CountDown extends dev.weft.internal.Coroutine<Long> {
    private final int n;

    CountDown(int n) {
      this.n = n;
    }

    @Override
    protected void resume() throws Throwable {
      switch (state) {
        case 0:
          if (n == 0) {
            returnValue(0L);
            return;
          }
          if (suspendOn(countDown(n - 1), 1)) {
            return;
          }
        case 1:
          long rest = awaited();
          returnValue(rest + 1);
          return;
        default:
          throw new IllegalStateException("state " + state);
      }
    }
  }

  /**
   * <pre>{@code
   * @Async Task<T> adopt(Task<T> other) {
   *   return other;
   * }
   * }</pre>
   */
  public static <T> Task<T> adopt(Task<T> other) {
    return new Adopt<>(other).start();
  }

  static final class Adopt<T> extends dev.weft.internal.Coroutine<T> {
    private final Task<T> other;

    Adopt(Task<T> other) {
      this.other = other;
    }

    @Override
    protected void resume() {
      returnTask(other);
    }
  }
}
