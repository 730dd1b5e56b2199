package dev.weft;

import dev.weft.internal.Awaiter;
import dev.weft.internal.Coroutine;
import dev.weft.internal.LoopCore;
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
 * <p>Most programs need only {@link #run(Supplier)}:
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
 *       {@link #stop}, {@link #isRunning}, {@link #isClosed}; everything else belongs to the loop
 *       thread (or to a thread preparing a loop that is not running yet).
 *   <li><b>Order.</b> Callbacks and task resumptions scheduled for the same moment run in FIFO
 *       order; timers fire in deadline order, FIFO among equal deadlines.
 *   <li><b>Exceptions.</b> An exception that escapes a callback goes to the {@linkplain
 *       #setExceptionHandler exception handler}; the loop keeps running.
 * </ul>
 */
public final class EventLoop implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

  /** Receives exceptions that escaped callbacks, with what was running. */
  @FunctionalInterface
  public interface ExceptionHandler {
    void uncaught(EventLoop loop, String context, Throwable exception);
  }

  private static final ExceptionHandler LOGGING_HANDLER =
      (loop, context, exception) ->
          LOG.log(Level.ERROR, "Exception in " + context + " on the weft event loop", exception);

  private final LoopCore core;
  private volatile ExceptionHandler exceptionHandler = LOGGING_HANDLER;

  /** A new loop, not running yet. It opens a selector, so {@link #close()} it when done. */
  public EventLoop() {
    this.core = new LoopCore(this, this::reportUncaught);
  }

  private void reportUncaught(String context, Throwable exception) {
    ExceptionHandler handler = exceptionHandler;
    try {
      handler.uncaught(this, context, exception);
    } catch (RuntimeException | Error handlerFailure) {
      handlerFailure.addSuppressed(exception);
      LOGGING_HANDLER.uncaught(this, "the exception handler", handlerFailure);
    }
  }

  /**
   * Makes a loop on the calling thread, starts {@code main} on it, runs it until that task is
   * done, cancels the tasks still running (and waits for them to finish cancelling), closes the
   * loop, and returns the task's value or rethrows its exception, unwrapped (asyncio.run).
   *
   * @throws IllegalStateException if a loop already runs on this thread: await instead
   */
  public static <T> T run(Supplier<? extends Task<T>> main) {
    Objects.requireNonNull(main, "main");
    if (LoopCore.current() != null) {
      throw new IllegalStateException(
          "EventLoop.run called on thread '"
              + Thread.currentThread().getName()
              + "', which already runs an event loop: await the task instead");
    }
    EventLoop loop = new EventLoop();
    try {
      return loop.runUntilComplete(main);
    } finally {
      try {
        loop.core.cancelAllAndDrain();
      } finally {
        loop.close();
      }
    }
  }

  /**
   * The loop running on the calling thread.
   *
   * @throws IllegalStateException if none runs here, saying how to start one
   */
  public static EventLoop current() {
    return (EventLoop) LoopCore.currentOrThrow("EventLoop.current()").facade();
  }

  /** The loop running on the calling thread, or null. */
  public static EventLoop currentOrNull() {
    LoopCore core = LoopCore.current();
    return core == null ? null : (EventLoop) core.facade();
  }

  // ---------------------------------------------------------------------------------------------
  // Scheduling

  /**
   * Runs {@code callback} on the loop thread in a later iteration, after the callbacks already
   * scheduled (FIFO). Loop thread only.
   */
  public Handle callSoon(Runnable callback) {
    return core.callSoon(callback);
  }

  /**
   * Runs {@code callback} once {@code delay} has passed on the loop's clock. Timers fire in
   * deadline order, FIFO among equal deadlines; a timer is never early, and late only by the
   * time other callbacks take. Loop thread only.
   */
  public Handle callLater(Duration delay, Runnable callback) {
    return core.callAt(deadlineAfter(delay), callback);
  }

  /**
   * Runs {@code callback} at {@code deadlineNanos} on the loop's clock (see {@link #time()}).
   * Loop thread only.
   */
  public Handle callAt(long deadlineNanos, Runnable callback) {
    return core.callAt(deadlineNanos, callback);
  }

  /**
   * The loop's clock in nanoseconds: monotonic, unrelated to wall-clock time, the time base of
   * {@link #callAt}. Any thread.
   */
  public long time() {
    return core.now();
  }

  long deadlineAfter(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    long now = core.now();
    long nanos;
    try {
      nanos = Math.max(0, delay.toNanos());
    } catch (ArithmeticException tooLong) {
      nanos = Long.MAX_VALUE / 2;
    }
    return now + Math.min(nanos, Long.MAX_VALUE / 2);
  }

  /**
   * Runs {@code callback} on the loop thread soon. Safe from any thread; a burst of calls wakes
   * a sleeping loop once, and never makes it poll the selector when it has work ready.
   *
   * @throws IllegalStateException if the loop is closed
   */
  public Handle callSoonThreadsafe(Runnable callback) {
    return core.callSoonThreadsafe(callback);
  }

  /**
   * Starts the task {@code work} makes on the loop thread, and returns a future of its outcome.
   * Safe from any thread (it is how other threads hand work to a loop). Exceptions complete the
   * future exceptionally, unwrapped; a cancelled task completes it with a
   * {@link CancelledException}.
   *
   * @throws IllegalStateException if the loop is closed
   */
  public <T> CompletableFuture<T> submit(Supplier<? extends Task<T>> work) {
    Objects.requireNonNull(work, "work");
    CompletableFuture<T> result = new CompletableFuture<>();
    core.executeThreadsafe(
        () -> {
          Task<T> task;
          try {
            task = work.get();
          } catch (Throwable e) {
            result.completeExceptionally(e);
            return;
          }
          task.toCompletableFuture()
              .whenComplete(
                  (value, exception) -> {
                    if (exception == null) {
                      result.complete(value);
                    } else {
                      result.completeExceptionally(exception);
                    }
                  });
        });
    return result;
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
    Object[] startedOrFailed = new Object[1];
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
            Awaiter stopWhenDone = done -> core.stop();
            Task.addAwaiter(task, stopWhenDone);
          }
        });
    core.runUntilStopped();
    Object outcome = startedOrFailed[0];
    if (outcome instanceof Throwable) {
      throw Task.<RuntimeException>rethrow((Throwable) outcome);
    }
    @SuppressWarnings("unchecked")
    Task<T> task = (Task<T>) outcome;
    if (task == null) {
      throw new IllegalStateException("the event loop stopped before main started");
    }
    if (!task.isDone()) {
      throw new IllegalStateException(
          "the event loop stopped before " + task.name() + " was done");
    }
    return Task.outcome(task);
  }

  /** Runs the loop on the calling thread until {@link #stop()} is called. */
  public void runForever() {
    core.runUntilStopped();
  }

  /**
   * Makes a running loop return after its current iteration. Safe from any thread (the loop is
   * woken if it is waiting).
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
   * Closes the loop: queued callbacks and timers are dropped, the selector is closed, and any
   * further scheduling fails with {@link IllegalStateException}. Idempotent.
   *
   * @throws IllegalStateException if the loop is running
   */
  @Override
  public void close() {
    core.close();
  }

  /**
   * Where exceptions that escape callbacks go; by default they are logged through {@link
   * System.Logger} at ERROR. The loop keeps running either way.
   */
  public void setExceptionHandler(ExceptionHandler handler) {
    this.exceptionHandler = handler == null ? LOGGING_HANDLER : handler;
  }

  /** The task whose code runs now on this loop, or null between tasks. Loop thread only. */
  public Task<?> currentTask() {
    return (Task<?>) core.currentTask();
  }

  /** The {@code @Async} tasks started on this loop and not finished, oldest first. */
  public List<Task<?>> allTasks() {
    List<Coroutine<?>> live = core.liveTasks();
    return List.copyOf(live);
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
    Objects.requireNonNull(channel, "channel");
    dev.weft.internal.IoRegistry.addReader(core, channel, callback);
  }

  /**
   * Like {@link #addReader}, for writability (or, for a socket whose connect is pending, the end
   * of the connect). Loop thread only.
   */
  public void addWriter(java.nio.channels.SelectableChannel channel, Runnable callback) {
    Objects.requireNonNull(channel, "channel");
    dev.weft.internal.IoRegistry.addWriter(core, channel, callback);
  }

  /** Stops calling the channel's reader; false if it had none. Loop thread only. */
  public boolean removeReader(java.nio.channels.SelectableChannel channel) {
    return dev.weft.internal.IoRegistry.removeReader(core, channel);
  }

  /** Stops calling the channel's writer; false if it had none. Loop thread only. */
  public boolean removeWriter(java.nio.channels.SelectableChannel channel) {
    return dev.weft.internal.IoRegistry.removeWriter(core, channel);
  }

  // End I/O block.
}
