package dev.weft.sync;

import dev.weft.Task;
import dev.weft.internal.Coroutine;
import java.util.List;
import java.util.function.Supplier;

/**
 * The state machine weft generates for the canonical use of a lock, written by hand (as in
 * {@code dev.weft.handwritten.Chain}):
 *
 * <pre>{@code
 * @Async Task<Void> critical(Lock lock, List<String> log, String name, Task<?> inside) {
 *   await(lock.acquire());
 *   try {
 *     log.add(name + " in");
 *     await(inside);
 *   } finally {
 *     log.add(name + " out");
 *     lock.release();
 *   }
 *   return Task.done();
 * }
 * }</pre>
 */
final class Critical extends Coroutine<Void> {
  private final Supplier<Task<Void>> acquire;
  private final Runnable release;
  private final List<String> log;
  private final String name;
  private final Supplier<? extends Task<?>> inside;

  private Critical(
      Supplier<Task<Void>> acquire,
      Runnable release,
      List<String> log,
      String name,
      Supplier<? extends Task<?>> inside) {
    this.acquire = acquire;
    this.release = release;
    this.log = log;
    this.name = name;
    this.inside = inside;
  }

  static Task<Void> critical(Lock lock, List<String> log, String name, Task<?> inside) {
    return new Critical(lock::acquire, lock::release, log, name, () -> inside).start();
  }

  /**
   * The same shape for any acquire/release pair (a semaphore), where {@code inside} makes the
   * task to await while holding, once the acquire succeeded.
   */
  static Task<Void> holding(
      Supplier<Task<Void>> acquire,
      Runnable release,
      List<String> log,
      String name,
      Supplier<? extends Task<?>> inside) {
    return new Critical(acquire, release, log, name, inside).start();
  }

  @Override
  protected void resume() throws Throwable {
    switch (state) {
      case 0:
        // await(lock.acquire());
        if (suspendOn(acquire.get(), 1)) {
          return;
        }
      // fall through
      case 1:
        awaited();
        // try { log.add(name + " in"); await(inside); }
        log.add(name + " in");
        if (suspendOn(inside.get(), 2)) {
          return;
        }
      // fall through
      case 2:
        try {
          awaited();
        } finally {
          log.add(name + " out");
          release.run();
        }
        returnValue(null);
        return;
      default:
        throw new IllegalStateException("state " + state);
    }
  }

  @Override
  protected String describe() {
    return "critical " + name;
  }
}
