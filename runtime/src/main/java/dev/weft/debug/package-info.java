/**
 * Seeing into a running event loop (issue 7): {@link dev.weft.debug.TaskDump} (every live task,
 * where it is suspended by original source line, what it awaits and who awaits it), {@link
 * dev.weft.debug.LoopMetrics} (lag, queue depths, counters), the debug-mode {@link
 * dev.weft.debug.Watchdog} (a loop thread blocked too long) and the JMX bean {@link
 * dev.weft.debug.EventLoopMXBean} that triggers dumps from outside the process.
 *
 * <p>Async stack traces themselves live in {@code dev.weft.internal.AsyncStackTraces}, next to
 * the state machines they read. Nothing here runs unless asked for: the loop's hot paths only
 * bump a few counters.
 */
package dev.weft.debug;
