/**
 * weft's public API: Python's asyncio for Java, made at compile time.
 *
 * <p>What lives here: {@link dev.weft.EventLoop} (one thread, a selector, a FIFO ready queue and
 * timers) and {@link dev.weft.AsyncMain} (what {@code EventLoop.run} starts), {@link dev.weft.Task} (the outcome of an {@code @Async} call, and the handle to
 * cancel or join it), {@link dev.weft.Await} (the suspension point weft's processor rewrites),
 * {@link dev.weft.Tasks} (sleep, yield and the combinators: gather, waitFor, shield, wait,
 * asCompleted, timeout scopes), {@link dev.weft.TaskGroup} (structured concurrency), {@link
 * dev.weft.TaskLocal} (per-task values), {@link dev.weft.Promise} (a task completed by hand) and
 * the exceptions {@link dev.weft.CancelledException}, {@link dev.weft.TaskTimeoutException} and
 * {@link dev.weft.TaskGroupException}.
 *
 * <p>What does not: network I/O ({@code dev.weft.io}), locks and queues ({@code dev.weft.sync}),
 * and the machinery underneath ({@code dev.weft.internal}, no compatibility promise).
 *
 * <p>Guarantees that hold throughout, as in asyncio: tasks and callbacks run only on their loop's
 * thread; same-moment work runs in FIFO order and timers in deadline order (FIFO among equals);
 * {@code cancel()} only requests, and the {@link dev.weft.CancelledException} is delivered later
 * at an {@code await}; exceptions reach {@code await} unwrapped. Each method says what it allows
 * from other threads.
 *
 * <h2>Errors</h2>
 *
 * <p>One policy (issue 17): what a task's code throws fails that task, and reaches whoever awaits
 * it. Whatever a callback throws, of any kind ({@code callSoon}, {@code callLater}/{@code
 * callAt}, {@code callSoonThreadsafe}, I/O readiness, the effect of a due timer), errors such as
 * {@code OutOfMemoryError} and {@code InternalError} included, goes to the loop's exception
 * handler and the loop goes on with the next callback; a callback with an owner also fails that
 * owner (weft's I/O callbacks fail and close their connection, a combinator fails its task). Only
 * {@code ThreadDeath} ends a run; the loop does not use the thread's interrupt status.
 *
 * <h2>Threads: what is safe from any thread (the audit of issue 17)</h2>
 *
 * <p>A loop's ready queue, timers, tasks and I/O objects are not synchronised: they belong to the
 * thread that runs the loop. Every public entry point of weft is one of two kinds.
 *
 * <p><b>Safe from any thread</b>, and said so in its Javadoc:
 *
 * <ul>
 *   <li>{@code EventLoop}: {@code callSoonThreadsafe}, {@code submit}, {@code stop}, {@code
 *       time}, {@code isRunning}, {@code isClosed}, {@code isDebug}, {@code metrics}
 *       (approximate off the loop thread), {@code dumpTasks} (made on the loop thread, waited
 *       for), {@code setExceptionHandler}, {@code setDebugReporter}, {@code
 *       shutdownDefaultExecutor}, {@code close} (refused while running), and the static {@code
 *       run}, {@code current}, {@code currentOrNull}, {@code withVirtualTime}.
 *   <li>{@code Task}: {@code cancel}, {@code join} (refused on a loop thread), {@code
 *       toCompletableFuture}, {@code isDone}, {@code isCancelled}, {@code isSucceeded}, {@code
 *       resultNow}, {@code exceptionNow}, {@code name}, and the born-done {@code Task.of}, {@code
 *       done}, {@code failed}.
 *   <li>{@code Promise}: {@code completeThreadsafe} and {@code failThreadsafe}, the way to
 *       complete a promise from a callback API's thread.
 *   <li>{@code Handle}: {@code cancel} of a {@code callSoon} or {@code callSoonThreadsafe}
 *       handle; {@code isCancelled}.
 *   <li>Calls that act on the calling thread's own loop: {@code Tasks.*}, {@code Await.await},
 *       {@code @Async} calls, {@code new Promise()}, {@code TaskLocal}, {@code
 *       dev.weft.io.Streams} and {@code Sockets}, {@code TaskGroup}'s factories. They need a loop
 *       on the calling thread and say how to start one otherwise.
 * </ul>
 *
 * <p><b>Loop thread only</b>: everything else, notably {@code Promise.complete}/{@code fail},
 * {@code Task.whenDone}, {@code EventLoop.callSoon}/{@code callLater}/{@code callAt} and the
 * handles of timers, {@code addReader}/{@code addWriter}/{@code removeReader}/{@code
 * removeWriter}, {@code runInExecutor}, {@code currentTask}, {@code allTasks}, the debug setters,
 * {@code TaskGroup}'s {@code add}/{@code join}/{@code close}/{@code tasks}, a {@code
 * TimeoutScope}, every reader, writer, server and endpoint of {@code dev.weft.io}, and every
 * primitive of {@code dev.weft.sync}. Called on another thread while the loop runs, each throws
 * {@link java.lang.IllegalStateException} naming the thread-safe alternative (usually {@code
 * loop.callSoonThreadsafe(() -> ...)} or {@code loop.submit(() -> ...)}); it never corrupts the
 * loop silently. The check is one volatile read and a comparison with the loop's thread. Before a
 * loop runs, and between runs, one thread at a time may prepare it and its objects. Plain queries
 * of loop-side objects ({@code bufferedBytes()}, {@code isLocked()}...) do not check, and are
 * exact only on the loop thread.
 */
package dev.weft;
