package dev.weft.sync;

import dev.weft.Task;
import dev.weft.internal.Coroutine;
import java.util.List;

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
  private final Lock lock;
  private final List<String> log;
  private final String name;
  private final Task<?> inside;

  private Critical(Lock lock, List<String> log, String name, Task<?> inside) {
    this.lock = lock;
    this.log = log;
    this.name = name;
    this.inside = inside;
  }

  static Task<Void> critical(Lock lock, List<String> log, String name, Task<?> inside) {
    return new Critical(lock, log, name, inside).start();
  }

  @Override
  protected void resume() throws Throwable {
    switch (state) {
      case 0:
        // await(lock.acquire());
        if (suspendOn(lock.acquire(), 1)) {
          return;
        }
      // fall through
      case 1:
        awaited();
        // try { log.add(name + " in"); await(inside); }
        log.add(name + " in");
        if (suspendOn(inside, 2)) {
          return;
        }
      // fall through
      case 2:
        try {
          awaited();
        } finally {
          log.add(name + " out");
          lock.release();
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
