package dev.weft.debug;

/**
 * The JMX view of a running event loop, registered as {@code
 * dev.weft:type=EventLoop,name=<loop thread name>-<id>} while the loop runs, when debug mode or
 * {@code -Dweft.jmx=true} asks for it. From outside the process: {@code jconsole} (MBeans tab,
 * operation {@code dumpTasks}), or any JMX client.
 */
public interface EventLoopMXBean {
  /** The task dump, made on the loop thread; if the loop does not answer within 5 s, made anyway. */
  String dumpTasks();

  /** The loop's {@link LoopMetrics} now, as text. */
  String getMetrics();
}
