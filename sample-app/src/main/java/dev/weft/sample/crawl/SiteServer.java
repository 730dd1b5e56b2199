package dev.weft.sample.crawl;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A small HTTP/1.1 server over weft's streams, serving a synthetic site for the crawler to crawl:
 * an index, {@value #SECTIONS} sections of {@value #PAGES_PER_SECTION} pages, and four pages that
 * misbehave. Every page answers after a latency ({@link Tasks#sleep}, so the server waits without
 * holding a thread) between {@code minLatency} and {@code maxLatency}, the same for a path on every
 * run.
 *
 * <ul>
 *   <li>{@code /flaky} answers 503 to every other request: a retry succeeds.
 *   <li>{@code /slow} never answers every other request: the client's timeout fires, and its retry
 *       gets an answer.
 *   <li>{@code /broken} always answers 500: the crawler gives up after its retries.
 *   <li>{@code /missing} is linked to but does not exist: 404, which is not worth a retry.
 * </ul>
 *
 * <p>Each connection is served by one task, {@link #handle}, reading requests one after another
 * (keep-alive) until the client closes it. About half the pages are sent chunked, the others with a
 * {@code Content-Length}, so that the client meets both.
 */
public class SiteServer {
  static final int SECTIONS = 4;
  static final int PAGES_PER_SECTION = 8;

  final Duration minLatency;
  final Duration maxLatency;

  /** How many requests each path got: what /flaky and /slow decide on. */
  final Map<String, Integer> hits = new HashMap<>();

  public SiteServer(Duration minLatency, Duration maxLatency) {
    this.minLatency = minLatency;
    this.maxLatency = maxLatency;
  }

  /**
   * Starts serving on {@code 127.0.0.1:port} (0: a free port; {@link Server#port()} says which).
   */
  public Task<Server> start(int port) {
    return Streams.startServer(this::handle, "127.0.0.1", port);
  }

  /** The number of pages a full crawl reaches, the misbehaving ones included. */
  public static int pageCount() {
    return 1 + SECTIONS + SECTIONS * PAGES_PER_SECTION + 4;
  }

  /** Serves one connection: requests one after another until the client closes it. */
  @Async
  public Task<Void> handle(StreamReader in, StreamWriter out) throws ProtocolException {
    for (; ; ) {
      String requestLine = await(in.readLine(Http.MAX_LINE));
      if (requestLine == null) {
        return Task.done(); // the client closed the connection: the server closes its side
      }
      // A typed local for the task: awaiting Http_Async.readHeaders(in) directly is mistyped as
      // Object by the processor today (Http_Async is generated in the same round).
      Task<Map<String, String>> reading = Http_Async.readHeaders(in);
      Map<String, String> headers = await(reading);
      String[] parts = requestLine.split(" "); // GET /path HTTP/1.1
      if (parts.length != 3 || !parts[0].equals("GET")) {
        out.write(response(400, "Bad Request", "only GET is served here\n", false));
        return Task.done();
      }
      String path = parts[1];
      int hit = hits.merge(path, 1, Integer::sum);
      if (path.equals("/slow") && hit % 2 == 1) {
        await(Tasks.sleep(Duration.ofHours(1))); // the client gives up first
      }
      await(Tasks.sleep(latency(path)));
      out.write(answer(path, hit));
      await(out.drain()); // waits only if the client reads slower than we write
      if (Http.connectionHas(headers, "close") || !parts[2].equals("HTTP/1.1")) {
        return Task.done();
      }
    }
  }

  /** The response to {@code GET path}, the {@code hit}-th request for it. */
  static byte[] answer(String path, int hit) {
    if (path.equals("/flaky") && hit % 2 == 1) {
      return response(503, "Service Unavailable", "try again\n", false);
    }
    if (path.equals("/broken")) {
      return response(500, "Internal Server Error", "this page is broken\n", false);
    }
    String html = page(path);
    if (html == null) {
      return response(404, "Not Found", "no page at " + path + "\n", false);
    }
    return response(200, "OK", html, (mix(path) & 256) != 0);
  }

  /** The HTML of the page at {@code path}, or null if there is none. */
  static String page(String path) {
    StringBuilder html =
        new StringBuilder("<!doctype html>\n<title>").append(path).append("</title>\n");
    if (path.equals("/")) {
      for (int s = 1; s <= SECTIONS; s++) {
        link(html, "/section/" + s);
      }
      for (String odd : new String[] {"/flaky", "/slow", "/broken", "/missing"}) {
        link(html, odd);
      }
      return html.toString();
    }
    if (path.equals("/flaky") || path.equals("/slow")) {
      return html.append("<p>worth the wait</p>\n").toString();
    }
    String[] segments = path.split("/"); // "", "section", "2", "page", "5"
    int section = segments.length > 2 ? number(segments[2]) : 0;
    if (!segments[1].equals("section") || section < 1 || section > SECTIONS) {
      return null;
    }
    if (segments.length == 3) {
      for (int p = 1; p <= PAGES_PER_SECTION; p++) {
        link(html, path + "/page/" + p);
      }
      return html.toString();
    }
    int page = segments.length == 5 && segments[3].equals("page") ? number(segments[4]) : 0;
    if (page < 1 || page > PAGES_PER_SECTION) {
      return null;
    }
    link(html, "/"); // links already seen: the crawler must not fetch them twice
    link(html, "/section/" + section + "/page/" + (page % PAGES_PER_SECTION + 1));
    int paragraphs = 2 + (int) Math.floorMod(mix(path) >>> 8, 30L);
    for (int i = 0; i < paragraphs; i++) {
      html.append(
          "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.</p>\n");
    }
    return html.toString();
  }

  private static void link(StringBuilder html, String href) {
    html.append("<a href=\"").append(href).append("\">").append(href).append("</a>\n");
  }

  private static int number(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The latency of {@code path}: between the bounds, the same on every run. */
  Duration latency(String path) {
    long spread = maxLatency.toNanos() - minLatency.toNanos();
    long offset = spread <= 0 ? 0 : Math.floorMod(mix(path), spread + 1);
    return minLatency.plusNanos(offset);
  }

  /** A hash of {@code path} whose bits all change when the path does. */
  static long mix(String path) {
    long h = path.hashCode() * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 31);
  }

  /** A complete response; the body is sent chunked if {@code chunked}. */
  static byte[] response(int status, String reason, String body, boolean chunked) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head =
        new StringBuilder("HTTP/1.1 ")
            .append(status)
            .append(' ')
            .append(reason)
            .append("\r\nContent-Type: text/html; charset=utf-8\r\n");
    if (!chunked) {
      head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n").append(body);
      return head.toString().getBytes(StandardCharsets.UTF_8);
    }
    head.append("Transfer-Encoding: chunked\r\n\r\n");
    for (int start = 0; start < body.length(); start += 1000) { // chunks of 1000 chars
      String chunk = body.substring(start, Math.min(body.length(), start + 1000));
      head.append(Integer.toHexString(chunk.getBytes(StandardCharsets.UTF_8).length))
          .append("\r\n")
          .append(chunk)
          .append("\r\n");
    }
    return head.append("0\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }
}
