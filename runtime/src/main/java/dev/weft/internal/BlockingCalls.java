package dev.weft.internal;

import dev.weft.Task;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Blocking calls run on other threads and awaited as tasks: the machinery behind {@code
 * EventLoop.runInExecutor} and {@code Tasks.toThread} (asyncio's {@code run_in_executor} and
 * {@code to_thread}).
 *
 * <p>The call runs inside a {@link FutureTask}, which gives the two hard guarantees for free:
 * cancelling interrupts the thread only while it runs this call (never a later job of a pooled
 * thread), and a result that arrives after the cancellation is dropped. The outcome travels
 * back to the loop thread through {@link LoopCore#executeThreadsafe}; once the loop is closed it
 * is dropped.
 */
public final class BlockingCalls {
  /** Idle platform threads of a default executor end after this long. */
  private static final long IDLE_SECONDS = 10;

  private BlockingCalls() {}

  /**
   * Starts {@code call} on {@code executor} and returns the task of its outcome, a task of {@code
   * loop}. Loop thread only (or before the loop runs).
   *
   * @throws java.util.concurrent.RejectedExecutionException if {@code executor} refuses the call
   * @throws IllegalStateException if the loop is closed or runs on another thread
   */
  public static <T> Task<T> run(LoopCore loop, Executor executor, Callable<? extends T> call) {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(call, "call");
    if (loop.isClosed()) {
      throw new IllegalStateException("the event loop is closed; it accepts no more work");
    }
    if (loop.isRunning() && !loop.inLoopThread()) {
      throw new IllegalStateException(
          "runInExecutor called on thread '"
              + Thread.currentThread().getName()
              + "', not on the event loop's thread: use loop.submit(() -> ...) from other"
              + " threads");
    }
    CallTask<T> task = new CallTask<>(loop, call);
    executor.execute(task.work);
    return task;
  }

  /**
   * A new default executor for one loop: a thread per call on virtual threads when the JVM has
   * them (Java 21 and later; looked up reflectively, since weft compiles for Java 17), else a
   * pool of daemon platform threads as large as asyncio's default ({@code min(32, cpus + 4)})
   * whose idle threads end after {@value #IDLE_SECONDS} seconds.
   */
  public static ExecutorService newDefaultExecutor() {
    ExecutorService virtual = virtualThreadPerTaskExecutor();
    if (virtual != null) {
      return virtual;
    }
    int threads = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
    AtomicLong counter = new AtomicLong();
    ThreadFactory daemons =
        work -> {
          Thread thread = new Thread(work, "weft-blocking-" + counter.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads, threads, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * A loop's default executor: the threads of {@link #newDefaultExecutor()}, made on first use.
   * {@link #shutdown()} shuts it down; besides, once the loop is closed, it refuses new calls and
   * shuts itself down when a running call ends, so its threads do not outlive the loop's last
   * blocking call (and idle ones end on their own). Any thread.
   */
  public static final class DefaultExecutor implements Executor {
    private final LoopCore loop;
    private ExecutorService threads; // guarded by this
    private boolean shutDown; // guarded by this

    public DefaultExecutor(LoopCore loop) {
      this.loop = loop;
    }

    @Override
    public synchronized void execute(Runnable work) {
      if (shutDown || loop.isClosed()) {
        shutdown();
        throw new java.util.concurrent.RejectedExecutionException(
            "the event loop's default executor is shut down");
      }
      if (threads == null) {
        threads = newDefaultExecutor();
      }
      threads.execute(
          () -> {
            try {
              work.run();
            } finally {
              if (loop.isClosed()) {
                shutdown();
              }
            }
          });
    }

    /**
     * Stops accepting calls and lets the threads end once the running calls return (it does not
     * interrupt them: cancel their tasks for that). Idempotent.
     */
    public synchronized void shutdown() {
      shutDown = true;
      if (threads != null) {
        threads.shutdown();
      }
    }

    /** Whether the threads were made yet (for tests). */
    public synchronized boolean isStarted() {
      return threads != null;
    }

    /** Whether {@link #shutdown()} ran, and the threads (if made) are told to end. */
    public synchronized boolean isShutDown() {
      return shutDown;
    }
  }

  /** Whether {@link #newDefaultExecutor()} makes virtual threads on this JVM. */
  public static boolean hasVirtualThreads() {
    return virtualThreadFactory() != null;
  }

  private static ExecutorService virtualThreadPerTaskExecutor() {
    ThreadFactory factory = virtualThreadFactory();
    if (factory == null) {
      return null;
    }
    try {
      return (ExecutorService)
          Executors.class
              .getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
              .invoke(null, factory);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * {@code Thread.ofVirtual().name("weft-blocking-", 0).factory()}, or null where virtual threads
   * do not exist (Java 17) or are a preview feature not enabled (Java 19 and 20 throw then).
   */
  private static ThreadFactory virtualThreadFactory() {
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Class<?> builderType = Class.forName("java.lang.Thread$Builder");
      builder =
          builderType
              .getMethod("name", String.class, long.class)
              .invoke(builder, "weft-blocking-", 0L);
      return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** The task of one blocking call; its outcome is set on the loop thread. */
  private static final class CallTask<T> extends Task<T> {
    final FutureTask<T> work;

    CallTask(LoopCore loop, Callable<? extends T> call) {
      super(loop);
      this.work =
          new FutureTask<>(call::call) {
            @Override
            protected void done() {
              deliver();
            }
          };
    }

    /** On the thread that ran the call (or cancelled it): hand the outcome to the loop. */
    private void deliver() {
      if (isDone()) {
        return; // cancelled: the late outcome is dropped
      }
      LoopCore loop = loop();
      if (loop.inLoopThread()) {
        settleFromWork();
        return;
      }
      // False when the loop closed while the call ran: nobody can await the outcome any more.
      loop.tryExecuteThreadsafe(this::settleFromWork);
    }

    private void settleFromWork() {
      if (isDone() || work.isCancelled()) {
        return;
      }
      try {
        setResult(work.get());
      } catch (ExecutionException failed) {
        setException(failed.getCause());
      } catch (InterruptedException | CancellationException impossible) {
        setException(impossible); // the work is done and not cancelled: get() cannot do this
      }
    }

    /** Ends the task as cancelled at once, then interrupts the thread if the call runs. */
    @Override
    protected boolean cancelOnLoop() {
      boolean cancelled = super.cancelOnLoop();
      if (cancelled) {
        work.cancel(true);
      }
      return cancelled;
    }

    @Override
    protected String describe() {
      return "runInExecutor";
    }
  }
}
