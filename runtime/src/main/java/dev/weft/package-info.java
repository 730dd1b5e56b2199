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
 */
package dev.weft;
