/**
 * Synchronisation primitives and queues for the tasks of one event loop, with asyncio's
 * semantics ({@code asyncio.locks}, {@code asyncio.queues}) and Java names: {@link
 * dev.weft.sync.Lock}, {@link dev.weft.sync.Event}, {@link dev.weft.sync.Condition}, {@link
 * dev.weft.sync.Semaphore}, {@link dev.weft.sync.BoundedSemaphore}, {@link dev.weft.sync.Barrier};
 * {@link dev.weft.sync.Queue}, {@link dev.weft.sync.PriorityQueue}, {@link
 * dev.weft.sync.LifoQueue}.
 *
 * <p>What holds for all of them:
 *
 * <ul>
 *   <li><b>Waiting.</b> An operation that may wait returns a {@link dev.weft.Task} to {@code
 *       await}. When it need not wait, the task is already complete and awaiting it does not
 *       suspend. Operations that never wait ({@code release}, {@code set}, {@code putNow}, ...)
 *       return at once and never run other tasks' code inline: the tasks they wake resume on
 *       later turns of the loop.
 *   <li><b>Order.</b> Waiters are served first come, first served. What a release, a put or a
 *       signal frees goes straight to the first waiter, so nobody arriving later overtakes it.
 *   <li><b>Cancellation.</b> Cancelling a waiting operation's task, or the task awaiting it,
 *       removes the waiter from the line at once. A task that was already served (handed the
 *       lock, a permit, an item) but is cancelled before it resumes would receive the
 *       cancellation instead of what it was served: the primitive sees this just before that
 *       task resumes, and hands what it served to the next waiter or back to the primitive, so
 *       nothing is lost (asyncio's "a woken waiter cancelled before it runs passes the wake-up
 *       on"). This holds for the task that made the call and awaits it, as in {@code
 *       await(lock.acquire())}; a task handed over to another task, or awaited through a
 *       combinator, counts as received once served.
 *   <li><b>Threads.</b> Nothing here is thread-safe: a primitive belongs to the loop of its first
 *       use, and must be used only on that loop's thread afterwards; any other call that waits or
 *       changes state throws {@link java.lang.IllegalStateException} (queries such as {@code
 *       isLocked()} do not check, and are exact only on that thread). Other threads reach a primitive through the loop:
 *       {@code loop.callSoonThreadsafe(() -> queue.putNow(item))}, {@code loop.submit(...)}.
 *   <li><b>Exceptions.</b> Calls that are wrong in themselves (wrong thread, releasing an unlocked
 *       lock, a null item) throw at once, unchecked; the outcome of a waiting operation (a shut
 *       down queue, a broken barrier) comes through its task.
 * </ul>
 *
 * <p>Not here: the loop itself, tasks and combinators ({@code dev.weft}), I/O ({@code
 * dev.weft.io}), and blocking calls, which go to threads through {@code
 * EventLoop.runInExecutor} and {@code Tasks.toThread}.
 */
package dev.weft.sync;
