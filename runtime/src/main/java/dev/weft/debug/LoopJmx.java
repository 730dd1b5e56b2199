package dev.weft.debug;

import dev.weft.internal.LoopCore;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Registers a running loop's {@link EventLoopMXBean}; {@link #close()} unregisters it. */
public final class LoopJmx implements EventLoopMXBean, AutoCloseable {
  private static final AtomicLong IDS = new AtomicLong();

  private final LoopCore loop;
  private ObjectName name;

  private LoopJmx(LoopCore loop) {
    this.loop = loop;
  }

  /**
   * Registers the bean of {@code loop}, running on the calling thread; null (and nothing
   * registered) if the platform MBean server refuses it.
   */
  public static LoopJmx register(LoopCore loop) {
    LoopJmx bean = new LoopJmx(loop);
    try {
      String thread = ObjectName.quote(Thread.currentThread().getName() + "-" + IDS.incrementAndGet());
      bean.name = new ObjectName("dev.weft:type=EventLoop,name=" + thread);
      ManagementFactory.getPlatformMBeanServer().registerMBean(bean, bean.name);
      return bean;
    } catch (JMException | RuntimeException e) {
      return null;
    }
  }

  /** The name it is registered under. */
  public ObjectName objectName() {
    return name;
  }

  @Override
  public String dumpTasks() {
    return TaskDump.ofAnyThread(loop);
  }

  @Override
  public String getMetrics() {
    return LoopMetrics.of(loop).toString();
  }

  @Override
  public void close() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (JMException e) {
      // already gone
    }
  }
}
