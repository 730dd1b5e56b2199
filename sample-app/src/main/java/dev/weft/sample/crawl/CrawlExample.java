package dev.weft.sample.crawl;

import static dev.weft.Await.await;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.annotation.Async;
import dev.weft.io.Server;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The concurrent web crawler, weft's take on the aiohttp example: many requests in flight on one
 * thread, at most {@code concurrency} at a time ({@link dev.weft.sync.Semaphore}), each with a
 * timeout ({@link dev.weft.Tasks#waitFor}), failures retried with back-off, and a live progress
 * line. HTTP/1.1 is spoken over weft's own streams ({@link HttpClient}, {@link SiteServer}).
 *
 * <p>With no URLs it starts {@link SiteServer} on a free local port, crawls its synthetic site
 * (pages answer after a simulated latency; a few fail), then crawls it again one page at a time,
 * and compares: the same crawler, the same server, measured in the same run. Given URLs, it fetches
 * those, without following links.
 *
 * <p>Run it: {@code Main crawl} (the default), or {@code Main crawl http://example.com/}.
 */
public class CrawlExample {
  final PrintStream out;
  final Crawler.Options options;
  final Progress.Style style;

  /**
   * @param style how to show progress; a second, comparison crawl of the demo site shows it only on
   *     a terminal
   */
  public CrawlExample(PrintStream out, Crawler.Options options, Progress.Style style) {
    this.out = out;
    this.options = options;
    this.style = style;
  }

  /** Serves the synthetic site, crawls it concurrently and then one page at a time, compares. */
  @Async
  public Task<Void> crawlDemoSite(Duration minLatency, Duration maxLatency) {
    SiteServer site = new SiteServer_Async(minLatency, maxLatency);
    Server server = await(site.start(0));
    URI root = URI.create("http://127.0.0.1:" + server.port() + "/");
    out.printf(
        "Crawling %s, a local site of %d pages that answer in %d-%d ms, a few of them badly.%n",
        root, SiteServer.pageCount(), minLatency.toMillis(), maxLatency.toMillis());

    String label = options.concurrency() + " at a time";
    Report.Run concurrent = await(timedCrawl(List.of(root), options, label, style));
    out.println("Crawling it again one page at a time, for comparison...");
    Progress.Style quietUnlessTerminal =
        style == Progress.Style.TERMINAL ? Progress.Style.TERMINAL : Progress.Style.QUIET;
    Report.Run sequential =
        await(
            timedCrawl(
                List.of(root), options.withConcurrency(1), "one at a time", quietUnlessTerminal));

    server.close(); // stops listening
    server.abortClients(); // and any connection still open
    await(server.waitClosed());

    out.println();
    Report.table(out, List.of(concurrent, sequential));
    out.printf(
        "%nSpeed-up: %.1fx with %s, on one thread.%n",
        (double) sequential.wallNanos() / concurrent.wallNanos(), label);
    Report.failures(out, concurrent.pages());
    return Task.done();
  }

  /** Fetches {@code urls} concurrently, without following their links. */
  @Async
  public Task<Void> fetchAll(List<URI> urls) {
    String label = options.concurrency() + " at a time";
    Report.Run run = await(timedCrawl(urls, options.withFollow(false), label, style));
    out.println();
    Report.table(out, List.of(run));
    Report.failures(out, run.pages());
    return Task.done();
  }

  /** One crawl from {@code roots}, timed. */
  @Async
  Task<Report.Run> timedCrawl(
      List<URI> roots, Crawler.Options how, String label, Progress.Style progress) {
    HttpClient http = new HttpClient_Async();
    Crawler crawler = new Crawler_Async(http, how, new Progress(out, progress, label));
    long start = EventLoop.current().time();
    List<Page> pages = await(crawler.crawl(roots));
    long wallNanos = EventLoop.current().time() - start;
    http.close(); // the keep-alive connections
    return Task.of(new Report.Run(label, pages, wallNanos));
  }
}
