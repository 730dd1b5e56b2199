package dev.weft.sample.crawl;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The crawler's progress, as it goes. On a terminal, one line rewritten in place ({@code \r});
 * otherwise (a pipe, a file, a test) plain lines. Called only on the loop's thread, one call at a
 * time, so it needs no synchronisation.
 */
public class Progress {
  /** How progress is shown. */
  public enum Style {
    /** One line, updated in place. */
    TERMINAL,
    /** One line per page and per retry. */
    LINES,
    /** Nothing. */
    QUIET
  }

  /** Back to the start of the line, and erase it (an ANSI escape every terminal knows). */
  private static final String CLEAR_LINE = "\r\033[K";

  private final PrintStream out;
  private final Style style;
  private final String label;
  private int started;
  private int done;
  private int failed;
  private int retries;

  public Progress(PrintStream out, Style style, String label) {
    this.out = out;
    this.style = style;
    this.label = label;
  }

  /**
   * Whether standard output is a terminal. {@code System.console()} is null when it is not, up to
   * JDK 21; from JDK 22 on it is there anyway, and {@code Console.isTerminal()} tells.
   */
  public static boolean stdoutIsTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 17 to 21: a console means a terminal
    }
  }

  void started() {
    started++;
    redraw();
  }

  void retrying(Page attempt, Duration delay) {
    retries++;
    show(
        String.format(
            Locale.ROOT,
            "  retry %s in %.2f s (attempt %d: %s)",
            attempt.url(),
            delay.toNanos() / 1e9,
            attempt.attempts(),
            attempt.failure()),
        true);
  }

  void finished(Page page) {
    done++;
    if (!page.ok()) {
      failed++;
    }
    String status = page.status() == 0 ? "---" : String.valueOf(page.status());
    String size = page.ok() ? Report.size(page.bytes()) : "failed";
    show(String.format(Locale.ROOT, "  %3s %9s  %s", status, size, page.url()), false);
  }

  /** Ends the progress line, if one was drawn. */
  void end() {
    if (style == Style.TERMINAL) {
      out.print(CLEAR_LINE);
      out.flush();
    }
  }

  /** Prints a line as the style says: every line, or on a terminal only those worth keeping. */
  private void show(String line, boolean keepOnTerminal) {
    switch (style) {
      case LINES -> out.println(line);
      case TERMINAL -> {
        if (keepOnTerminal) {
          out.print(CLEAR_LINE + line + "\n"); // stays above the progress line
        }
        redraw();
      }
      case QUIET -> {}
    }
  }

  private void redraw() {
    if (style != Style.TERMINAL) {
      return;
    }
    out.print(
        String.format(
            Locale.ROOT,
            CLEAR_LINE + "%s: %d of %d pages done (%d to go), retried %d, failed %d",
            label,
            done,
            started,
            started - done,
            retries,
            failed));
    out.flush();
  }
}
