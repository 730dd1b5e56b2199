package dev.weft.debug;

import dev.weft.internal.AsyncStackTraces;
import dev.weft.internal.Coroutine;
import dev.weft.internal.LoopCore;
import java.lang.ref.WeakReference;
import java.util.List;

/**
 * Debug mode's watchdog: a daemon thread that looks at its loop every quarter of the threshold
 * and, when one callback (a task step included) has kept the loop thread for longer than the
 * threshold, reports it once: what runs, the loop thread's stack (the frames of every state
 * machine on it mapped back to the original source) and the await chain of the task that runs:
 * the exact line that blocks, then the tasks that started it eagerly (each at its call: a task
 * that blocks before its first await runs on their stack), then who awaits the outermost of them,
 * up to the root. It ends when the loop closes or is garbage. It reads the loop's state without
 * locks: a blocked loop thread does not change it.
 */
public final class Watchdog implements Runnable {
  private final WeakReference<LoopCore> loopRef;
  private final long thresholdNanos;
  private volatile boolean stopped;
  private final Thread thread;

  private Watchdog(LoopCore loop, long thresholdNanos) {
    this.loopRef = new WeakReference<>(loop);
    this.thresholdNanos = thresholdNanos;
    this.thread = new Thread(this, "weft-watchdog");
    thread.setDaemon(true);
  }

  /** Starts watching {@code loop}: a report whenever a callback runs longer than the threshold. */
  public static Watchdog start(LoopCore loop, long thresholdNanos) {
    Watchdog watchdog = new Watchdog(loop, Math.max(1_000_000, thresholdNanos));
    watchdog.thread.start();
    return watchdog;
  }

  /** Stops the watchdog thread. Any thread. */
  public void stop() {
    stopped = true;
    thread.interrupt();
  }

  @Override
  public void run() {
    long reportedStart = 0;
    long pollMillis = Math.max(1, thresholdNanos / 4_000_000);
    while (!stopped) {
      try {
        Thread.sleep(pollMillis);
      } catch (InterruptedException e) {
        if (stopped) {
          return;
        }
      }
      LoopCore loop = loopRef.get();
      if (loop == null || loop.isClosed()) {
        return;
      }
      long start = loop.callbackStartNanos();
      if (start != 0 && start != reportedStart && System.nanoTime() - start > thresholdNanos) {
        reportedStart = start;
        String report = report(loop, System.nanoTime() - start);
        try {
          BlockedLoopEvent.commit(report);
        } catch (LinkageError noJfrInThisRuntime) {
          // a runtime image without jdk.jfr: the report still goes to the log
        }
        loop.debugReport(report);
      }
    }
  }

  /** The report on a loop whose thread has been in one callback for {@code blockedNanos}. */
  static String report(LoopCore loop, long blockedNanos) {
    Thread thread = loop.thread();
    // The stack first: taking it synchronises with the blocked loop thread (a handshake), so the
    // running task read after it is the one on that stack, not a stale one of an eager caller.
    StackTraceElement[] stack = thread == null ? null : thread.getStackTrace();
    Object task = loop.currentTask();
    StringBuilder sb = new StringBuilder();
    sb.append("weft watchdog: the event loop thread '")
        .append(thread == null ? "?" : thread.getName())
        .append("' has been blocked for ")
        .append(blockedNanos / 1_000_000)
        .append(" ms in ")
        .append(task != null ? "task " + ((dev.weft.Task<?>) task).name() : loop.runningCallback())
        .append(": no other task, timer or I/O of this loop runs meanwhile.\n");
    // Issue 17: every generated frame on the stack is mapped (those of the tasks that started
    // the running one eagerly too), and the await chain starts at the line that blocks.
    List<StackTraceElement> onStack = List.of();
    if (stack != null) {
      onStack = AsyncStackTraces.mapThreadStack(loop.liveTasks(), stack);
      sb.append("Stack of the loop thread:\n");
      for (StackTraceElement f : stack) {
        sb.append("\tat ").append(f).append('\n');
      }
    }
    if (task instanceof Coroutine) {
      Coroutine<?> running = (Coroutine<?>) task;
      sb.append("Await chain of ").append(running.name()).append(":\n");
      if (onStack.isEmpty()) {
        sb.append("\tat ").append(running.sourceFrame()).append(" (running)\n");
      } else {
        sb.append("\tat ").append(onStack.get(0)).append(" (running)\n");
        // The tasks that started it eagerly, each at its call, innermost first: they await it.
        for (StackTraceElement f : onStack.subList(1, onStack.size())) {
          sb.append("\tat ").append(AsyncStackTraces.asAsync(f)).append(" (starting it)\n");
        }
      }
      // Who awaits the outermost task on the stack: the step the loop called, when it is a task.
      Object stepRoot = onStack.size() > 1 ? loop.runningCallback() : running;
      if (stepRoot instanceof Coroutine) {
        for (StackTraceElement f : TaskDump.awaitersChain((Coroutine<?>) stepRoot)) {
          sb.append("\tat ").append(f).append('\n');
        }
      }
    }
    return sb.toString();
  }
}
