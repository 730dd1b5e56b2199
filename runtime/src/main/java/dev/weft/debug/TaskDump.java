package dev.weft.debug;

import dev.weft.Task;
import dev.weft.internal.AsyncStackTraces;
import dev.weft.internal.Coroutine;
import dev.weft.internal.LoopCore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A readable tree of the live tasks of a loop, as {@code EventLoop.dumpTasks()} gives it:
 *
 * <pre>
 * 3 live tasks on event loop 'main' (time 2000000000 ns):
 * Main.serve@1b6d3586 suspended at demo.Main.serve(Main.java:20)
 *   awaits gather@4554617c [pending]
 *     Main.fetch@74a14482 suspended at demo.Main.fetch(Main.java:31)
 *       awaits sleep@1540e19d [pending]
 *     Main.fetch@677327b6 suspended at demo.Main.fetch(Main.java:31)
 *       awaits sleep@14ae5a5 [pending]
 * </pre>
 *
 * <p>Each task sits under the task that awaits it, so a line's parents are who awaits it and its
 * children what it awaits; a task that no other task awaits is a root. The line of a suspended
 * {@code @Async} task is the original line of its await. Tasks whose code is on the loop
 * thread's stack when the dump is made (the running task, and the tasks that started it eagerly
 * and have not reached an await yet) are read from that stack: each is {@code running at} the
 * exact line it runs, the line that blocks for a blocked loop, and sits under the task that
 * started it ({@code starts eagerly, on the same stack}).
 */
public final class TaskDump {
  private final LoopCore loop;
  private final Map<Object, List<Coroutine<?>>> awaitedBy = new IdentityHashMap<>();
  private final Set<Object> printed = Collections.newSetFromMap(new IdentityHashMap<>());
  private final StringBuilder out = new StringBuilder();

  /** The tasks on the loop thread's stack now, each at the exact line it runs (issue 17). */
  private final Map<Coroutine<?>, StackTraceElement> runningAt = new IdentityHashMap<>();

  /** For each task on the stack, the task it started eagerly, which runs above it. */
  private final Map<Coroutine<?>, Coroutine<?>> startedEagerly = new IdentityHashMap<>();

  private TaskDump(LoopCore loop) {
    this.loop = loop;
  }

  /** The dump of {@code loop}'s live tasks. On the loop thread, or while the loop is stopped. */
  public static String of(LoopCore loop) {
    return new TaskDump(loop).write();
  }

  /**
   * The dump of {@code loop}'s live tasks, from any thread: made at once on the loop thread or
   * while the loop is not running; otherwise made on the loop thread through its thread-safe
   * queue while this thread waits, up to 5 s (a loop thread blocked longer gets a dump read
   * without it, marked as possibly inconsistent).
   */
  public static String ofAnyThread(LoopCore loop) {
    if (loop.inLoopThread() || !loop.isRunning()) {
      return of(loop);
    }
    java.util.concurrent.CompletableFuture<String> dump =
        new java.util.concurrent.CompletableFuture<>();
    if (!loop.tryExecuteThreadsafe(() -> dump.complete(of(loop)))) {
      return "the event loop is closed";
    }
    try {
      return dump.get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException blocked) {
      return "The event loop did not answer within 5 s (is its thread blocked?); read without it,"
          + " so possibly inconsistent:\n"
          + of(loop);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (java.util.concurrent.ExecutionException e) {
      return "the dump failed: " + e.getCause();
    }
  }

  private String write() {
    List<Coroutine<?>> live = loop.liveTasks();
    Thread thread = loop.thread();
    out.append(live.size())
        .append(live.size() == 1 ? " live task" : " live tasks")
        .append(" on event loop")
        .append(thread == null ? "" : " '" + thread.getName() + "'")
        .append(" (time ")
        .append(loop.now())
        .append(" ns):\n");
    readTheLoopThreadsStack(live);
    // children: the live coroutines each awaiter (a coroutine or a combinator) waits for
    Set<Coroutine<?>> awaitedByATask = Collections.newSetFromMap(new IdentityHashMap<>());
    awaitedByATask.addAll(startedEagerly.values()); // listed under the task that started it
    Map<Object, Boolean> liveSet = new IdentityHashMap<>();
    for (Coroutine<?> c : live) {
      liveSet.put(c, true);
    }
    for (Coroutine<?> c : live) {
      for (Object awaiter : Coroutine.awaitersOfTask(c)) {
        awaitedBy.computeIfAbsent(awaiter, k -> new ArrayList<>()).add(c);
        if (awaiter instanceof Task
            && (liveSet.containsKey(awaiter) || awaitedByLive(awaiter, liveSet))) {
          awaitedByATask.add(c);
        }
      }
    }
    for (Coroutine<?> c : live) {
      if (!awaitedByATask.contains(c)) {
        task(c, 0);
      }
    }
    for (Coroutine<?> c : live) { // a cycle of awaits, which only a bug makes: still listed
      if (!printed.contains(c)) {
        task(c, 0);
      }
    }
    return out.toString();
  }

  /**
   * Issue 17: the tasks whose steps are on the loop thread's stack now, read from the thread's
   * real stack mapped through the source maps: the running task at the line it runs (the line
   * that blocks, for a blocked loop), and the tasks that started it eagerly (an {@code @Async}
   * call runs its callee on the caller's stack up to its first suspension), each at its call.
   * A task is on the stack exactly when it is live, not queued and awaits nothing; started in
   * order, an eager caller before its callee. When the stack does not match (a hand-written
   * coroutine without a source map is on it), the dump keeps the lines where states start.
   */
  private void readTheLoopThreadsStack(List<Coroutine<?>> live) {
    Thread thread = loop.thread();
    if (thread == null || loop.currentTask() == null) {
      return;
    }
    List<StackTraceElement> frames = AsyncStackTraces.mapThreadStack(live, thread.getStackTrace());
    List<Coroutine<?>> running = new ArrayList<>();
    for (Coroutine<?> c : live) {
      if (!c.isDone() && !c.isScheduled() && c.awaitingTask() == null) {
        running.add(c);
      }
    }
    if (running.isEmpty() || running.size() != frames.size()) {
      return;
    }
    Collections.reverse(running); // innermost first, as the frames
    for (int i = 0; i < running.size(); i++) {
      runningAt.put(running.get(i), frames.get(i));
      if (i > 0) {
        startedEagerly.put(running.get(i), running.get(i - 1));
      }
    }
  }

  /** Whether a combinator is awaited by a live coroutine, under which it is then listed. */
  private static boolean awaitedByLive(Object task, Map<Object, Boolean> live) {
    for (Object awaiter : Coroutine.awaitersOfTask((Task<?>) task)) {
      if (live.containsKey(awaiter)) {
        return true;
      }
    }
    return false;
  }

  private void task(Coroutine<?> c, int depth) {
    indent(depth).append(c.name());
    if (!printed.add(c)) {
      out.append(" (listed above)\n");
      return;
    }
    Task<?> awaited = c.awaitingTask();
    StackTraceElement exact = runningAt.get(c);
    if (exact != null) {
      out.append(" running at ").append(exact);
    } else if (loop.currentTask() == c) {
      out.append(" running, in a step that started at ").append(c.sourceFrame());
    } else if (c.isScheduled() || awaited == null) {
      out.append(" ready to resume at ").append(c.sourceFrame());
    } else {
      out.append(" suspended at ").append(c.sourceFrame());
    }
    if (c.isCancelRequested()) {
      out.append(" (cancellation requested)");
    }
    out.append('\n');
    Coroutine<?> callee = startedEagerly.get(c);
    if (callee != null) {
      indent(depth + 1).append("starts eagerly, on the same stack\n");
      task(callee, depth + 2);
      return;
    }
    if (awaited == null) {
      return;
    }
    if (awaited instanceof Coroutine && !awaited.isDone()) {
      indent(depth + 1).append("awaits\n");
      task((Coroutine<?>) awaited, depth + 2);
      return;
    }
    indent(depth + 1).append("awaits ").append(awaited).append('\n');
    for (Coroutine<?> child : awaitedBy.getOrDefault(awaited, List.of())) {
      task(child, depth + 2);
    }
  }

  private StringBuilder indent(int depth) {
    for (int i = 0; i < depth; i++) {
      out.append("  ");
    }
    return out;
  }

  /**
   * The await chain above {@code task}: its frame, then, for each task awaiting it in turn,
   * the frame where that one awaits, as async frames. For reports of a running task.
   */
  static List<StackTraceElement> awaitersChain(Coroutine<?> task) {
    List<StackTraceElement> chain = new ArrayList<>();
    Map<Object, Boolean> seen = new LinkedHashMap<>();
    Object t = task;
    while (t instanceof Task && seen.put(t, true) == null && chain.size() < 128) {
      Object next = null;
      for (Object awaiter : Coroutine.awaitersOfTask((Task<?>) t)) {
        if (awaiter instanceof Task) {
          next = awaiter;
          break;
        }
      }
      if (next instanceof Coroutine) {
        chain.add(AsyncStackTraces.asAsync(((Coroutine<?>) next).sourceFrame()));
      } else if (next != null) {
        chain.add(new StackTraceElement("weft", next.toString(), null, -1));
      }
      t = next;
    }
    return chain;
  }
}
