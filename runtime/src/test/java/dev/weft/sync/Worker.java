package dev.weft.sync;

import dev.weft.Task;
import dev.weft.internal.Coroutine;
import java.util.List;

/**
 * The state machine weft generates for a typical queue consumer, written by hand (as in {@code
 * dev.weft.handwritten.Chain}):
 *
 * <pre>{@code
 * @Async Task<Integer> work(Queue<String> jobs, List<String> log, String name) {
 *   int done = 0;
 *   try {
 *     for (;;) {
 *       String job = await(jobs.get());
 *       try {
 *         log.add(name + ":" + job);
 *         await(Tasks.yieldNow());          // the work itself
 *         done++;
 *       } finally {
 *         jobs.taskDone();
 *       }
 *     }
 *   } catch (QueueShutDownException e) {
 *     return Task.of(done);
 *   }
 * }
 * }</pre>
 */
final class Worker extends Coroutine<Integer> {
  private final Queue<String> jobs;
  private final List<String> log;
  private final String name;
  private int done;

  private Worker(Queue<String> jobs, List<String> log, String name) {
    this.jobs = jobs;
    this.log = log;
    this.name = name;
  }

  static Task<Integer> work(Queue<String> jobs, List<String> log, String name) {
    return new Worker(jobs, log, name).start();
  }

  @Override
  protected void resume() throws Throwable {
    for (; ; ) {
      switch (state) {
        case 0:
          // String job = await(jobs.get());
          if (suspendOn(jobs.get(), 1)) {
            return;
          }
        // fall through
        case 1:
          String job;
          try {
            job = awaited();
          } catch (QueueShutDownException e) {
            returnValue(done);
            return;
          }
          // try { log.add(name + ":" + job); await(Tasks.yieldNow()); ...
          try {
            log.add(name + ":" + job);
          } catch (Throwable e) {
            jobs.taskDone();
            throw e;
          }
          if (suspendOn(dev.weft.Tasks.yieldNow(), 2)) {
            return;
          }
        // fall through
        case 2:
          try {
            awaited();
            done++;
          } finally {
            jobs.taskDone();
          }
          state = 0;
          continue;
        default:
          throw new IllegalStateException("state " + state);
      }
    }
  }

  @Override
  protected String describe() {
    return "Worker.work " + name;
  }
}
