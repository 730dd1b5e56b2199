package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.TaskTimeoutException;
import java.util.concurrent.CompletionStage;

/**
 * The base class of every state machine weft generates: the state machine is the task, so a
 * suspended {@code @Async} call costs this one object.
 *
 * <p>Generated code implements {@link #resume()} as a {@code switch} over {@link #state}. At an
 * {@code await(x)} it calls {@code if (suspendOn(x, next)) return;} and, at state {@code next},
 * reads the outcome with {@link #awaited()}. To finish it calls {@link #returnValue} or
 * {@link #returnTask} and returns; an exception thrown out of {@code resume()} fails the task.
 *
 * <p>Lifecycle, all on the loop thread: {@link #start()} binds the task to the running loop and
 * runs it eagerly up to its first real suspension; when the awaited task settles it tells this
 * coroutine ({@link #taskCompleted}), which puts itself on the ready queue; the loop then calls
 * {@link #run()}, which continues {@code resume()} at the saved state.
 *
 * @param <T> the type of the task's value
 */
public abstract class Coroutine<T> extends Task<T> implements Runnable, Awaiter {
  private static final byte SCHEDULED = 1;
  private static final byte CANCEL_REQUESTED = 2;

  /** {@code return t} is waiting for {@code t}: on resumption, copy its outcome. */
  private static final byte ADOPTING = 4;

  /** A timeout scope of this task expired: deliver a TaskTimeoutException at the await. */
  private static final byte TIMEOUT_EXPIRED = 8;

  /**
   * A timeout scope expired after the awaited task's outcome had come in (the coroutine is about
   * to resume with it): that await returns the outcome, which was in time, and the expiry is
   * delivered at the next await (issue 17).
   */
  private static final byte TIMEOUT_AFTER_OUTCOME = 16;

  /** What interrupts the task at its next await. */
  private static final byte INTERRUPTS = CANCEL_REQUESTED | TIMEOUT_EXPIRED;

  /**
   * The resume point that {@link #resume()} switches on; 0 is the start of the method. A short,
   * so that it shares one 4-byte slot with the two status bytes: a state machine with one field
   * of its own is 40 bytes, not 48. The processor rejects a method with more resume points.
   */
  protected short state;

  /**
   * The task this coroutine is suspended on, or has just resumed from and not yet read with
   * {@link #awaited()}.
   */
  private Task<?> awaiting;

  private byte flags;

  // Links of the loop's list of live tasks (LoopCore.liveTasks).
  Coroutine<?> previousLive;
  Coroutine<?> nextLive;

  /** A coroutine not started yet: generated code calls {@link #start()} right after this. */
  protected Coroutine() {}

  /** The generated body: a {@code switch (state)} that runs until it suspends or finishes. */
  protected abstract void resume() throws Throwable;

  /**
   * Binds this task to the event loop of the calling thread and runs it at once, up to its first
   * real suspension, as asyncio's eager tasks and C#'s hot tasks do. When eager starts are
   * already nested {@value LoopCore#MAX_EAGER_DEPTH} deep on this thread, the start is queued
   * FIFO instead, so recursion between {@code @Async} methods is bounded by the heap, not the
   * thread's stack.
   *
   * @return this task
   * @throws IllegalStateException when no event loop runs on the calling thread
   */
  public final Task<T> start() {
    LoopCore loop = LoopCore.current();
    if (loop == null) {
      loop = LoopCore.currentOrThrow(describe() + "()");
    }
    if (loop() != null) {
      throw new IllegalStateException(describe() + " was started twice");
    }
    bindLoop(loop);
    loop.taskStarted(this);
    if (loop.eagerDepth < LoopCore.MAX_EAGER_DEPTH) {
      loop.eagerDepth++;
      try {
        step(loop);
      } finally {
        loop.eagerDepth--;
      }
    } else {
      flags |= SCHEDULED;
      loop.schedule(this);
    }
    return this;
  }

  /** Called by the loop when this coroutine's turn on the ready queue comes. */
  @Override
  public final void run() {
    flags &= ~SCHEDULED;
    if (isDone()) {
      return;
    }
    LoopCore loop = loop();
    if ((flags & ADOPTING) != 0) {
      Task<?> adopted = awaiting;
      awaiting = null;
      finish(adopted);
      return;
    }
    if ((flags & CANCEL_REQUESTED) != 0 && awaiting == null) {
      // Only a queued start runs with nothing awaited: cancelled before it, it never runs, as in
      // asyncio.
      setException(new CancelledException(name() + " was cancelled before it started"));
      return;
    }
    step(loop);
  }

  private void step(LoopCore loop) {
    Object previous = loop.swapCurrentTask(this);
    try {
      resume();
      if (awaiting == null && !isDone()) {
        setException(
            new IllegalStateException(
                describe() + ": the state machine returned without suspending or completing"));
      }
    } catch (Throwable exception) {
      awaiting = null;
      // Debugging (issue 7), only on this failure path: did an await of ours rethrow it?
      boolean rethrown = loop.awaitRethrower == this && loop.awaitRethrown == exception;
      if (loop.awaitRethrower == this) {
        loop.awaitRethrower = null;
        loop.awaitRethrown = null;
      }
      // the await's own state: a finally block may have run, in another state, since
      AsyncStackTraces.leaving(this, exception, rethrown, rethrown ? loop.awaitRethrownState : state);
      setException(exception);
    } finally {
      loop.swapCurrentTask(previous);
    }
  }

  /**
   * Suspends on {@code task}: sets {@link #state} to {@code resumeState} and registers this
   * coroutine as an awaiter of {@code task}, which costs no allocation.
   *
   * @return true when {@code resume()} must return now (it is called again at {@code
   *     resumeState} once {@code task} completes); false when {@code task} is already done, so
   *     the code continues at {@code resumeState} straight away, without touching the loop
   */
  protected final boolean suspendOn(Task<?> task, int resumeState) {
    state = (short) resumeState;
    if (task == null) {
      throw new NullPointerException("await(null): the awaited task is null");
    }
    awaiting = task;
    if (task == YieldToken.INSTANCE) {
      flags |= SCHEDULED;
      loop().schedule(this);
      return true;
    }
    if (task.isDone()) {
      return false;
    }
    LoopCore owner = loopOf(task);
    if (owner != null && owner != loop()) {
      // A task of another loop: its completion arrives on that loop's thread.
      awaiting = StageTask.of(loop(), task);
      if (awaiting.isDone()) {
        return false; // it finished on its own loop while the bridge was being made
      }
    }
    addAwaiter(awaiting, this);
    if ((flags & INTERRUPTS) != 0) {
      // Cancelled while running (it cancelled itself, say): pass the request on at once, as it
      // would have been had it come while suspended here.
      requestCancel(awaiting);
    }
    return true;
  }

  /**
   * Suspends on a {@link CompletionStage} (a {@code CompletableFuture}, an HTTP client call...).
   * Completion on another thread resumes this coroutine on its own loop thread.
   */
  protected final boolean suspendOn(CompletionStage<?> stage, int resumeState) {
    if (stage == null) {
      state = (short) resumeState;
      throw new NullPointerException("await(null): the awaited CompletionStage is null");
    }
    return suspendOn(new StageTask<>(loop(), stage), resumeState);
  }

  /**
   * {@link #awaited()}, typed as javac types {@code await(...)} of the task {@code typeOnly}
   * returns. For a value whose type Java cannot write (a wildcard capture inside a type argument,
   * as in {@code Set<Entry<capture of ?, capture of ?>>}) that an overloaded or generic call
   * infers from: generated code passes the awaited expression in a lambda that is never called,
   * which javac types as the original {@code await(...)}.
   */
  protected final <V> V awaitedAs(AwaitedTask<V> typeOnly) {
    return awaited();
  }

  /** {@link #awaitedAs(AwaitedTask)} for an awaited {@link CompletionStage}. */
  protected final <V> V awaitedAs(AwaitedStage<V> typeOnly) {
    return awaited();
  }

  /**
   * {@link #awaitedAs(AwaitedTask)} for a type that mentions a class the generated code cannot
   * name (private to another class, say): javac refuses a lambda whose type mentions one, so the
   * awaited expression comes as {@code false ? task : null}, typed like the original and never
   * evaluated.
   */
  protected final <V> V awaitedLike(Task<V> neverEvaluated) {
    return awaited();
  }

  /** {@link #awaitedLike(Task)} for an awaited {@link CompletionStage}. */
  protected final <V> V awaitedLike(CompletionStage<V> neverEvaluated) {
    return awaited();
  }

  /** The expression an await awaited, for its type only (see {@link #awaitedAs(AwaitedTask)}). */
  @FunctionalInterface
  protected interface AwaitedTask<V> {
    Task<V> task() throws Throwable;
  }

  /** The expression an await awaited, for its type only (see {@link #awaitedAs(AwaitedStage)}). */
  @FunctionalInterface
  protected interface AwaitedStage<V> {
    CompletionStage<V> stage() throws Throwable;
  }

  /**
   * The outcome of the task last passed to {@link #suspendOn}: its value, or its exception
   * rethrown as it is. A cancellation requested for this coroutine is delivered here, as a
   * {@link CancelledException}, in preference to the outcome; so is the expiry of one of its
   * timeout scopes, as a {@link TaskTimeoutException}.
   */
  @SuppressWarnings("unchecked")
  protected final <V> V awaited() {
    Task<?> task = awaiting;
    awaiting = null;
    if ((flags & (INTERRUPTS | TIMEOUT_AFTER_OUTCOME)) != 0) {
      if ((flags & INTERRUPTS) != 0) {
        throw interruption();
      }
      flags = (byte) ((flags & ~TIMEOUT_AFTER_OUTCOME) | TIMEOUT_EXPIRED); // for the next await
    }
    try {
      return (V) outcome(task);
    } catch (Throwable failure) {
      // For async stack traces: remembered loop-wide, so it costs no field per task and nothing
      // until an await rethrows; if the exception then leaves resume(), it adds an async frame.
      LoopCore owner = loop();
      owner.awaitRethrower = this;
      owner.awaitRethrown = failure;
      owner.awaitRethrownState = state;
      throw failure;
    }
  }

  /**
   * Always true: {@code o instanceof String s} in the original, where {@code s} lives across an
   * await, becomes {@code (o instanceof String s2 && bindPattern(s = s2))}, which keeps the
   * match in the field {@code s} without changing the condition.
   */
  protected static boolean bindPattern(Object matched) {
    return true;
  }

  /**
   * Completes this task with {@code value}: {@code return Task.of(value)} in the original. If a
   * cancellation was requested and not delivered yet (the task cancelled itself and returned
   * without another await), the task ends cancelled instead, as in asyncio.
   */
  protected final void returnValue(T value) {
    if ((flags & INTERRUPTS) != 0) {
      setException(interruption());
    } else {
      setResult(value);
    }
  }

  /**
   * {@code return task} in the original: this task takes {@code task}'s outcome, as {@code
   * return await(task)} would, including a cancellation passed on to it.
   */
  protected final void returnTask(Task<? extends T> task) {
    if (task == null) {
      throw new NullPointerException(describe() + " returned a null task");
    }
    if (task.isDone() && task != YieldToken.INSTANCE) {
      finish(task);
      return;
    }
    if (suspendOn(task, state)) {
      flags |= ADOPTING;
    } else {
      // A task of another loop that finished while the bridge to it was being made.
      Task<?> adopted = awaiting;
      awaiting = null;
      finish(adopted);
    }
  }

  /**
   * Ends the task with the outcome of {@code adopted}, which is done; a cancellation not
   * delivered yet wins, since {@code return t} is {@code return await(t)}.
   */
  private void finish(Task<?> adopted) {
    if ((flags & CANCEL_REQUESTED) != 0 && adopted.isCancelled()) {
      flags &= ~INTERRUPTS;
      setException(adopted.exceptionNow());
    } else if ((flags & INTERRUPTS) != 0) {
      setException(interruption());
    } else {
      Throwable failure = adopted.exceptionNow();
      if (failure != null) {
        AsyncStackTraces.leaving(this, failure, true, state); // debugging: `return t` awaited t here
      }
      copyOutcome(adopted);
    }
  }

  /**
   * The exception that delivers a pending interruption, which it clears: a cancellation wins
   * over an expired timeout scope.
   */
  private RuntimeException interruption() {
    byte pending = flags;
    flags &= ~INTERRUPTS;
    java.util.List<StackTraceElement> stillAwaiting =
        (pending & TIMEOUT_EXPIRED) != 0 ? loop().timeoutChains.takeOrEmpty(this) : null;
    if ((pending & CANCEL_REQUESTED) != 0) {
      return new CancelledException(describe() + " was cancelled");
    }
    return new TaskTimeoutException(
        describe() + ": its timeout scope expired",
        null,
        stillAwaiting); // debugging: what it was awaiting when the scope expired
  }

  /**
   * A timeout scope of this task expired: like a cancellation request, passed on to the awaited
   * task, but delivered at the await as a {@link TaskTimeoutException}. False if the task is
   * done.
   */
  final boolean expireTimeout() {
    if (isDone()) {
      return false;
    }
    loop().timeoutChains.put(this, AsyncStackTraces.awaitChain(this)); // debugging, rare path
    Task<?> task = awaiting;
    if ((flags & SCHEDULED) != 0
        && task != null
        && task != YieldToken.INSTANCE
        && task.isDone()
        && (flags & ADOPTING) == 0) {
      // The awaited outcome came in before the deadline took effect (timers and callbacks take
      // effect in deadline order): it was in time, so that await returns it.
      flags |= TIMEOUT_AFTER_OUTCOME;
      return true;
    }
    flags |= TIMEOUT_EXPIRED;
    passOnInterruption();
    return true;
  }

  /** Forgets an expiry that was not delivered (its scope closed first). */
  final void clearTimeout() {
    flags &= ~(TIMEOUT_EXPIRED | TIMEOUT_AFTER_OUTCOME);
    loop().timeoutChains.remove(this);
  }

  /** Passes an interruption on to the awaited task, unless this one is about to resume. */
  private void passOnInterruption() {
    Task<?> task = awaiting;
    if (task != null && (flags & SCHEDULED) == 0 && !task.isDone()) {
      requestCancel(task);
    }
  }

  @Override
  protected final void onSettled() {
    awaiting = null;
    if ((flags & (TIMEOUT_EXPIRED | TIMEOUT_AFTER_OUTCOME)) != 0) {
      loop().timeoutChains.remove(this); // an expiry never delivered
    }
    loop().taskFinished(this);
  }

  /** The awaited task settled: continue in a later turn of the loop, never inline. */
  @Override
  public final void taskCompleted(Task<?> task) {
    if ((flags & SCHEDULED) == 0) {
      flags |= SCHEDULED;
      loop().schedule(this);
    }
  }

  /**
   * A cancellation request on the loop thread: remembered, delivered at the current or next
   * await, and passed on to the task being awaited (whose settling then resumes this one).
   */
  @Override
  protected final boolean cancelOnLoop() {
    if (isDone()) {
      return false;
    }
    flags |= CANCEL_REQUESTED;
    passOnInterruption();
    return true;
  }

  /** Whether this coroutine has a cancellation request not delivered yet. */
  public final boolean isCancelRequested() {
    return (flags & CANCEL_REQUESTED) != 0;
  }

  /** What this coroutine awaits right now, or null: for task dumps. */
  public final Task<?> awaitingTask() {
    return awaiting;
  }

  // ---------------------------------------------------------------------------------------------
  // Debugging hooks (issue 7): the one contract between generated code and async stack traces.

  /**
   * Generated state machines override this with a constant that says where their code comes from,
   * read only when an exception leaves the coroutine or a task dump is made:
   * {@code owner|file|method|stateLines|runs}, for example {@code
   * demo.Foo|Foo.java|fetch|12,14,0|50=0,57:12,60=14}. {@code owner} is the binary name of the class
   * that declares the {@code @Async} method, {@code file} its source file; {@code stateLines[i]}
   * is the original line where state {@code i} starts (for a state after an await, the await's
   * line; 0 if unknown); {@code runs} says which original line each line of the generated file
   * comes from, by runs that last until the next: {@code 57:12} says generated lines 57, 58...
   * are original lines 12, 13... (await-free code is copied line for line), {@code 60=14} that
   * lines 60, 61... all come from line 14 (what lowering wrote for one statement); line 0 is no
   * original line. Runs are in increasing order of generated line. Null (the default) for
   * hand-written coroutines.
   */
  protected String sourceMap() {
    return null;
  }

  /**
   * The original source line this coroutine is at: where it is suspended, or, while it runs, the
   * start of its current state; for example {@code demo.Foo.fetch(Foo.java:42)}. For a coroutine
   * without a {@link #sourceMap()}, a frame naming its class and state. Any thread (racy).
   */
  public final StackTraceElement sourceFrame() {
    return AsyncStackTraces.frameOf(this, state, false);
  }

  /** Who awaits {@code task} (see {@code Task.awaitersOf}), for task dumps. Loop thread. */
  public static java.util.List<Object> awaitersOfTask(Task<?> task) {
    return Task.awaitersOf(task);
  }

  /** Whether this coroutine is on the ready queue, about to run. */
  public final boolean isScheduled() {
    return (flags & SCHEDULED) != 0;
  }

  /**
   * The method this state machine runs, e.g. {@code Greeter.greet}; generated classes override
   * it.
   */
  @Override
  protected String describe() {
    String name = getClass().getName();
    return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
  }
}
