package dev.weft.sample.crawl;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The crawl example's summary: a table of runs, and the pages that failed. */
final class Report {
  private Report() {}

  /** One crawl: what it fetched and how long it took. */
  record Run(String label, List<Page> pages, long wallNanos) {
    long fetched() {
      return pages.stream().filter(Page::ok).count();
    }

    long failed() {
      return pages.size() - fetched();
    }

    long bytes() {
      return pages.stream().filter(Page::ok).mapToLong(Page::bytes).sum();
    }
  }

  static void table(PrintStream out, List<Run> runs) {
    out.printf(
        Locale.ROOT, "%-16s %8s %8s %11s %10s%n", "", "fetched", "failed", "bytes", "wall time");
    for (Run run : runs) {
      out.printf(
          Locale.ROOT,
          "%-16s %8d %8d %11s %8.2f s%n",
          run.label(),
          run.fetched(),
          run.failed(),
          size(run.bytes()),
          run.wallNanos() / 1e9);
    }
  }

  static void failures(PrintStream out, List<Page> pages) {
    List<Page> failed =
        pages.stream()
            .filter(page -> !page.ok())
            .sorted(Comparator.comparing(page -> page.url().toString()))
            .toList();
    if (failed.isEmpty()) {
      return;
    }
    out.println("Failed:");
    for (Page page : failed) {
      out.printf(
          Locale.ROOT,
          "  %s  %s (%d attempt%s)%n",
          page.url(),
          page.failure(),
          page.attempts(),
          page.attempts() == 1 ? "" : "s");
    }
  }

  /** {@code bytes} for people: {@code 512 B}, {@code 12.3 kB}, {@code 4.5 MB}. */
  static String size(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    if (bytes < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
