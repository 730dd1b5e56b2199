/**
 * Seeing into a running event loop (issue 7): {@link dev.weft.debug.TaskDump} (every live task,
 * where it is suspended by original source line, what it awaits and who awaits it), {@link
 * dev.weft.debug.LoopMetrics} (lag, queue depths, counters), the debug-mode {@link
 * dev.weft.debug.Watchdog} (a loop thread blocked too long) and the JMX bean {@link
 * dev.weft.debug.EventLoopMXBean} that triggers dumps from outside the process.
 *
 * <p>Threads: {@code TaskDump.ofAnyThread} and {@code LoopMetrics.of} may be called from any
 * thread (metrics are approximate there; a dump is made on the loop thread and waited for); the
 * watchdog reads a blocked loop thread's state from its own thread; {@code TaskDump.of} belongs
 * to the loop thread or a stopped loop.
 *
 * <p>Async stack traces themselves live in {@code dev.weft.internal.AsyncStackTraces}, next to
 * the state machines they read. Nothing here runs unless asked for: the loop's hot paths only
 * bump a few counters.
 */
package dev.weft.debug;
