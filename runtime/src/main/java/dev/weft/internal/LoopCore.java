package dev.weft.internal;

import dev.weft.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The machinery behind a {@code dev.weft.EventLoop}: one thread, a FIFO ready queue, a timer
 * heap, a thread-safe inbox and a {@link Selector}. The public class is a thin facade over it;
 * this one is what tasks, timers and generated state machines talk to.
 *
 * <p>Everything here runs on the loop's thread unless a method says otherwise.
 */
public final class LoopCore {
  private static final ThreadLocal<LoopCore> CURRENT = new ThreadLocal<>();

  private static final System.Logger LOG = System.getLogger("dev.weft.EventLoop");

  /** How much work from other threads one transfer moves to the ready queue at most. */
  private static final int MAX_INBOX_TRANSFER = 1 << 16;

  /** How deep eager starts may nest on one thread before further starts are queued instead. */
  public static final int MAX_EAGER_DEPTH = 200;

  // Values of wakeState.
  private static final int AWAKE = 0;
  private static final int SELECTING = 1;

  private static final VarHandle WAKE_STATE;

  static {
    try {
      WAKE_STATE = MethodHandles.lookup().findVarHandle(LoopCore.class, "wakeState", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The public loop this core serves, handed back by {@code EventLoop.current()}. */
  private final Object facade;

  private final ReadyQueue ready = new ReadyQueue();
  private final TimerQueue timers = new TimerQueue();
  private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();

  /**
   * Waiters on other threads or loops for pending tasks of this loop (a {@code join}, an await
   * from another loop, a {@code submit}'s future): failed by {@link #close()} if their task is
   * still pending then, so that nobody waits forever (issue 17). Loop thread; almost always small.
   */
  private final java.util.Set<Rejectable> foreignWaiters =
      java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  /** Timer entries whose deadline came, oldest first, each with its marker on the ready queue. */
  private final DueTimers dueTimers = new DueTimers();

  /**
   * The ready-queue marker of due timers: the queue holds it once per due entry, in the order
   * the entries were reached, so its k-th run is the turn of the k-th entry.
   */
  private static final class DueTimers implements Runnable {
    private final java.util.ArrayDeque<TimerEntry> due = new java.util.ArrayDeque<>();

    void add(TimerEntry entry) {
      due.add(entry);
    }

    @Override
    public void run() {
      TimerEntry entry = due.poll();
      if (entry != null) {
        entry.deadlineEffect();
      }
    }

    void clear() {
      due.clear();
    }

    @Override
    public String toString() {
      TimerEntry next = due.peek();
      return "the deadline of " + next;
    }
  }

  private final Selector selector;

  /** The selector's key set, kept to ask cheaply whether any channel is registered. */
  private final java.util.Set<SelectionKey> selectorKeys;
  private final Consumer<SelectionKey> dispatchKey = this::dispatchKey;

  /** SELECTING while the loop may block in select; producers flip it to wake the loop once. */
  @SuppressWarnings("unused") // accessed through WAKE_STATE
  private volatile int wakeState;

  private volatile Thread thread;
  private volatile boolean stopping;
  private volatile boolean closed;

  private ExceptionSink exceptionSink;

  /**
   * Debug mode: tasks that failed while nobody awaited them and whose exception nobody has
   * looked at since, reported when the loop closes (asyncio's "exception was never retrieved").
   * Null when debug mode is off, so that failures cost nothing extra then.
   */
  private java.util.Set<Task<?>> unobservedFailures;

  /** Debug mode's slow-callback threshold; negative when debug mode is off. */
  private long slowCallbackNanos = -1;

  private final boolean virtualTime;

  /** The virtual clock; it only moves forward, on the loop thread. */
  private volatile long virtualNanos;

  /** Eager starts currently nested on the loop thread. */
  int eagerDepth;

  /** The task whose code is running now, or null between tasks. */
  private Object currentTask;

  /** Head of the intrusive list of coroutines started and not yet done, newest first. */
  private Coroutine<?> liveHead;

  /**
   * Task-local values ({@code dev.weft.TaskLocal}): the context of each task that has one, kept
   * beside the tasks rather than in them, so that tasks of programs that never use task-locals
   * carry no field for them. A context is an immutable {@code [local, value, local, value...]}
   * array, shared by a task and the tasks it started until one of them sets a value.
   */
  private final IdentityHashMap<Coroutine<?>, Object[]> contexts = new IdentityHashMap<>();

  /** The context of code that runs outside any task (callbacks), inherited by what they start. */
  private Object[] rootContext = NO_CONTEXT;

  private static final Object[] NO_CONTEXT = {};

  private long tasksStarted;
  private long tasksFinished;

  // ---- Debugging and metrics (issue 7; read through dev.weft.debug). Plain fields written by
  // the loop thread only: reading them from another thread gives a recent, approximate value.

  /** Iterations of {@link #runOnce()}, and how many of them waited in a blocking select. */
  private long iterations;

  private long selectWakeups;

  /** How late the last expired timer fired, and the worst lateness seen, in nanoseconds. */
  private long lastLagNanos;

  private long maxLagNanos;

  /**
   * Async stack traces: the exception an await rethrew last, and the coroutine whose await it
   * was; if that exception then leaves that coroutine's resume(), the coroutine adds an async
   * frame at its await (Coroutine.step). A user's catch in between makes them stale, harmlessly.
   */
  Throwable awaitRethrown;

  Coroutine<?> awaitRethrower;

  /** The state {@link #awaitRethrower} was in at that await: its line, whatever ran after. */
  int awaitRethrownState;

  /** Debug mode: when the running callback started (System.nanoTime), 0 between callbacks. */
  private volatile long callbackStartNanos;

  /** Debug mode: the callback running now, for the watchdog. */
  private volatile Runnable runningCallback;

  /** Test kit: shuffles each iteration's ready callbacks when set (null: FIFO, the default). */
  private java.util.SplittableRandom readyShuffle;

  /**
   * The await chains of tasks whose timeout scope expired, kept until the TaskTimeoutException
   * is delivered at their await (issue 7: it says what was still awaited). Empty almost always.
   */
  final TimeoutChains timeoutChains = new TimeoutChains();

  /** A small identity map from a task to its await chain at expiry. */
  static final class TimeoutChains {
    private IdentityHashMap<Coroutine<?>, List<StackTraceElement>> chains;

    void put(Coroutine<?> task, List<StackTraceElement> chain) {
      if (chains == null) {
        chains = new IdentityHashMap<>();
      }
      chains.put(task, chain);
    }

    void remove(Coroutine<?> task) {
      if (chains != null) {
        chains.remove(task);
      }
    }

    List<StackTraceElement> takeOrEmpty(Coroutine<?> task) {
      List<StackTraceElement> chain = chains == null ? null : chains.remove(task);
      return chain == null ? List.of() : chain;
    }
  }

  /** Debug mode: where reports go besides the log (the watchdog's, the close report). */
  private volatile Consumer<String> debugReporter;

  /** Receives exceptions that escaped a callback; the loop keeps running after it returns. */
  @FunctionalInterface
  public interface ExceptionSink {
    /** Called on the loop thread with what was running ({@code context}) and what it threw. */
    void uncaught(String context, Throwable exception);
  }

  /**
   * A loop core serving {@code facade} (what {@code EventLoop.current()} hands back).
   *
   * @throws UncheckedIOException if the selector cannot be opened
   */
  public LoopCore(Object facade, ExceptionSink exceptionSink) {
    this(facade, exceptionSink, false);
  }

  /**
   * A loop core whose clock is virtual when {@code virtualTime} is true: it starts at 0 and,
   * when the loop has nothing to do but wait for a timer, jumps to that timer's deadline
   * instead of waiting (see {@link #runOnce()}).
   */
  public LoopCore(Object facade, ExceptionSink exceptionSink, boolean virtualTime) {
    this.facade = facade;
    this.exceptionSink = exceptionSink;
    this.virtualTime = virtualTime;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector for the event loop", e);
    }
    this.selectorKeys = selector.keys();
  }

  /** The loop running on the calling thread, or null. Any thread. */
  public static LoopCore current() {
    return CURRENT.get();
  }

  /** The loop running on the calling thread; explains how to start one when there is none. */
  public static LoopCore currentOrThrow(String what) {
    LoopCore loop = CURRENT.get();
    if (loop == null) {
      throw new IllegalStateException(
          what
              + " needs a running event loop, and none runs on thread '"
              + Thread.currentThread().getName()
              + "': start one with EventLoop.run(() -> ...), or hand the work to a running loop"
              + " with loop.submit(() -> ...)");
    }
    return loop;
  }

  /** The public loop this core serves. Any thread. */
  public Object facade() {
    return facade;
  }

  /** Replaces where uncaught exceptions go. Before the loop runs, or on its thread. */
  public void setExceptionSink(ExceptionSink sink) {
    this.exceptionSink = sink;
  }

  /** Any thread. */
  public boolean inLoopThread() {
    return Thread.currentThread() == thread;
  }

  /** Any thread. */
  public boolean isRunning() {
    return thread != null;
  }

  /** Any thread. */
  public boolean isClosed() {
    return closed;
  }

  /** The timer heap, for entries that cancel themselves ({@link TimerQueue#noteCancelled()}). */
  public TimerQueue timers() {
    return timers;
  }

  /** The selector, for registering channels (dev.weft.io). Register on the loop thread. */
  public Selector selector() {
    return selector;
  }

  /** The loop's clock: monotonic nanoseconds, real or virtual. Any thread. */
  public long now() {
    return virtualTime ? virtualNanos : System.nanoTime();
  }

  /** Whether the clock is virtual. Any thread. */
  public boolean isVirtualTime() {
    return virtualTime;
  }

  /**
   * The deadline {@code delay} from now on the loop's clock; negative delays count as zero and
   * huge ones are capped (at about 146 years) so that deadline arithmetic cannot overflow.
   */
  public long deadlineAfter(java.time.Duration delay) {
    java.util.Objects.requireNonNull(delay, "delay");
    long nanos;
    try {
      nanos = Math.min(Math.max(0, delay.toNanos()), Long.MAX_VALUE / 2);
    } catch (ArithmeticException tooLong) {
      nanos = delay.isNegative() ? 0 : Long.MAX_VALUE / 2;
    }
    return now() + nanos;
  }

  /** The task whose code runs now, or null between tasks. Loop thread. */
  public Object currentTask() {
    return currentTask;
  }

  Object swapCurrentTask(Object task) {
    Object previous = currentTask;
    currentTask = task;
    return previous;
  }

  /** How many coroutines were started on this loop, for statistics. Loop thread. */
  public long tasksStarted() {
    return tasksStarted;
  }

  /** How many coroutines finished on this loop, for statistics. Loop thread. */
  public long tasksFinished() {
    return tasksFinished;
  }

  /** How many callbacks wait on the ready queue. Loop thread. */
  public int readyCount() {
    return ready.size();
  }

  // ---------------------------------------------------------------------------------------------
  // Scheduling

  /** Appends {@code callback} to the ready queue. The hot path: no allocation, no checks. */
  public void schedule(Runnable callback) {
    ready.add(callback);
  }

  /** {@code callSoon}: checks the loop is usable, then schedules a cancellable handle. */
  public CallbackHandle callSoon(Runnable callback) {
    checkOpen();
    checkThread("callSoon");
    CallbackHandle handle = new CallbackHandle(this, requireCallback(callback), false);
    ready.add(handle);
    return handle;
  }

  /** {@code callAt} / {@code callLater}: checks the loop is usable, then adds a timer. */
  public CallbackHandle callAt(long deadlineNanos, Runnable callback) {
    checkOpen();
    checkThread("callAt/callLater");
    CallbackHandle handle = new CallbackHandle(this, requireCallback(callback), true);
    timers.add(deadlineNanos, handle);
    return handle;
  }

  /**
   * Queues the effect of a timer entry whose deadline was reached (from its {@link
   * TimerEntry#deadlineReached()}): {@link TimerEntry#deadlineEffect()} runs at this turn of the
   * ready queue, behind the work already ready, so that every kind of timer takes effect in
   * (deadline, registration) order with user callbacks (issue 17). No allocation: one shared
   * marker goes on the ready queue per due entry, and each run of it takes the oldest due entry.
   */
  public void deadlineDue(TimerEntry entry) {
    dueTimers.add(entry);
    ready.add(dueTimers);
  }

  /** Adds a timer entry (a sleeping task) due at {@code deadlineNanos}. */
  public void addTimer(long deadlineNanos, TimerEntry entry) {
    timers.add(deadlineNanos, entry);
  }

  /** {@code callSoonThreadsafe}. Any thread. */
  public CallbackHandle callSoonThreadsafe(Runnable callback) {
    CallbackHandle handle = new CallbackHandle(this, requireCallback(callback), false);
    executeThreadsafe(handle);
    return handle;
  }

  /**
   * Queues {@code work} to run on the loop thread, waking the loop if it is blocked in select.
   * Any thread. A burst of calls costs one {@code selector.wakeup()}: only the caller that sees
   * the loop selecting, and flips the state first, wakes it.
   */
  public void executeThreadsafe(Runnable work) {
    if (!tryExecuteThreadsafe(work)) {
      throw closedError();
    }
  }

  /**
   * {@link #executeThreadsafe}, answering false instead of throwing when the loop is closed. Any
   * thread. Once it has answered true, {@code work} either runs on the loop or, if the loop is
   * closed first, is dropped and, when it is {@link Rejectable}, told so.
   */
  public boolean tryExecuteThreadsafe(Runnable work) {
    if (closed) {
      return false;
    }
    inbox.offer(work);
    // close() sets closed and then drains the inbox: if it drained before our offer, we see
    // closed here (volatile write then read on both sides) and take the work back ourselves.
    if (closed && inbox.remove(work)) {
      return false;
    }
    if ((int) WAKE_STATE.getVolatile(this) == SELECTING
        && WAKE_STATE.compareAndSet(this, SELECTING, AWAKE)) {
      selector.wakeup();
    }
    return true;
  }

  private static Runnable requireCallback(Runnable callback) {
    if (callback == null) {
      throw new NullPointerException("callback");
    }
    return callback;
  }

  private void checkOpen() {
    if (closed) {
      throw closedError();
    }
  }

  private static IllegalStateException closedError() {
    return new IllegalStateException("the event loop is closed; it accepts no more work");
  }

  private void checkThread(String operation) {
    requireLoopThread(operation, "use callSoonThreadsafe or submit from other threads");
  }

  /**
   * Refuses a call that belongs to the loop thread when it comes from another thread while the
   * loop runs (before it runs, or between runs, one thread at a time may prepare it). The check
   * is one volatile read and a reference comparison, cheap enough for hot paths. Any thread.
   *
   * @param operation what was called, for the message ({@code "Promise.complete"})
   * @param alternative what to do instead from another thread, for the message
   * @throws IllegalStateException naming the calling thread, the loop thread and {@code
   *     alternative}
   */
  public void requireLoopThread(String operation, String alternative) {
    Thread owner = thread;
    if (owner != null && owner != Thread.currentThread()) {
      throw foreignThread(operation, owner, alternative);
    }
  }

  private static IllegalStateException foreignThread(
      String operation, Thread owner, String alternative) {
    return new IllegalStateException(
        operation
            + " called on thread '"
            + Thread.currentThread().getName()
            + "', but it belongs to the event loop's thread '"
            + owner.getName()
            + "' (weft's loop-side objects are not thread-safe): "
            + alternative);
  }

  // ---------------------------------------------------------------------------------------------
  // Live tasks

  void taskStarted(Coroutine<?> task) {
    tasksStarted++;
    // The new task inherits the context of the code starting it (contextvars' copy on create).
    Object parent = currentTask;
    Object[] inherited =
        parent == null ? rootContext : contexts.isEmpty() ? null : contexts.get(parent);
    if (inherited != null && inherited.length > 0) {
      contexts.put(task, inherited);
    }
    Coroutine<?> head = liveHead;
    task.nextLive = head;
    if (head != null) {
      head.previousLive = task;
    }
    liveHead = task;
  }

  void taskFinished(Coroutine<?> task) {
    tasksFinished++;
    if (!contexts.isEmpty()) {
      contexts.remove(task);
    }
    Coroutine<?> previous = task.previousLive;
    Coroutine<?> next = task.nextLive;
    if (previous != null) {
      previous.nextLive = next;
    } else if (liveHead == task) {
      liveHead = next;
    }
    if (next != null) {
      next.previousLive = previous;
    }
    task.previousLive = null;
    task.nextLive = null;
  }

  /** The task-local context of the code running now: see {@link #contexts}. */
  public Object[] context() {
    Object task = currentTask;
    if (!(task instanceof Coroutine)) {
      return rootContext;
    }
    Object[] context = contexts.get(task);
    return context == null ? NO_CONTEXT : context;
  }

  /** Replaces the task-local context of the code running now. */
  public void setContext(Object[] context) {
    Object task = currentTask;
    if (!(task instanceof Coroutine)) {
      rootContext = context;
    } else if (context.length == 0) {
      contexts.remove(task);
    } else {
      contexts.put((Coroutine<?>) task, context);
    }
  }

  /** The coroutines started on this loop and not done yet, oldest first. */
  public List<Coroutine<?>> liveTasks() {
    List<Coroutine<?>> tasks = new ArrayList<>();
    for (Coroutine<?> task = liveHead; task != null; task = task.nextLive) {
      tasks.add(task);
    }
    java.util.Collections.reverse(tasks);
    return tasks;
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  /**
   * Runs iterations on the calling thread until {@link #stop()}. The calling thread becomes the
   * loop thread for the duration.
   */
  public void runUntilStopped() {
    checkCanRun();
    thread = Thread.currentThread();
    CURRENT.set(this);
    try {
      // At least one iteration: a stop() that came before the run still lets ready work run
      // once (asyncio's run_forever after stop).
      do {
        runOnce();
      } while (!stopping);
    } finally {
      stopping = false;
      CURRENT.remove();
      thread = null;
    }
  }

  /**
   * Checks that the calling thread may run this loop now.
   *
   * @throws IllegalStateException if the loop is closed or running, or another loop runs on
   *     this thread
   */
  public void checkCanRun() {
    checkOpen();
    if (CURRENT.get() != null) {
      throw new IllegalStateException(
          "an event loop already runs on thread '"
              + Thread.currentThread().getName()
              + "': await the work there instead of starting a nested loop");
    }
    Thread owner = thread;
    if (owner != null) {
      throw new IllegalStateException(
          "this event loop already runs on thread '" + owner.getName() + "'");
    }
  }

  /** Makes the running loop return after the current iteration. Any thread. */
  public void stop() {
    stopping = true;
    if (!inLoopThread() && WAKE_STATE.compareAndSet(this, SELECTING, AWAKE)) {
      selector.wakeup();
    }
  }

  /**
   * One loop iteration, asyncio's {@code _run_once}.
   *
   * <p>Invariant: it runs exactly the callbacks that are ready once I/O and timers have been
   * polled, in FIFO order; whatever they schedule waits for the next iteration. So a task that
   * yields in a loop cannot starve I/O, timers, or other tasks, and same-moment work keeps its
   * order.
   *
   * <p>It blocks in {@code select} only when nothing is ready, and then no longer than the
   * earliest timer; with work ready it polls the selector (without blocking) only if channels
   * are registered, so a loop without I/O never makes a system call between callbacks.
   */
  void runOnce() {
    transferInbox();
    boolean waited = ready.isEmpty() && !stopping;
    if (waited) {
      // A cancelled timer at the head would only cause an early, useless wakeup.
      timers.dropCancelledHead();
      long timeoutNanos = timers.isEmpty() ? -1 : Math.max(0, timers.peekDeadline() - now());
      if (virtualTime && timeoutNanos > 0) {
        // Virtual time: poll I/O and the inbox once; if that brought nothing, the next timer is
        // all that is left, so jump to its deadline instead of waiting for it.
        blockingSelect(0);
        if (ready.isEmpty() && inbox.isEmpty()) {
          virtualNanos = timers.peekDeadline();
        }
      } else {
        blockingSelect(timeoutNanos);
      }
    } else if (!selectorKeys.isEmpty()) {
      try {
        selector.selectNow(dispatchKey);
      } catch (IOException e) {
        reportUncaught("polling the selector", e);
      }
    }
    iterations++;
    if (!timers.isEmpty()) {
      long nowNanos = now();
      long lateNanos = nowNanos - timers.peekDeadline(); // metrics: loop lag, one subtraction
      if (lateNanos >= 0) {
        lastLagNanos = lateNanos;
        if (lateNanos > maxLagNanos) {
          maxLagNanos = lateNanos;
        }
      }
      timers.fireExpired(nowNanos);
    }
    if (waited) {
      // What woke the select. Work that came in since the transfer above without a wait (a few
      // microseconds ago) runs first thing next iteration: no reason to poll the inbox twice.
      transferInbox();
    }
    if (readyShuffle != null) {
      runShuffled(); // test kit only
    } else if (slowCallbackNanos < 0) {
      for (int n = ready.size(); n > 0; n--) {
        runCallback(ready.poll());
      }
    } else {
      // Debug mode, kept out of the loop above so that the common case reads no clock.
      for (int n = ready.size(); n > 0; n--) {
        Runnable callback = ready.poll();
        // Real time even under virtual time: slowness and the watchdog are about the thread.
        long startNanos = System.nanoTime();
        runningCallback = callback;
        callbackStartNanos = startNanos == 0 ? 1 : startNanos;
        runCallback(callback);
        callbackStartNanos = 0;
        runningCallback = null;
        long tookNanos = System.nanoTime() - startNanos;
        if (tookNanos > slowCallbackNanos) {
          // Issue 7: a task step names its original line (the start of the state it is in now).
          String where =
              callback instanceof Coroutine
                  ? ", at " + ((Coroutine<?>) callback).sourceFrame()
                  : "";
          LOG.log(
              System.Logger.Level.WARNING,
              "Executing {0}{2} took {1} ms: it blocked every other task of the loop meanwhile",
              callback,
              tookNanos / 1_000_000.0,
              where);
          try {
            dev.weft.debug.SlowCallbackEvent.commit(String.valueOf(callback) + where, tookNanos);
          } catch (LinkageError noJfrInThisRuntime) {
            // a runtime image without jdk.jfr: the log above is enough
          }
        }
      }
    }
  }

  /** The test kit's shuffled order: this iteration's ready callbacks in a seeded random order. */
  private void runShuffled() {
    int n = ready.size();
    Runnable[] batch = new Runnable[n];
    for (int i = 0; i < n; i++) {
      batch[i] = ready.poll();
    }
    for (int i = n - 1; i > 0; i--) {
      int j = readyShuffle.nextInt(i + 1);
      Runnable swap = batch[i];
      batch[i] = batch[j];
      batch[j] = swap;
    }
    for (Runnable callback : batch) {
      runCallback(callback);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Debugging and metrics hooks (issue 7), read by dev.weft.debug

  /**
   * Test kit: runs the callbacks that are ready in one iteration in an order drawn from {@code
   * shuffle} instead of FIFO, to expose code that depends on the order of same-moment work;
   * null restores FIFO. Before the loop runs, or on its thread.
   */
  public void setReadyShuffle(java.util.SplittableRandom shuffle) {
    this.readyShuffle = shuffle;
  }

  /** Iterations run so far. */
  public long iterations() {
    return iterations;
  }

  /** Iterations that waited in a blocking select (the loop slept until I/O, a timer or a wakeup). */
  public long selectWakeups() {
    return selectWakeups;
  }

  /** How late, in nanoseconds, the last timers to fire were; and the worst seen. */
  public long lastLagNanos() {
    return lastLagNanos;
  }

  /** The worst timer lateness seen, in nanoseconds. */
  public long maxLagNanos() {
    return maxLagNanos;
  }

  /** Timers waiting (cancelled ones not yet removed excluded when known). */
  public int timersPending() {
    return timers.pending();
  }

  /** The loop thread, or null when the loop is not running. Any thread. */
  public Thread thread() {
    return thread;
  }

  /** Debug mode: since when (System.nanoTime) the current callback runs; 0 between callbacks. */
  public long callbackStartNanos() {
    return callbackStartNanos;
  }

  /** Debug mode: the callback running now, or null. Any thread (racy). */
  public Runnable runningCallback() {
    return runningCallback;
  }

  /** Where debug reports go besides the log; null for the log only. Any thread. */
  public void setDebugReporter(Consumer<String> reporter) {
    this.debugReporter = reporter;
  }

  /** Logs a debug report at WARNING and hands it to the debug reporter, if any. Any thread. */
  public void debugReport(String report) {
    LOG.log(System.Logger.Level.WARNING, report);
    Consumer<String> reporter = debugReporter;
    if (reporter != null) {
      try {
        reporter.accept(report);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "the debug reporter failed", e);
      }
    }
  }

  /**
   * Runs one callback under the loop's one error policy (issue 17), the same for every kind of
   * callback ({@code callSoon}, {@code callLater}/{@code callAt}, {@code callSoonThreadsafe},
   * I/O readiness, the effects of due timers):
   *
   * <ul>
   *   <li>Whatever it throws, errors included ({@code OutOfMemoryError}, {@code InternalError},
   *       {@code StackOverflowError}, {@code LinkageError}, an {@code InterruptedException}
   *       thrown sneakily), is reported to the exception handler, and the loop goes on with the
   *       next callback: one connection that cannot get memory must not stop the others. A
   *       callback with an owner is failed with it: an I/O callback fails and closes its
   *       connection, a combinator fails its task.
   *   <li>A task step is not a callback: what it throws fails that task (its awaiters get it).
   *   <li>Only {@code ThreadDeath}, a request to end the thread, is rethrown: it ends the run
   *       ({@code runForever} rethrows it), and the loop can run again afterwards.
   *   <li>The loop neither uses nor clears the thread's interrupt status; to stop a loop, call
   *       {@code stop()}.
   * </ul>
   */
  private void runCallback(Runnable callback) {
    try {
      callback.run();
    } catch (Throwable exception) {
      rethrowIfThreadDeath(exception);
      reportUncaught("callback " + callback, exception);
    }
  }

  /**
   * The one exception to the error policy of {@link #runCallback}: ThreadDeath ends the run.
   * Code that catches everything a callback throws calls it first. Any thread.
   */
  @SuppressWarnings("deprecation") // ThreadDeath: still what Thread.stop (and its callers) throw
  public static void rethrowIfThreadDeath(Throwable exception) {
    if (exception instanceof ThreadDeath) {
      throw (ThreadDeath) exception;
    }
  }

  /**
   * Debug mode: callbacks (task steps included) that run longer than {@code thresholdNanos} are
   * logged at WARNING through {@link System.Logger}; a negative value turns it off (the default).
   * Before the loop runs, or on its thread.
   */
  public void setSlowCallbackNanos(long thresholdNanos) {
    this.slowCallbackNanos = thresholdNanos;
  }

  /**
   * Debug mode: remember tasks that fail with nobody awaiting them, and report at {@link
   * #close()} those whose exception was never looked at. Before the loop runs, or on its thread.
   */
  public void setTrackUnobservedFailures(boolean enabled) {
    unobservedFailures = enabled ? new java.util.LinkedHashSet<>() : null;
  }

  /** A task of this loop failed, and nothing awaited it. Loop thread. */
  public void failedUnobserved(Task<?> task) {
    if (unobservedFailures != null) {
      unobservedFailures.add(task);
    }
  }

  /** Someone looked at the failure of {@code task}; ignored from threads racing the loop. */
  public void failureObserved(Task<?> task) {
    Thread owner = thread;
    if (unobservedFailures != null && (owner == null || owner == Thread.currentThread())) {
      unobservedFailures.remove(task);
    }
  }

  /** The debug-mode threshold, or a negative value when debug mode is off. */
  public long slowCallbackNanos() {
    return slowCallbackNanos;
  }

  private void blockingSelect(long timeoutNanos) {
    selectWakeups++;
    WAKE_STATE.setVolatile(this, SELECTING);
    try {
      // Re-check after publishing SELECTING: a producer that enqueued before seeing it did not
      // wake us, so we must see its work here (both sides use volatile accesses: Dekker).
      if (!inbox.isEmpty() || stopping) {
        selector.selectNow(dispatchKey);
      } else if (timeoutNanos < 0) {
        selector.select(dispatchKey);
      } else if (timeoutNanos == 0) {
        selector.selectNow(dispatchKey);
      } else {
        // Round up: waking a little early would only make us spin until the deadline.
        selector.select(dispatchKey, Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
      }
    } catch (IOException e) {
      reportUncaught("waiting on the selector", e);
    } finally {
      WAKE_STATE.setVolatile(this, AWAKE);
    }
  }

  /** Inside the selector's dispatch nothing may escape: it would end the loop (issue 17). */
  private void dispatchKey(SelectionKey key) {
    Object handler = key.attachment();
    if (handler instanceof IoHandler) {
      try {
        ((IoHandler) handler).ioReady(key);
      } catch (Throwable exception) {
        rethrowIfThreadDeath(exception);
        reportUncaught("I/O readiness of " + key.channel(), exception);
      }
    }
  }

  /**
   * Moves work from other threads to the ready queue: at most {@link #MAX_INBOX_TRANSFER} items,
   * so that producers faster than the loop cannot keep it here forever; the rest waits for the
   * next iteration (which then does not block, since the inbox is not empty).
   */
  private void transferInbox() {
    Runnable work;
    for (int n = MAX_INBOX_TRANSFER; n > 0 && (work = inbox.poll()) != null; n--) {
      ready.add(work);
    }
  }

  private void reject(Object dropped, IllegalStateException reason) {
    if (dropped instanceof Rejectable) {
      try {
        ((Rejectable) dropped).rejected(reason);
      } catch (RuntimeException | Error e) {
        exceptionSink.uncaught("telling dropped work " + dropped + " that the loop closed", e);
      }
    }
  }

  /**
   * Registers a waiter, on another thread or loop, for a pending task of this loop: if the loop
   * closes while it is registered, it is {@linkplain Rejectable#rejected rejected} (on the thread
   * that closes the loop). Remove it once the task is done. Loop thread.
   */
  public void addForeignWaiter(Rejectable waiter) {
    foreignWaiters.add(waiter);
  }

  /** Removes a waiter registered with {@link #addForeignWaiter}. Loop thread. */
  public void removeForeignWaiter(Rejectable waiter) {
    foreignWaiters.remove(waiter);
  }

  /**
   * Reports an exception that escaped user code where nothing can receive it. Never throws (but
   * ThreadDeath): when even the report fails (no memory left to log, say), it is dropped.
   */
  public void reportUncaught(String context, Throwable exception) {
    try {
      exceptionSink.uncaught(context, exception);
    } catch (Throwable reportFailed) {
      rethrowIfThreadDeath(reportFailed);
    }
  }

  /**
   * Cancels every live task and runs the loop until they have all finished (asyncio.run's
   * {@code _cancel_all_tasks}); exceptions other than cancellation are reported.
   */
  public void cancelAllAndDrain() {
    List<Coroutine<?>> remaining = liveTasks();
    if (remaining.isEmpty()) {
      return;
    }
    boolean[] cancelled = {false};
    runWhile(
        () -> {
          if (!cancelled[0]) { // first pass, on the loop thread: request every cancellation
            cancelled[0] = true;
            remaining.forEach(Task::cancel);
          }
          return remaining.stream().anyMatch(task -> !task.isDone());
        });
    for (Coroutine<?> task : remaining) {
      Throwable failure = task.exceptionNow();
      if (failure != null && !task.isCancelled()) {
        exceptionSink.uncaught("task " + task.name() + " failed while being cancelled", failure);
      }
    }
  }

  /** Runs iterations on this (already current) thread while {@code condition} holds. */
  public void runWhile(java.util.function.BooleanSupplier condition) {
    boolean bound = thread == null;
    if (bound) {
      thread = Thread.currentThread();
      CURRENT.set(this);
    }
    try {
      while (condition.getAsBoolean()) {
        runOnce();
      }
    } finally {
      if (bound) {
        CURRENT.remove();
        thread = null;
      }
    }
  }

  /**
   * Closes the loop: drops queued work, closes the selector. Refused while running. Idempotent.
   */
  public void close() {
    if (thread != null) {
      throw new IllegalStateException("cannot close an event loop while it runs; stop it first");
    }
    if (closed) {
      return;
    }
    closed = true;
    if (unobservedFailures != null && liveHead != null) {
      // Debug mode (issue 7): tasks that will never finish now.
      debugReport(
          "The event loop closed with tasks still pending; they will never finish:\n"
              + dev.weft.debug.TaskDump.of(this));
    }
    java.util.Set<Task<?>> neverRetrieved = unobservedFailures;
    unobservedFailures = null; // reading the exceptions below must not touch the set
    if (neverRetrieved != null) {
      for (Task<?> task : neverRetrieved) {
        LOG.log(
            System.Logger.Level.WARNING,
            "Exception of " + task.name() + " was never retrieved: nothing awaited the task",
            task.exceptionNow());
      }
    }
    IllegalStateException reason =
        new IllegalStateException("the event loop was closed before this work could run");
    for (Runnable dropped : ready.drain()) {
      reject(dropped, reason);
    }
    timers.clear();
    dueTimers.clear();
    Runnable dropped;
    while ((dropped = inbox.poll()) != null) {
      reject(dropped, reason);
    }
    // Issue 17: who waits from another thread or loop for a task that can never finish now.
    IllegalStateException closedWhilePending =
        new IllegalStateException(
            "the event loop was closed while the awaited task was pending: it can never complete");
    Rejectable[] waiters = foreignWaiters.toArray(new Rejectable[0]);
    foreignWaiters.clear();
    for (Rejectable waiter : waiters) {
      reject(waiter, closedWhilePending);
    }
    try {
      selector.close();
    } catch (IOException e) {
      exceptionSink.uncaught("closing the selector", e);
    }
  }
}
