package dev.weft.debug;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * A JFR event for debug mode's slow callbacks: one callback or task step that kept the loop
 * thread longer than the slow-callback duration. Committed only on that slow path, and only
 * recorded when a recording enables {@code dev.weft.SlowCallback}.
 */
@Name("dev.weft.SlowCallback")
@Label("Slow weft callback")
@Category({"weft", "Event loop"})
@Description("A callback or task step that blocked a weft event loop longer than the threshold")
public final class SlowCallbackEvent extends jdk.jfr.Event {
  @Label("Callback")
  String callback;

  @Label("Duration")
  @Timespan(Timespan.NANOSECONDS)
  long tookNanos;

  /** Records one slow callback, if a recording wants it. */
  public static void commit(String callback, long tookNanos) {
    SlowCallbackEvent event = new SlowCallbackEvent();
    if (event.shouldCommit()) {
      event.callback = callback;
      event.tookNanos = tookNanos;
      event.commit();
    }
  }
}
