package dev.weft.sample.crawl;

import static dev.weft.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.annotation.Async;
import dev.weft.io.Server;
import dev.weft.sample.Transcript;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The crawl example end to end against its embedded site on loopback. Times vary from run to run,
 * so the checks are on what was fetched, retried and reported, never on how long it took.
 */
class CrawlExampleTest {
  /** Generous, so that only /slow's unanswered requests time out, however busy the machine. */
  static final Duration TIMEOUT = Duration.ofSeconds(1);

  static final Crawler.Options OPTIONS =
      new Crawler.Options(10, TIMEOUT, 2, Duration.ofMillis(10), true);

  @Test
  void crawlsTheSiteConcurrentlyThenOneAtATimeAndCompares() {
    Transcript transcript = new Transcript();
    EventLoop.run(
        () ->
            new CrawlExample_Async(transcript.out, OPTIONS, Progress.Style.LINES)
                .crawlDemoSite(Duration.ZERO, Duration.ofMillis(2)));
    String text = transcript.text();
    String root =
        firstMatch("Crawling (http://127\\.0\\.0\\.1:\\d+)/, a local site of 41 pages", text);

    // Each page once, in the first crawl's lines; the comparison crawl prints none.
    List<String> lines = Arrays.asList(text.split("\n"));
    for (String path : allPaths()) {
      long seen = lines.stream().filter(line -> line.endsWith("  " + root + path)).count();
      assertEquals(1, seen, path + " in\n" + text);
    }
    assertTrue(lines.contains("  200     293 B  " + root + "/"), text);
    assertTrue(lines.contains("  404    failed  " + root + "/missing"), text);
    assertTrue(lines.contains("  500    failed  " + root + "/broken"), text);

    // Retries, doubling the back-off; 404 is not retried.
    assertTrue(
        lines.contains(
            "  retry " + root + "/flaky in 0.01 s (attempt 1: HTTP 503 Service Unavailable)"),
        text);
    assertTrue(
        lines.contains("  retry " + root + "/slow in 0.01 s (attempt 1: timed out after 1.00 s)"),
        text);
    assertTrue(
        lines.contains(
            "  retry " + root + "/broken in 0.01 s (attempt 1: HTTP 500 Internal Server Error)"),
        text);
    assertTrue(
        lines.contains(
            "  retry " + root + "/broken in 0.02 s (attempt 2: HTTP 500 Internal Server Error)"),
        text);
    assertTrue(
        lines.stream().noneMatch(line -> line.startsWith("  retry " + root + "/missing")), text);

    // The table: both crawls found the same 39 pages and 2 failures, and the same bytes.
    String bytes = firstMatch("\n10 at a time +39 +2 +([\\d.]+ kB) +\\d+\\.\\d\\d s\n", text);
    firstMatch("\n(one at a time) +39 +2 +" + Pattern.quote(bytes) + " +\\d+\\.\\d\\d s\n", text);
    firstMatch("\n(Speed-up: \\d+\\.\\dx) with 10 at a time, on one thread\\.\n", text);
    assertTrue(
        text.endsWith(
            "Failed:\n"
                + ("  " + root + "/broken  HTTP 500 Internal Server Error (3 attempts)\n")
                + ("  " + root + "/missing  HTTP 404 Not Found (1 attempt)\n")),
        text);
  }

  @Test
  void givenUrlsItFetchesThoseWithoutFollowingLinks() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort(); // nothing listens there once it is closed
    }
    Transcript transcript = new Transcript();
    String[] root = new String[1];
    EventLoop.run(
        () ->
            new CrawlExampleTest_Async()
                .serveAndFetch(
                    transcript,
                    List.of("/section/1", "/missing"),
                    "http://127.0.0.1:" + closedPort + "/",
                    root));
    String text = transcript.text();
    List<String> lines = Arrays.asList(text.split("\n"));
    assertTrue(lines.contains("  200     442 B  " + root[0] + "/section/1"), text);
    assertTrue(lines.contains("  404    failed  " + root[0] + "/missing"), text);
    assertTrue(lines.contains("  ---    failed  http://127.0.0.1:" + closedPort + "/"), text);
    assertTrue(
        lines.stream().noneMatch(line -> line.contains("/section/1/page/")),
        "no following: " + text);
    firstMatch("\n(10 at a time +1 +2 +442 B) +\\d+\\.\\d\\d s\n", text);
    assertTrue(
        text.contains("  http://127.0.0.1:" + closedPort + "/  java.net.ConnectException"), text);
  }

  /** Serves the site, then fetches {@code paths} of it and {@code unreachable}. */
  @Async
  Task<Void> serveAndFetch(
      Transcript transcript, List<String> paths, String unreachable, String[] root) {
    Server server = await(new SiteServer_Async(Duration.ZERO, Duration.ZERO).start(0));
    root[0] = "http://127.0.0.1:" + server.port();
    List<URI> urls = new ArrayList<>();
    for (String path : paths) {
      urls.add(URI.create(root[0] + path));
    }
    urls.add(URI.create(unreachable));
    Crawler.Options noRetries = new Crawler.Options(10, TIMEOUT, 0, Duration.ZERO, true);
    await(new CrawlExample_Async(transcript.out, noRetries, Progress.Style.LINES).fetchAll(urls));
    server.close();
    return Task.done();
  }

  static List<String> allPaths() {
    List<String> paths = new ArrayList<>(List.of("/", "/flaky", "/slow", "/broken", "/missing"));
    for (int s = 1; s <= SiteServer.SECTIONS; s++) {
      paths.add("/section/" + s);
      for (int p = 1; p <= SiteServer.PAGES_PER_SECTION; p++) {
        paths.add("/section/" + s + "/page/" + p);
      }
    }
    return paths;
  }

  /** The first group of {@code regex}'s first match in {@code text}; fails if there is none. */
  static String firstMatch(String regex, String text) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertTrue(matcher.find(), "no match for " + regex + " in\n" + text);
    return matcher.group(1);
  }
}
