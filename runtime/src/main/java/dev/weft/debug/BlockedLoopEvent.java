package dev.weft.debug;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A JFR event for the debug-mode watchdog's reports: a loop thread blocked longer than the
 * threshold, with the whole report (stack and await chain). Committed only when the watchdog
 * reports.
 */
@Name("dev.weft.BlockedLoop")
@Label("Blocked weft event loop")
@Category({"weft", "Event loop"})
@Description("A weft event loop thread kept by one callback longer than the watchdog threshold")
public final class BlockedLoopEvent extends jdk.jfr.Event {
  @Label("Report")
  String report;

  /** Records one watchdog report, if a recording wants it. */
  public static void commit(String report) {
    BlockedLoopEvent event = new BlockedLoopEvent();
    if (event.shouldCommit()) {
      event.report = report;
      event.commit();
    }
  }
}
