package dev.weft.sample.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.sample.Transcript;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress output, in each of its styles. */
class ProgressTest {
  static final Page HOME = new Page(URI.create("http://h/"), 200, 1234, List.of(), 1, null);
  static final Page FLAKY =
      new Page(URI.create("http://h/flaky"), 503, 9, List.of(), 1, "HTTP 503");
  static final Page GONE = new Page(URI.create("http://h/gone"), 404, 9, List.of(), 1, "HTTP 404");

  static String show(Progress.Style style) {
    Transcript transcript = new Transcript();
    Progress progress = new Progress(transcript.out, style, "2 at a time");
    progress.started();
    progress.started();
    progress.finished(HOME);
    progress.retrying(FLAKY, Duration.ofMillis(100));
    progress.finished(GONE);
    progress.end();
    return transcript.text();
  }

  @Test
  void onATerminalOneLineIsRewrittenInPlaceAndRetriesStayAboveIt() {
    String clear = "\r\033[K";
    assertEquals(
        clear
            + "2 at a time: 0 of 1 pages done (1 to go), retried 0, failed 0"
            + clear
            + "2 at a time: 0 of 2 pages done (2 to go), retried 0, failed 0"
            + clear
            + "2 at a time: 1 of 2 pages done (1 to go), retried 0, failed 0"
            + clear
            + "  retry http://h/flaky in 0.10 s (attempt 1: HTTP 503)\n"
            + clear
            + "2 at a time: 1 of 2 pages done (1 to go), retried 1, failed 0"
            + clear
            + "2 at a time: 2 of 2 pages done (0 to go), retried 1, failed 1"
            + clear,
        show(Progress.Style.TERMINAL));
  }

  @Test
  void elsewherePagesAndRetriesArePlainLines() {
    assertEquals(
        """
          200    1.2 kB  http://h/
          retry http://h/flaky in 0.10 s (attempt 1: HTTP 503)
          404    failed  http://h/gone
        """,
        show(Progress.Style.LINES));
  }

  @Test
  void quietIsQuiet() {
    assertEquals("", show(Progress.Style.QUIET));
  }
}
