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

  /**
   * <pre>{@code
   * @Async Task<T> guarded(Task<T> inner, List<String> log, String label) {
   *   try {
   *     T value = await(inner);
   *     log.add(label + ":value " + value);
   *     return Task.of(value);
   *   } catch (CancelledException e) {
   *     log.add(label + ":cancelled");
   *     throw e;
   *   } finally {
   *     log.add(label + ":finally");
   *   }
   * }
   * }</pre>
   */
  public static <T> Task<T> guarded(Task<T> inner, List<String> log, String label) {
    return new Guarded<>(inner, log, label).start();
  }

  static final class Guarded<T> extends dev.weft.internal.Coroutine<T> {
    private final Task<T> inner;
    private final List<String> log;
    private final String label;

    Guarded(Task<T> inner, List<String> log, String label) {
      this.inner = inner;
      this.log = log;
      this.label = label;
    }

    @Override
    protected void resume() throws Throwable {
      switch (state) {
        case 0:
          // T value = await(inner);
          if (suspendOn(inner, 1)) {
            return;
          }
        case 1:
          try {
            T value = awaited();
            // log.add(label + ":value " + value);
            log.add(label + ":value " + value);
            // return Task.of(value);
            returnValue(value);
            return;
          } catch (dev.weft.CancelledException e) {
            // log.add(label + ":cancelled");
            log.add(label + ":cancelled");
            // throw e;
            throw e;
          } finally {
            // log.add(label + ":finally");
            log.add(label + ":finally");
          }
        default:
          throw new IllegalStateException("state " + state);
      }
    }

    @Override
    protected String describe() {
      return "Chain.guarded";
    }
  }

  /**
   * <pre>{@code
   * @Async Task<T> orElse(Task<T> inner, T fallback) {
   *   try {
   *     return Task.of(await(inner));
   *   } catch (CancelledException e) {
   *     return Task.of(fallback);
   *   }
   * }
   * }</pre>
   */
  public static <T> Task<T> orElse(Task<T> inner, T fallback) {
    return new OrElse<>(inner, fallback).start();
  }

  static final class OrElse<T> extends dev.weft.internal.Coroutine<T> {
    private final Task<T> inner;
    private final T fallback;

    OrElse(Task<T> inner, T fallback) {
      this.inner = inner;
      this.fallback = fallback;
    }

    @Override
    protected void resume() throws Throwable {
      switch (state) {
        case 0:
          // return Task.of(await(inner));
          if (suspendOn(inner, 1)) {
            return;
          }
        case 1:
          try {
            returnValue(awaited());
          } catch (dev.weft.CancelledException e) {
            // return Task.of(fallback);
            returnValue(fallback);
          }
          return;
        default:
          throw new IllegalStateException("state " + state);
      }
    }

    @Override
    protected String describe() {
      return "Chain.orElse";
    }
  }

  /**
   * <pre>{@code
   * @Async Task<Void> ticker(int times, List<String> log, String label) {
   *   for (int i = 0; i < times; i++) {
   *     log.add(label + i);
   *     await(Tasks.yieldNow());
   *   }
   *   return Task.done();
   * }
   * }</pre>
   */
  public static Task<Void> ticker(int times, List<String> log, String label) {
    return new Ticker(times, log, label).start();
  }

  static final class Ticker extends dev.weft.internal.Coroutine<Void> {
    private final int times;
    private final List<String> log;
    private final String label;
    private int i;

    Ticker(int times, List<String> log, String label) {
      this.times = times;
      this.log = log;
      this.label = label;
    }

    @Override
    protected void resume() throws Throwable {
      for (; ; ) {
        switch (state) {
          case 0:
            // for (int i = 0; i < times; i++) {
            i = 0;
          case 1:
            if (!(i < times)) {
              state = 3;
              continue;
            }
            // log.add(label + i);
            log.add(label + i);
            // await(Tasks.yieldNow());
            if (suspendOn(Tasks.yieldNow(), 2)) {
              return;
            }
          case 2:
            awaited();
            i++;
            state = 1;
            continue;
          case 3:
            // return Task.done();
            returnTask(Task.done());
            return;
          default:
            throw new IllegalStateException("state " + state);
        }
      }
    }

    @Override
    protected String describe() {
      return "Chain.ticker";
    }
  }

  /**
   * <pre>{@code
   * @Async Task<T> failAfterYield(Throwable failure) throws Throwable {
   *   await(Tasks.yieldNow());
   *   throw failure;
   * }
   * }</pre>
   */
  public static <T> Task<T> failAfterYield(Throwable failure) {
    return new FailAfterYield<T>(failure).start();
  }

  static final class FailAfterYield<T> extends dev.weft.internal.Coroutine<T> {
    private final Throwable failure;

    FailAfterYield(Throwable failure) {
      this.failure = failure;
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
          // throw failure;
          throw failure;
        default:
          throw new IllegalStateException("state " + state);
      }
    }

    @Override
    protected String describe() {
      return "Chain.failAfterYield";
    }
  }

  /**
   * An {@code await} in a {@code finally} block: the cleanup itself suspends, so a canceller that
   * waits for the task to finish cancelling must see {@code "cleanup done"} first.
   *
   * <pre>{@code
   * @Async Task<String> slowCleanup(Duration delay, List<String> log) {
   *   try {
   *     await(Tasks.sleep(delay));
   *     return Task.of("slept");
   *   } finally {
   *     await(Tasks.yieldNow());
   *     log.add("cleanup done");
   *   }
   * }
   * }</pre>
   */
  public static Task<String> slowCleanup(Duration delay, List<String> log) {
    return new SlowCleanup(delay, log).start();
  }

  static final class SlowCleanup extends dev.weft.internal.Coroutine<String> {
    private final Duration delay;
    private final List<String> log;
    // The completion record of the try block, carried through the finally block.
    private Throwable thrown;
    private String returned;

    SlowCleanup(Duration delay, List<String> log) {
      this.delay = delay;
      this.log = log;
    }

    @Override
    protected void resume() throws Throwable {
      for (; ; ) {
        switch (state) {
          case 0:
            // await(Tasks.sleep(delay));
            if (suspendOn(Tasks.sleep(delay), 1)) {
              return;
            }
          case 1:
            try {
              awaited();
              // return Task.of("slept");
              returned = "slept";
            } catch (Throwable e) {
              thrown = e;
            }
            // finally {
            //   await(Tasks.yieldNow());
            if (suspendOn(Tasks.yieldNow(), 2)) {
              return;
            }
          case 2:
            awaited();
            //   log.add("cleanup done");
            log.add("cleanup done");
            // }
            if (thrown != null) {
              throw thrown;
            }
            returnValue(returned);
            return;
          default:
            throw new IllegalStateException("state " + state);
        }
      }
    }

    @Override
    protected String describe() {
      return "Chain.slowCleanup";
    }
  }

  /**
   * <pre>{@code
   * @Async Task<String> cancelSelfThenAwait(Task<?> next, List<String> log) {
   *   Tasks.current().cancel();
   *   log.add("still running");
   *   await(next);
   *   return Task.of("not cancelled");
   * }
   * }</pre>
   */
  public static Task<String> cancelSelfThenAwait(Task<?> next, List<String> log) {
    return new CancelSelfThenAwait(next, log).start();
  }

  static final class CancelSelfThenAwait extends dev.weft.internal.Coroutine<String> {
    private final Task<?> next;
    private final List<String> log;

    CancelSelfThenAwait(Task<?> next, List<String> log) {
      this.next = next;
      this.log = log;
    }

    @Override
    protected void resume() throws Throwable {
      switch (state) {
        case 0:
          // Tasks.current().cancel();
          Tasks.current().cancel();
          // log.add("still running");
          log.add("still running");
          // await(next);
          if (suspendOn(next, 1)) {
            return;
          }
        case 1:
          awaited();
          // return Task.of("not cancelled");
          returnValue("not cancelled");
          return;
        default:
          throw new IllegalStateException("state " + state);
      }
    }

    @Override
    protected String describe() {
      return "Chain.cancelSelfThenAwait";
    }
  }

  /**
   * <pre>{@code
   * @Async Task<Void> nestThen(int depth, Runnable atBottom) {
   *   if (depth > 0) {
   *     await(nestThen(depth - 1, atBottom));
   *   } else {
   *     atBottom.run();
   *   }
   *   return Task.done();
   * }
   * }</pre>
   */
  public static Task<Void> nestThen(int depth, Runnable atBottom) {
    return new NestThen(depth, atBottom).start();
  }

  static final class NestThen extends dev.weft.internal.Coroutine<Void> {
    private final int depth;
    private final Runnable atBottom;

    NestThen(int depth, Runnable atBottom) {
      this.depth = depth;
      this.atBottom = atBottom;
    }

    @Override
    protected void resume() throws Throwable {
      switch (state) {
        case 0:
          // if (depth > 0) {
          if (depth > 0) {
            //   await(nestThen(depth - 1, atBottom));
            if (suspendOn(nestThen(depth - 1, atBottom), 1)) {
              return;
            }
          } else {
            //   atBottom.run();
            atBottom.run();
            returnTask(Task.done());
            return;
          }
        case 1:
          awaited();
          // return Task.done();
          returnTask(Task.done());
          return;
        default:
          throw new IllegalStateException("state " + state);
      }
    }

    @Override
    protected String describe() {
      return "Chain.nestThen";
    }
  }

  /**
   * Enhanced {@code for} over an {@code Iterable} with an await in its body.
   *
   * <pre>{@code
   * @Async Task<List<T>> inCompletionOrder(Collection<? extends Task<? extends T>> tasks) {
   *   List<T> order = new ArrayList<>();
   *   for (Task<T> next : Tasks.asCompleted(tasks)) {
   *     order.add(await(next));
   *   }
   *   return Task.of(order);
   * }
   * }</pre>
   */
  public static <T> Task<List<T>> inCompletionOrder(
      java.util.Collection<? extends Task<? extends T>> tasks) {
    return new InCompletionOrder<T>(tasks).start();
  }

  static final class InCompletionOrder<T> extends dev.weft.internal.Coroutine<List<T>> {
    private final java.util.Collection<? extends Task<? extends T>> tasks;
    private List<T> order;
    private java.util.Iterator<Task<T>> nextIterator;

    InCompletionOrder(java.util.Collection<? extends Task<? extends T>> tasks) {
      this.tasks = tasks;
    }

    @Override
    protected void resume() throws Throwable {
      for (; ; ) {
        switch (state) {
          case 0:
            // List<T> order = new ArrayList<>();
            order = new java.util.ArrayList<>();
            // for (Task<T> next : Tasks.asCompleted(tasks)) {
            nextIterator = Tasks.<T>asCompleted(tasks).iterator();
          case 1:
            if (!nextIterator.hasNext()) {
              state = 3;
              continue;
            }
            Task<T> next = nextIterator.next();
            //   order.add(await(next));
            if (suspendOn(next, 2)) {
              return;
            }
          case 2:
            order.add(awaited());
            state = 1;
            continue;
          case 3:
            // return Task.of(order);
            returnValue(order);
            return;
          default:
            throw new IllegalStateException("state " + state);
        }
      }
    }

    @Override
    protected String describe() {
      return "Chain.inCompletionOrder";
    }
  }

  /**
   * <pre>{@code
   * @Async Task<Task<?>> whoAmI() {
   *   await(Tasks.yieldNow());
   *   return Task.of(Tasks.current());
   * }
   * }</pre>
   */
  public static Task<Task<?>> whoAmI() {
    return new WhoAmI().start();
  }

  static final class WhoAmI extends dev.weft.internal.Coroutine<Task<?>> {
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
          // return Task.of(Tasks.current());
          returnValue(Tasks.current());
          return;
        default:
          throw new IllegalStateException("state " + state);
      }
    }

    @Override
    protected String describe() {
      return "Chain.whoAmI";
    }
  }

  /**
   * try-with-resources around an await, with a catch: the resource is closed first, then the
   * catch runs.
   *
   * <pre>{@code
   * @Async Task<String> withinTimeout(
   *     Duration limit, Task<String> work, List<TimeoutScope> scopes) {
   *   try (TimeoutScope scope = Tasks.timeout(limit)) {
   *     scopes.add(scope);
   *     return Task.of(await(work));
   *   } catch (TaskTimeoutException e) {
   *     return Task.of("timed out");
   *   }
   * }
   * }</pre>
   */
  public static Task<String> withinTimeout(
      Duration limit, Task<String> work, List<dev.weft.TimeoutScope> scopes) {
    return new WithinTimeout(limit, work, scopes).start();
  }

  static final class WithinTimeout extends dev.weft.internal.Coroutine<String> {
    private final Duration limit;
    private final Task<String> work;
    private final List<dev.weft.TimeoutScope> scopes;
    private dev.weft.TimeoutScope scope;
    // The completion record of the try block, carried through the resource's close.
    private Throwable thrown;
    private String returned;

    WithinTimeout(Duration limit, Task<String> work, List<dev.weft.TimeoutScope> scopes) {
      this.limit = limit;
      this.work = work;
      this.scopes = scopes;
    }

    @Override
    protected void resume() throws Throwable {
      for (; ; ) {
        switch (state) {
          case 0:
            // try (TimeoutScope scope = Tasks.timeout(limit)) {
            scope = Tasks.timeout(limit);
            try {
              //   scopes.add(scope);
              scopes.add(scope);
              //   return Task.of(await(work));
              if (suspendOn(work, 1)) {
                return;
              }
            } catch (Throwable e) {
              thrown = e;
              state = 2;
              continue;
            }
          case 1:
            try {
              returned = awaited();
            } catch (Throwable e) {
              thrown = e;
            }
          case 2:
            // } (the resource is closed)
            try {
              scope.close();
            } catch (Throwable e) {
              if (thrown == null) {
                thrown = e;
              } else {
                thrown.addSuppressed(e);
              }
            }
            // catch (TaskTimeoutException e) {
            if (thrown instanceof dev.weft.TaskTimeoutException) {
              //   return Task.of("timed out");
              returnValue("timed out");
              return;
            }
            if (thrown != null) {
              throw thrown;
            }
            returnValue(returned);
            return;
          default:
            throw new IllegalStateException("state " + state);
        }
      }
    }

    @Override
    protected String describe() {
      return "Chain.withinTimeout";
    }
  }

  /**
   * <pre>{@code
   * @Async Task<String> readAfterYield(TaskLocal<String> local) {
   *   await(Tasks.yieldNow());
   *   return Task.of(local.get());
   * }
   * }</pre>
   */
  public static Task<String> readAfterYield(dev.weft.TaskLocal<String> local) {
    return new ReadAfterYield(local).start();
  }

  static final class ReadAfterYield extends dev.weft.internal.Coroutine<String> {
    private final dev.weft.TaskLocal<String> local;

    ReadAfterYield(dev.weft.TaskLocal<String> local) {
      this.local = local;
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
          // return Task.of(local.get());
          returnValue(local.get());
          return;
        default:
          throw new IllegalStateException("state " + state);
      }
    }

    @Override
    protected String describe() {
      return "Chain.readAfterYield";
    }
  }

  /**
   * <pre>{@code
   * @Async Task<String> setThenStart(TaskLocal<String> local, String value) {
   *   Task<String> before = readAfterYield(local);
   *   local.set(value);
   *   Task<String> child = readAfterYield(local);
   *   local.set(value + "-changed");
   *   return Task.of(await(before) + "/" + await(child) + "/" + local.get());
   * }
   * }</pre>
   */
  public static Task<String> setThenStart(dev.weft.TaskLocal<String> local, String value) {
    return new SetThenStart(local, value).start();
  }

  static final class SetThenStart extends dev.weft.internal.Coroutine<String> {
    private final dev.weft.TaskLocal<String> local;
    private final String value;
    private Task<String> child;
    // The left operand of the concatenation, evaluated before the second await.
    private String beforeValue;

    SetThenStart(dev.weft.TaskLocal<String> local, String value) {
      this.local = local;
      this.value = value;
    }

    @Override
    protected void resume() throws Throwable {
      switch (state) {
        case 0:
          // Task<String> before = readAfterYield(local);
          Task<String> before = readAfterYield(local);
          // local.set(value);
          local.set(value);
          // Task<String> child = readAfterYield(local);
          child = readAfterYield(local);
          // local.set(value + "-changed");
          local.set(value + "-changed");
          // return Task.of(await(before) + "/" + await(child) + "/" + local.get());
          if (suspendOn(before, 1)) {
            return;
          }
        case 1:
          beforeValue = awaited();
          if (suspendOn(child, 2)) {
            return;
          }
        case 2:
          String childValue = awaited();
          returnValue(beforeValue + "/" + childValue + "/" + local.get());
          return;
        default:
          throw new IllegalStateException("state " + state);
      }
    }

    @Override
    protected String describe() {
      return "Chain.setThenStart";
    }
  }
}
