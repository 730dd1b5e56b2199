package dev.weft;

import dev.weft.internal.Awaiter;
import dev.weft.internal.Coroutine;
import dev.weft.internal.LoopCore;
import dev.weft.internal.Rejectable;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A single-threaded event loop: it runs tasks, callbacks, timers and I/O readiness, all on the
 * one thread that calls {@link #runForever()}, {@link #runUntilComplete} or {@link #run}.
 *
 * <p>Most programs need only {@link #run(AsyncMain)}:
 *
 * <pre>{@code
 * String greeting = EventLoop.run(() -> new Greeter_Async().greet("ada"));
 * }</pre>
 *
 * <p>Guarantees, as in asyncio:
 *
 * <ul>
 *   <li><b>Thread.</b> Callbacks and task code run only on the loop's thread. Methods say when
 *       they may be called from other threads: {@link #callSoonThreadsafe}, {@link #submit},
 *       {@link #stop}, {@link #time}, {@link #isRunning}, {@link #isClosed}, {@link #dumpTasks},
 *       {@link #metrics} and the setters of handlers and reporters; everything else belongs to
 *       the loop thread (or to a thread preparing a loop that is not running yet), and refuses
 *       another thread while the loop runs with an {@link IllegalStateException} that names the
 *       thread-safe alternative. The package documentation lists both kinds.
 *   <li><b>Order.</b> Callbacks and task resumptions scheduled for the same moment run in FIFO
 *       order; timers fire in deadline order, FIFO among equal deadlines.
 *   <li><b>Exceptions and errors.</b> One policy for every kind of callback ({@code callSoon},
 *       {@code callLater}, {@code callSoonThreadsafe}, I/O readiness): whatever escapes it,
 *       errors such as {@code OutOfMemoryError} and {@code InternalError} included, goes to the
 *       {@linkplain #setExceptionHandler exception handler}, and the loop keeps running; a
 *       callback with an owner fails that owner (weft's I/O callbacks fail and close their
 *       connection). What a task's own code throws fails that task instead, and reaches whoever
 *       awaits it. Only {@code ThreadDeath} ends a run ({@code runForever} rethrows it). The loop
 *       does not use the thread's interrupt status: stop it with {@link #stop()}.
 * </ul>
 */
public final class EventLoop implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

  /** Receives exceptions that escaped callbacks, with what was running. */
  @FunctionalInterface
  public interface ExceptionHandler {
    /** Called on the loop thread with what was running ({@code context}) and what it threw. */
    void uncaught(EventLoop loop, String context, Throwable exception);
  }

  private static final ExceptionHandler LOGGING_HANDLER =
      (loop, context, exception) ->
          LOG.log(Level.ERROR, "Exception in " + context + " on the weft event loop", exception);

  private final LoopCore core;
  private volatile ExceptionHandler exceptionHandler = LOGGING_HANDLER;
  private long slowCallbackNanos = 100_000_000;

  /**
   * A new loop, not running yet. It opens a selector, so {@link #close()} it when done.
   *
   * @throws java.io.UncheckedIOException if the selector cannot be opened
   */
  public EventLoop() {
    this(false);
  }

  private EventLoop(boolean virtualTime) {
    this.core = new LoopCore(this, this::reportUncaught, virtualTime);
    if (Boolean.getBoolean("weft.debug")) {
      setDebug(true);
    }
  }

  private void reportUncaught(String context, Throwable exception) {
    ExceptionHandler handler = exceptionHandler;
    try {
      handler.uncaught(this, context, exception);
    } catch (RuntimeException | Error handlerFailure) {
      if (handlerFailure instanceof VirtualMachineError) {
        throw handlerFailure; // no memory to log with either: LoopCore drops the report
      }
      handlerFailure.addSuppressed(exception);
      LOGGING_HANDLER.uncaught(this, "the exception handler", handlerFailure);
    }
  }

  /**
   * A new loop whose clock is virtual, for tests: {@link #time()} starts at 0 and, whenever the
   * loop has nothing left to do but wait for a timer, it jumps to that timer's deadline instead
   * of waiting. Sleeps and timeouts of hours then take no time, and their order and the times
   * seen are exactly the same on every run. Before a jump the loop polls I/O and other threads'
   * work once without blocking; a program that waits for real I/O or threads while timers are
   * pending sees them fire early, so use it for code whose waiting is on timers and tasks.
   */
  public static EventLoop withVirtualTime() {
    return new EventLoop(true);
  }

  /**
   * Makes a loop on the calling thread, starts {@code main} on it, runs it until that task is
   * done, cancels the tasks still running (and waits for them to finish cancelling), closes the
   * loop, and returns the task's value or rethrows its exception, unwrapped (asyncio.run).
   *
   * <p>{@code run} declares what {@code main} declares: for {@code EventLoop.run(() ->
   * svc.read())}, where the {@code @Async} method {@code read} {@code throws IOException}, javac
   * infers {@code X} as {@code IOException}, so {@code catch (IOException e)} around the call
   * compiles and catches the task's exception, the same object. A lambda that throws nothing
   * checked makes {@code X} a {@code RuntimeException}: nothing to catch. (The task may still
   * fail with a checked exception its method does not declare, as any {@code await} may; it is
   * rethrown all the same.)
   *
   * @throws X what {@code main} declares, from starting it or from its task
   * @throws IllegalStateException if a loop already runs on this thread: await instead
   */
  public static <T, X extends Throwable> T run(AsyncMain<T, X> main) throws X {
    Objects.requireNonNull(main, "main");
    if (LoopCore.current() != null) {
      throw new IllegalStateException(
          "EventLoop.run called on thread '"
              + Thread.currentThread().getName()
              + "', which already runs an event loop: await the task instead");
    }
    EventLoop loop = new EventLoop();
    try {
      return loop.runUntilComplete(() -> start(main));
    } finally {
      try {
        loop.core.cancelAllAndDrain();
      } finally {
        loop.close();
      }
    }
  }

  /** {@code main.start()}, its checked exception passed on unchanged for {@code run} to rethrow. */
  private static <T> Task<T> start(AsyncMain<T, ?> main) {
    try {
      return main.start();
    } catch (Throwable failure) {
      throw Task.<RuntimeException>rethrow(failure);
    }
  }

  /**
   * The loop running on the calling thread. Any thread.
   *
   * @throws IllegalStateException if none runs here, saying how to start one
   */
  public static EventLoop current() {
    return (EventLoop) LoopCore.currentOrThrow("EventLoop.current()").facade();
  }

  /** The loop running on the calling thread, or null. Any thread. */
  public static EventLoop currentOrNull() {
    LoopCore core = LoopCore.current();
    return core == null ? null : (EventLoop) core.facade();
  }

  // ---------------------------------------------------------------------------------------------
  // Scheduling

  /**
   * Runs {@code callback} on the loop thread in a later iteration, after the callbacks already
   * scheduled (FIFO), never inside this call. An exception it throws goes to the {@linkplain
   * #setExceptionHandler exception handler}. Loop thread only (or any single thread while the
   * loop is not running yet).
   *
   * @return a handle that can cancel the callback until it runs
   * @throws IllegalStateException if the loop is closed, or running on another thread
   */
  public Handle callSoon(Runnable callback) {
    return core.callSoon(callback);
  }

  /**
   * Runs {@code callback} once {@code delay} has passed on the loop's clock (a zero or negative
   * delay: in the next iteration). Timers fire in deadline order, FIFO among equal deadlines; a
   * timer is never early, and late only by the time other callbacks take. Cancelling the handle
   * costs O(1). Exceptions go to the exception handler. Loop thread only.
   *
   * @throws IllegalStateException if the loop is closed, or running on another thread
   */
  public Handle callLater(Duration delay, Runnable callback) {
    return core.callAt(core.deadlineAfter(delay), callback);
  }

  /**
   * Runs {@code callback} at {@code deadlineNanos} on the loop's clock (see {@link #time()}), as
   * {@link #callLater} does. Loop thread only.
   *
   * @throws IllegalStateException if the loop is closed, or running on another thread
   */
  public Handle callAt(long deadlineNanos, Runnable callback) {
    return core.callAt(deadlineNanos, callback);
  }

  /**
   * The loop's clock in nanoseconds: monotonic, unrelated to wall-clock time, the time base of
   * {@link #callAt}; virtual for a loop made by {@link #withVirtualTime()}. Any thread.
   */
  public long time() {
    return core.now();
  }

  /**
   * Runs {@code callback} on the loop thread soon. Safe from any thread: callbacks from one
   * thread run in the order they were made, each exactly once; a burst of calls wakes a sleeping
   * loop once, and never makes it poll the selector when it has work ready. The handle may be
   * cancelled from any thread. Exceptions go to the exception handler. Work still queued when
   * the loop closes is dropped.
   *
   * @throws IllegalStateException if the loop is closed
   */
  public Handle callSoonThreadsafe(Runnable callback) {
    return core.callSoonThreadsafe(callback);
  }

  /**
   * Starts the task {@code work} makes on the loop thread, and returns a future of its outcome
   * (asyncio's {@code run_coroutine_threadsafe}). Safe from any thread: it is how other threads
   * hand work to a loop. Submissions from one thread start in the order they were made.
   *
   * <p>The future completes on the loop thread with the task's value; exceptions complete it
   * exceptionally, unwrapped (a cancelled task with its {@link CancelledException}; an exception
   * thrown by {@code work} itself likewise). Cancelling the future requests cancellation of the
   * task. If the loop is closed before the work starts, or while its task is pending, the future
   * fails with an {@link IllegalStateException} saying so, instead of never completing.
   *
   * @throws IllegalStateException if the loop is already closed
   */
  public <T> CompletableFuture<T> submit(Supplier<? extends Task<T>> work) {
    Objects.requireNonNull(work, "work");
    Submission<T> submission = new Submission<>(work);
    core.executeThreadsafe(submission);
    return submission.result;
  }

  /** The loop-side half of {@link #submit}: starts the work, bridges its outcome. */
  private static final class Submission<T> implements Runnable, Rejectable, Awaiter {
    final CompletableFuture<T> result = new CompletableFuture<>();
    private final Supplier<? extends Task<T>> work;

    Submission(Supplier<? extends Task<T>> work) {
      this.work = work;
    }

    @Override
    public void run() {
      if (result.isDone()) {
        return; // cancelled before it started: do not start it
      }
      Task<T> task;
      try {
        task = Objects.requireNonNull(work.get(), "the submitted supplier returned null");
      } catch (Throwable e) {
        result.completeExceptionally(e);
        return;
      }
      if (task.isDone()) {
        taskCompleted(task);
        return;
      }
      LoopCore owner = Task.loopOf(task);
      if (owner != LoopCore.current()) {
        // A task of another loop: its outcome (or that loop's closing) arrives through a future.
        task.toCompletableFuture()
            .whenComplete(
                (value, exception) -> {
                  if (exception == null) {
                    result.complete(value);
                  } else {
                    result.completeExceptionally(exception);
                  }
                });
        return;
      }
      Task.addAwaiter(task, this);
      owner.addForeignWaiter(this); // failed if the loop closes with the task pending (issue 17)
      result.whenComplete(
          (value, exception) -> {
            if (result.isCancelled()) {
              task.cancel();
            }
          });
    }

    @Override
    @SuppressWarnings("unchecked")
    public void taskCompleted(Task<?> task) {
      LoopCore owner = Task.loopOf(task);
      if (owner != null) {
        owner.removeForeignWaiter(this);
      }
      Throwable failure = task.exceptionNow();
      if (failure == null) {
        result.complete((T) task.resultNow());
      } else {
        result.completeExceptionally(failure);
      }
    }

    @Override
    public void rejected(IllegalStateException reason) {
      result.completeExceptionally(reason);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  /**
   * Runs the loop on the calling thread until {@code main}'s task is done and returns its value
   * or rethrows its exception, unwrapped. {@code main} is called on the loop, so an {@code
   * @Async} call inside it starts there. Tasks still running afterwards are left as they are.
   *
   * @throws IllegalStateException if the loop is closed, already running, or another loop runs
   *     on this thread; or if {@link #stop()} ends the loop before the task is done
   */
  public <T> T runUntilComplete(Supplier<? extends Task<T>> main) {
    Objects.requireNonNull(main, "main");
    core.checkCanRun();
    Object[] startedOrFailed = new Object[1];
    Awaiter stopWhenDone = done -> core.stop();
    core.callSoon(
        () -> {
          Task<T> task;
          try {
            task = Objects.requireNonNull(main.get(), "the main supplier returned null");
          } catch (Throwable failure) {
            startedOrFailed[0] = failure;
            core.stop();
            return;
          }
          startedOrFailed[0] = task;
          if (task.isDone()) {
            core.stop();
          } else {
            Task.addAwaiter(task, stopWhenDone);
          }
        });
    runRegistered();
    Object outcome = startedOrFailed[0];
    if (outcome instanceof Task) {
      // Stopped early by stop(): a later run must not be stopped by this task's completion.
      Task.removeAwaiter((Task<?>) outcome, stopWhenDone);
    }
    if (outcome instanceof Throwable) {
      throw Task.<RuntimeException>rethrow((Throwable) outcome);
    }
    @SuppressWarnings("unchecked")
    Task<T> task = (Task<T>) outcome;
    if (task == null) {
      throw new IllegalStateException("the event loop stopped before main started");
    }
    if (!task.isDone()) {
      throw new IllegalStateException("the event loop stopped before " + task.name() + " was done");
    }
    return Task.outcome(task);
  }

  /**
   * Runs the loop on the calling thread until {@link #stop()} is called; the thread becomes the
   * loop thread meanwhile. At least one iteration runs, even if {@code stop()} came first.
   * Tasks still running when it returns are left as they are, to continue in a later run.
   *
   * @throws IllegalStateException if the loop is closed or already running, or another loop
   *     runs on this thread
   */
  public void runForever() {
    runRegistered();
  }

  /**
   * Makes a running loop return after its current iteration (the callbacks already picked for
   * it still run). Safe from any thread: the loop is woken if it is waiting. Called on a loop
   * that is not running, it makes the next run return after one iteration.
   */
  public void stop() {
    core.stop();
  }

  /** Whether a thread runs this loop now. Any thread. */
  public boolean isRunning() {
    return core.isRunning();
  }

  /** Whether {@link #close()} was called. Any thread. */
  public boolean isClosed() {
    return core.isClosed();
  }

  /**
   * Closes the loop: queued callbacks and timers are dropped, the selector is closed, the default
   * executor of {@link #runInExecutor(java.util.concurrent.Callable)} is shut down, and any
   * further scheduling fails with {@link IllegalStateException}. Idempotent.
   *
   * @throws IllegalStateException if the loop is running
   */
  @Override
  public void close() {
    core.close();
    if (watchdog != null) {
      watchdog.stop();
      watchdog = null;
    }
    dev.weft.internal.BlockingCalls.DefaultExecutor executor = defaultExecutor.get();
    if (executor != null) {
      executor.shutdown();
    }
  }

  /**
   * Where exceptions that escape callbacks go; by default they are logged through {@link
   * System.Logger} at ERROR. The handler runs on the loop thread; the loop keeps running either
   * way, and an exception thrown by the handler itself is logged. {@code null} restores the
   * default. Any thread.
   */
  public void setExceptionHandler(ExceptionHandler handler) {
    this.exceptionHandler = handler == null ? LOGGING_HANDLER : handler;
  }

  /**
   * Debug mode (asyncio's {@code loop.set_debug}): when on, every callback and task step that
   * runs longer than the {@linkplain #setSlowCallbackDuration slow-callback duration} (100 ms
   * unless set) is logged at WARNING through {@link System.Logger}, naming it; and when the loop
   * closes, every task that failed while nothing awaited it, and whose exception nobody looked
   * at since (by awaiting it, {@code exceptionNow}, {@code join}...), is logged with that
   * exception. It also starts a watchdog thread that reports a loop thread kept by one callback
   * longer than the {@linkplain #setBlockedThreshold blocked threshold} (1 s unless set), with
   * the thread's stack and the running task's await chain; lists the tasks still pending when the
   * loop closes ({@link #dumpTasks()}); and registers the loop's JMX bean while it runs. Off by
   * default, when it costs nothing; the system property {@code weft.debug=true} turns it on for
   * every new loop, those of {@link #run} included. Before the loop runs, or on its thread.
   */
  public void setDebug(boolean enabled) {
    loopThreadOnly("setDebug");
    core.setSlowCallbackNanos(enabled ? slowCallbackNanos : -1);
    core.setTrackUnobservedFailures(enabled);
    // Issue 7: the watchdog of a blocked loop thread, and the JMX bean while the loop runs.
    if (enabled && watchdog == null && !core.isClosed()) {
      watchdog = dev.weft.debug.Watchdog.start(core, blockedThresholdNanos);
    } else if (!enabled && watchdog != null) {
      watchdog.stop();
      watchdog = null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Debugging (issue 7): task dumps, metrics, the watchdog. The machinery is in dev.weft.debug.

  private dev.weft.debug.Watchdog watchdog;
  private long blockedThresholdNanos = 1_000_000_000;

  /**
   * A readable tree of every live task: name, state, the original source line where it is
   * suspended, what it awaits, and under whom (who awaits it); see {@link
   * dev.weft.debug.TaskDump}. Safe from any thread: on another thread, while the loop runs, the
   * dump is made on the loop thread and this call waits for it (up to 5 s; a loop thread blocked
   * longer gets a dump read without it, marked as possibly inconsistent). From outside the
   * process, the same dump is the {@code dumpTasks} operation of the loop's JMX bean ({@link
   * dev.weft.debug.EventLoopMXBean}), registered while a loop in debug mode runs, or any loop
   * when {@code -Dweft.jmx=true}.
   */
  public String dumpTasks() {
    return dev.weft.debug.TaskDump.ofAnyThread(core);
  }

  /**
   * The loop's metrics now: loop lag, ready-queue depth, timers pending, iterations, select
   * wakeups, tasks created and finished. Any thread: exact on the loop thread, approximate from
   * other threads.
   */
  public dev.weft.debug.LoopMetrics metrics() {
    return dev.weft.debug.LoopMetrics.of(core);
  }

  /**
   * Debug mode's watchdog threshold (1 s unless set): when one callback or task step keeps the
   * loop thread longer, a report says so, with the thread's stack and the running task's await
   * chain (logged at WARNING, and given to the {@linkplain #setDebugReporter debug reporter}).
   * Before the loop runs, or on its thread.
   *
   * @throws IllegalArgumentException if {@code threshold} is not positive
   */
  public void setBlockedThreshold(Duration threshold) {
    loopThreadOnly("setBlockedThreshold");
    if (threshold.isNegative() || threshold.isZero()) {
      throw new IllegalArgumentException("the blocked threshold must be positive: " + threshold);
    }
    blockedThresholdNanos = threshold.toNanos();
    if (watchdog != null) {
      watchdog.stop();
      watchdog = dev.weft.debug.Watchdog.start(core, blockedThresholdNanos);
    }
  }

  /**
   * Where debug mode's reports go besides the log: the watchdog's, and at close the tasks still
   * pending. Called on the watchdog's thread or the loop thread. Null: the log only. Any thread.
   */
  public void setDebugReporter(java.util.function.Consumer<String> reporter) {
    core.setDebugReporter(reporter);
  }

  /** Runs the loop, with its JMX bean registered meanwhile in debug mode or with weft.jmx. */
  private void runRegistered() {
    dev.weft.debug.LoopJmx bean =
        isDebug() || Boolean.getBoolean("weft.jmx") ? dev.weft.debug.LoopJmx.register(core) : null;
    try {
      core.runUntilStopped();
    } finally {
      if (bean != null) {
        bean.close();
      }
    }
  }

  /** Whether {@linkplain #setDebug debug mode} is on. Any thread. */
  public boolean isDebug() {
    return core.slowCallbackNanos() >= 0;
  }

  /**
   * How long a callback may run before debug mode reports it as slow; takes effect at once if
   * debug mode is on. Before the loop runs, or on its thread.
   *
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public void setSlowCallbackDuration(Duration duration) {
    loopThreadOnly("setSlowCallbackDuration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a negative slow-callback duration: " + duration);
    }
    slowCallbackNanos = duration.toNanos();
    if (isDebug()) {
      core.setSlowCallbackNanos(slowCallbackNanos);
    }
  }

  /**
   * The task whose code runs now on this loop, or null between tasks (see {@link
   * Tasks#current()}). Loop thread only.
   */
  public Task<?> currentTask() {
    loopThreadOnly("currentTask");
    return (Task<?>) core.currentTask();
  }

  /**
   * The {@code @Async} tasks started on this loop and not finished, oldest first: a snapshot
   * (see {@link Tasks#all()}). Loop thread only.
   */
  public List<Task<?>> allTasks() {
    loopThreadOnly("allTasks");
    List<Coroutine<?>> live = core.liveTasks();
    return List.copyOf(live);
  }

  /**
   * Refuses a loop-thread-only method called on another thread while the loop runs (issue 17:
   * such calls corrupted the loop's unsynchronised structures silently).
   */
  private void loopThreadOnly(String operation) {
    core.requireLoopThread(
        "EventLoop." + operation,
        "from other threads hand the call to the loop with loop.callSoonThreadsafe(() -> ...)"
            + " or loop.submit(() -> ...)");
  }

  /** The machinery behind this loop; internal, for weft's own packages. */
  LoopCore core() {
    return core;
  }

  // ---------------------------------------------------------------------------------------------
  // I/O readiness callbacks (asyncio's add_reader/add_writer); the logic lives in
  // dev.weft.internal.IoRegistry, owned by the I/O layer (dev.weft.io). Begin I/O block.

  /**
   * Calls {@code callback} on the loop thread, through the ready queue, whenever {@code channel}
   * is readable (for a server channel: has a connection to accept), until {@link #removeReader}.
   * Replaces the channel's previous reader. The channel must be non-blocking; it gets one
   * selection key with this loop's selector, whose interest set follows the callbacks present and
   * which is cancelled once neither a reader nor a writer remains. Loop thread only.
   *
   * @throws java.nio.channels.IllegalBlockingModeException if the channel is in blocking mode
   * @throws IllegalStateException if the channel is closed
   */
  public void addReader(java.nio.channels.SelectableChannel channel, Runnable callback) {
    loopThreadOnly("addReader");
    Objects.requireNonNull(channel, "channel");
    dev.weft.internal.IoRegistry.addReader(core, channel, callback);
  }

  /**
   * Like {@link #addReader}, for writability (or, for a socket whose connect is pending, the end
   * of the connect). Loop thread only.
   */
  public void addWriter(java.nio.channels.SelectableChannel channel, Runnable callback) {
    loopThreadOnly("addWriter");
    Objects.requireNonNull(channel, "channel");
    dev.weft.internal.IoRegistry.addWriter(core, channel, callback);
  }

  /** Stops calling the channel's reader; false if it had none. Loop thread only. */
  public boolean removeReader(java.nio.channels.SelectableChannel channel) {
    loopThreadOnly("removeReader");
    return dev.weft.internal.IoRegistry.removeReader(core, channel);
  }

  /** Stops calling the channel's writer; false if it had none. Loop thread only. */
  public boolean removeWriter(java.nio.channels.SelectableChannel channel) {
    loopThreadOnly("removeWriter");
    return dev.weft.internal.IoRegistry.removeWriter(core, channel);
  }

  // End I/O block.

  // ---------------------------------------------------------------------------------------------
  // Blocking work on other threads (asyncio's run_in_executor). Owned by dev.weft.sync's
  // engineer; the implementation lives in dev.weft.internal.BlockingCalls.

  /** Made on first use: {@link #defaultExecutor()}. */
  private final java.util.concurrent.atomic.AtomicReference<
          dev.weft.internal.BlockingCalls.DefaultExecutor>
      defaultExecutor = new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * Runs the blocking {@code call} on a thread of {@code executor} and returns a task of its
   * outcome: its value, or the exception it threw, unwrapped (checked ones too). The outcome comes
   * back to this loop's thread through its thread-safe queue. Loop thread only.
   *
   * <p><b>Cancellation.</b> Cancelling the task ends it as cancelled at once, and interrupts the
   * thread if the call is running (a call not started yet never runs); whatever the call returns
   * afterwards is dropped. A call that ignores interruption keeps its thread until it returns.
   *
   * <p>If the loop closes while the call runs, the outcome is dropped.
   *
   * @throws java.util.concurrent.RejectedExecutionException if {@code executor} refuses the call
   * @throws IllegalStateException if the loop is closed, or runs on another thread
   */
  public <T> Task<T> runInExecutor(
      java.util.concurrent.Executor executor, java.util.concurrent.Callable<? extends T> call) {
    return dev.weft.internal.BlockingCalls.run(core, executor, call);
  }

  /**
   * {@link #runInExecutor(java.util.concurrent.Executor, java.util.concurrent.Callable)} on this
   * loop's default executor: made on first use, with a virtual thread per call when the JVM has
   * them (Java 21+), else a pool of {@code min(32, cpus + 4)} daemon platform threads, idle ones
   * ending after 10 seconds. It is shut down by {@link #shutdownDefaultExecutor()}; once the loop
   * is closed it refuses calls, and its threads end as the calls still running return.
   */
  public <T> Task<T> runInExecutor(java.util.concurrent.Callable<? extends T> call) {
    return runInExecutor(defaultExecutor(), call);
  }

  /**
   * Shuts the default executor down (asyncio's {@code shutdown_default_executor}, without the
   * wait): later {@link #runInExecutor(java.util.concurrent.Callable)} calls are refused, and its
   * threads end once the calls running now return. Running calls are not interrupted: cancel
   * their tasks for that. Idempotent. Any thread.
   */
  public void shutdownDefaultExecutor() {
    defaultExecutor().shutdown();
  }

  private dev.weft.internal.BlockingCalls.DefaultExecutor defaultExecutor() {
    dev.weft.internal.BlockingCalls.DefaultExecutor executor = defaultExecutor.get();
    if (executor == null) {
      defaultExecutor.compareAndSet(
          null, new dev.weft.internal.BlockingCalls.DefaultExecutor(core));
      executor = defaultExecutor.get();
    }
    return executor;
  }
}
