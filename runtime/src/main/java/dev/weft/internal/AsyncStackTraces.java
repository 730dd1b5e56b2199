package dev.weft.internal;

import dev.weft.CancelledException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Async stack traces: the stack trace of an exception that leaves a coroutine is rewritten to
 * point at the user's original source, through the coroutine's {@link Coroutine#sourceMap()}.
 *
 * <ul>
 *   <li>Frames of generated code ({@code Foo_Async$Fetch.resume(Foo_Async.java:57)}, and lambdas
 *       in it) become frames of the original method ({@code demo.Foo.fetch(Foo.java:12)}).
 *   <li>Each coroutine up the await chain that the exception passes through (its {@code await}
 *       rethrew it) adds one <b>async frame</b> at the line of that await, marked by the suffix
 *       {@value #ASYNC_SUFFIX} on the method name: {@code demo.Foo.main$await(Foo.java:42)}. The
 *       async frames sit right below the frames of the code that threw, above the event loop's
 *       own frames, innermost await first; an IDE links them like any other frame. When the
 *       awaited task failed while this coroutine was starting it (an eager start runs the callee
 *       on the caller's stack), the caller's real frame at that line is already in the trace and
 *       no async frame is added.
 * </ul>
 *
 * <p>It costs nothing until an exception leaves a coroutine, and then one {@code
 * getStackTrace()}/{@code setStackTrace()} per coroutine it leaves. Cancellations are left alone
 * (they are not failures, and a cancelled program cancels many tasks at once). At most {@value
 * #MAX_ASYNC_FRAMES} async frames are added to one exception.
 */
public final class AsyncStackTraces {
  /** Marks an async frame: the method name of the await's frame ends with it. */
  public static final String ASYNC_SUFFIX = "$await";

  static final int MAX_ASYNC_FRAMES = 128;

  private static final ClassValue<SourceMap[]> MAPS =
      new ClassValue<>() {
        @Override
        protected SourceMap[] computeValue(Class<?> type) {
          return new SourceMap[1];
        }
      };

  private AsyncStackTraces() {}

  /**
   * {@code exception} leaves {@code coroutine}: rewrite its generated frames, and, when an await
   * of the coroutine rethrew it, add the async frame of that await, at {@code awaitState} (the
   * state of that await, whatever finally blocks ran since). Loop thread.
   */
  static void leaving(Coroutine<?> coroutine, Throwable exception, boolean rethrownByAwait, int awaitState) {
    if (exception instanceof CancelledException) {
      return;
    }
    try {
      StackTraceElement[] frames = exception.getStackTrace();
      if (frames.length == 0) {
        return; // an exception without a stack trace (writableStackTrace = false) stays so
      }
      SourceMap map = mapOf(coroutine);
      boolean changed = map != null && map.rewrite(coroutine.getClass().getName(), frames);
      if (rethrownByAwait && map != null) {
        StackTraceElement frame = frameOf(coroutine, awaitState, true);
        List<StackTraceElement> list = new ArrayList<>(Arrays.asList(frames));
        int at = -1;
        int asyncFrames = 0;
        for (int i = 0; i < list.size(); i++) {
          if (list.get(i).getMethodName().endsWith(ASYNC_SUFFIX)) {
            at = i + 1;
            asyncFrames++;
          }
        }
        if (at < 0) {
          at = list.size();
          for (int i = 0; i < list.size(); i++) {
            String type = list.get(i).getClassName();
            if (type.equals(Coroutine.class.getName()) || type.equals(LoopCore.class.getName())) {
              at = i;
              break;
            }
          }
        }
        // An await of a task that failed while this coroutine started it eagerly: this
        // coroutine's own frame, at that line, is already in the trace (below the runtime's).
        boolean alreadyThere = false;
        for (StackTraceElement f : list) {
          if (f.getLineNumber() == frame.getLineNumber()
              && f.getClassName().equals(map.owner)
              && f.getMethodName().equals(map.method)) {
            alreadyThere = true;
            break;
          }
        }
        if (!alreadyThere && asyncFrames < MAX_ASYNC_FRAMES) {
          list.add(at, frame);
          frames = list.toArray(new StackTraceElement[0]);
          changed = true;
        }
      }
      if (changed) {
        exception.setStackTrace(frames);
      }
    } catch (RuntimeException bug) {
      // Debugging aids must never change what the program does: keep the exception as it is.
    }
  }

  /**
   * Maps a thread's stack for reports on a blocked loop thread (issue 17): rewrites, in place,
   * the frames of every generated state machine in {@code frames} whose class one of {@code live}
   * is an instance of (the tasks on a loop thread's stack are live), and returns the mapped frame
   * of each state machine's {@code resume()} among them, innermost first. That is the exact line
   * each one runs: the line that blocks, for the innermost, and for the others the line where
   * they started the task above them eagerly (an {@code @Async} call runs its callee on the
   * caller's stack up to its first suspension). Frames of classes without a source map stay as
   * they are, and are not returned.
   */
  public static List<StackTraceElement> mapThreadStack(
      Iterable<Coroutine<?>> live, StackTraceElement[] frames) {
    java.util.Map<String, SourceMap> maps = new java.util.HashMap<>();
    for (Coroutine<?> task : live) {
      String type = task.getClass().getName();
      if (!maps.containsKey(type)) {
        maps.put(type, mapOf(task));
      }
    }
    List<StackTraceElement> running = new ArrayList<>();
    for (int i = 0; i < frames.length; i++) {
      String type = frames[i].getClassName();
      SourceMap map = maps.get(type);
      if (map == null) {
        continue;
      }
      boolean resume = frames[i].getMethodName().equals("resume")
          || frames[i].getMethodName().startsWith("resume$");
      StackTraceElement[] one = {frames[i]};
      if (map.rewrite(type, one)) {
        frames[i] = one[0];
        if (resume) {
          running.add(one[0]);
        }
      }
    }
    return running;
  }

  /** {@code frame} as an async frame: its method name marked with {@value #ASYNC_SUFFIX}. */
  public static StackTraceElement asAsync(StackTraceElement frame) {
    return new StackTraceElement(
        frame.getClassName(),
        frame.getMethodName() + ASYNC_SUFFIX,
        frame.getFileName(),
        frame.getLineNumber());
  }

  /**
   * The frame of {@code coroutine} at {@code state}: its original method and line when it has a
   * source map, else its class and state. {@code async} adds the {@value #ASYNC_SUFFIX} mark.
   */
  static StackTraceElement frameOf(Coroutine<?> coroutine, int state, boolean async) {
    SourceMap map = mapOf(coroutine);
    String suffix = async ? ASYNC_SUFFIX : "";
    if (map == null) {
      return new StackTraceElement(
          coroutine.getClass().getName(), "resume" + suffix, "state " + state, -1);
    }
    return new StackTraceElement(
        map.owner, map.method + suffix, map.file, map.stateLine(state));
  }

  /**
   * The await chain below {@code task}: for each coroutine from {@code task} down to the task it
   * awaits, and so on, the frame where it is suspended, innermost last; a task that is not a
   * coroutine (a sleep, a gather...) ends the chain with a frame naming it. Loop thread.
   */
  public static List<StackTraceElement> awaitChain(dev.weft.Task<?> task) {
    List<StackTraceElement> chain = new ArrayList<>();
    java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    dev.weft.Task<?> t = task;
    while (t != null && seen.add(t) && chain.size() < MAX_ASYNC_FRAMES) {
      if (t instanceof Coroutine) {
        Coroutine<?> c = (Coroutine<?>) t;
        chain.add(c.sourceFrame());
        t = c.awaitingTask();
      } else {
        chain.add(new StackTraceElement("weft", t.name(), null, -1));
        t = null;
      }
    }
    return chain;
  }

  private static SourceMap mapOf(Coroutine<?> coroutine) {
    SourceMap[] holder = MAPS.get(coroutine.getClass());
    SourceMap map = holder[0];
    if (map == null) {
      String text = coroutine.sourceMap();
      if (text == null) {
        return null;
      }
      map = SourceMap.parse(text);
      holder[0] = map; // a benign race: every thread parses the same constant alike
    }
    return map == SourceMap.INVALID ? null : map;
  }

  /** A parsed {@link Coroutine#sourceMap()}. */
  static final class SourceMap {
    static final SourceMap INVALID =
        new SourceMap("", "", "", new int[0], new int[0], new int[0], new boolean[0]);

    final String owner;
    final String file;
    final String method;
    private final int[] stateLines;
    private final int[] runStarts;
    private final int[] runLines;
    private final boolean[] runConstant;

    private SourceMap(
        String owner,
        String file,
        String method,
        int[] stateLines,
        int[] runStarts,
        int[] runLines,
        boolean[] runConstant) {
      this.owner = owner;
      this.file = file;
      this.method = method;
      this.stateLines = stateLines;
      this.runStarts = runStarts;
      this.runLines = runLines;
      this.runConstant = runConstant;
    }

    static SourceMap parse(String text) {
      try {
        String[] parts = text.split("\\|", -1);
        if (parts.length != 5) {
          return INVALID;
        }
        int[] states = numbers(parts[3].isEmpty() ? new String[0] : parts[3].split(","));
        String[] runs = parts[4].isEmpty() ? new String[0] : parts[4].split(",");
        int[] starts = new int[runs.length];
        int[] lines = new int[runs.length];
        boolean[] constant = new boolean[runs.length];
        for (int i = 0; i < runs.length; i++) {
          int colon = runs[i].indexOf(':');
          if (colon < 0) {
            colon = runs[i].indexOf('=');
            constant[i] = true;
          }
          starts[i] = Integer.parseInt(runs[i].substring(0, colon));
          lines[i] = Integer.parseInt(runs[i].substring(colon + 1));
        }
        return new SourceMap(parts[0], parts[1], parts[2], states, starts, lines, constant);
      } catch (RuntimeException malformed) {
        return INVALID;
      }
    }

    private static int[] numbers(String[] texts) {
      int[] out = new int[texts.length];
      for (int i = 0; i < texts.length; i++) {
        out[i] = Integer.parseInt(texts[i]);
      }
      return out;
    }

    /** The original line where {@code state} starts, or -1 when unknown. */
    int stateLine(int state) {
      int line = state >= 0 && state < stateLines.length ? stateLines[state] : 0;
      return line > 0 ? line : -1;
    }

    /** The original line of generated line {@code generated}, or -1 when unknown. */
    int originalLine(int generated) {
      int i = Arrays.binarySearch(runStarts, generated);
      if (i < 0) {
        i = -i - 2; // the run that starts before it
      }
      if (i < 0 || runLines[i] <= 0) {
        return -1; // before the first run, or a line of no original line
      }
      // i:L runs go line for line (copied code); i=L runs stay on L (lowered statements)
      return runConstant[i] ? runLines[i] : runLines[i] + (generated - runStarts[i]);
    }

    /**
     * Rewrites, in place, the frames of {@code machine} (the generated class) and of lambdas in
     * it to frames of the original method. Whether anything changed.
     */
    boolean rewrite(String machine, StackTraceElement[] frames) {
      boolean changed = false;
      for (int i = 0; i < frames.length; i++) {
        StackTraceElement f = frames[i];
        if (!f.getClassName().equals(machine) || f.getLineNumber() <= 0) {
          continue;
        }
        String name = f.getMethodName();
        String original;
        if (name.equals("resume") || name.startsWith("resume$")) {
          original = method; // resume$0, resume$1...: a resume() too large for one method, split
        } else if (name.startsWith("lambda$resume$")) {
          original = "lambda$" + method + "$" + name.substring("lambda$resume$".length());
        } else {
          continue;
        }
        int line = originalLine(f.getLineNumber());
        if (line > 0) {
          frames[i] = new StackTraceElement(owner, original, file, line);
          changed = true;
        }
      }
      return changed;
    }
  }
}
