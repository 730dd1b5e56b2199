package dev.weft.debug;

import dev.weft.internal.LoopCore;

/**
 * A snapshot of an event loop's counters and gauges, from {@code EventLoop.metrics()}. Taken on
 * the loop thread it is exact; from another thread each value is recent but they may not be from
 * the same instant.
 *
 * @param loopLagNanos how late the last timers to fire were, past their deadline: the time the
 *     loop took to come back to them (asyncio's "loop lag")
 * @param maxLoopLagNanos the worst such lateness since the loop was made
 * @param readyQueueDepth callbacks and task resumptions waiting on the ready queue
 * @param timersPending timers (sleeps, timeouts, {@code callLater}) not fired or cancelled yet
 * @param iterations loop iterations run
 * @param selectWakeups iterations that waited on the selector (for I/O, a timer or a wakeup from
 *     another thread) instead of having work ready
 * @param tasksCreated {@code @Async} tasks started on the loop
 * @param tasksFinished those of them that finished
 * @param liveTasks tasks started and not finished ({@code tasksCreated - tasksFinished})
 */
public record LoopMetrics(
    long loopLagNanos,
    long maxLoopLagNanos,
    int readyQueueDepth,
    int timersPending,
    long iterations,
    long selectWakeups,
    long tasksCreated,
    long tasksFinished,
    long liveTasks) {

  /** The metrics of {@code loop} now. */
  public static LoopMetrics of(LoopCore loop) {
    long created = loop.tasksStarted();
    long finished = loop.tasksFinished();
    return new LoopMetrics(
        loop.lastLagNanos(),
        loop.maxLagNanos(),
        loop.readyCount(),
        loop.timersPending(),
        loop.iterations(),
        loop.selectWakeups(),
        created,
        finished,
        created - finished);
  }
}
