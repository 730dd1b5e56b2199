package dev.weft.sample.basics;

import dev.weft.EventLoop;
import java.util.Locale;

/** Time on the event loop's clock, shown in seconds; the examples' one shared helper. */
final class Seconds {
  private Seconds() {}

  /** The loop's clock now, in nanoseconds ({@link EventLoop#time()}); virtual in the tests. */
  static long now() {
    return EventLoop.current().time();
  }

  /** {@code nanos} as seconds with two decimals: {@code "1.50 s"}. */
  static String format(long nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  /** The time since {@code startNanos} on the loop's clock, as seconds. */
  static String since(long startNanos) {
    return format(now() - startNanos);
  }
}
