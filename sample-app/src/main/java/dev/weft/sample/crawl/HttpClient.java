package dev.weft.sample.crawl;

import static dev.weft.Await.await;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import dev.weft.io.Connection;
import dev.weft.io.StreamReader;
import dev.weft.io.Streams;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP/1.1 client over weft's streams: {@code GET} only, with keep-alive (a connection is
 * kept after a complete response and reused by the next request to the same origin) and {@code
 * https} through the JDK's default trust store. Enough for the crawler; not a full client (no
 * redirects, no compression, no proxies).
 *
 * <p>One client belongs to one event loop, like everything in weft that holds state: no locks are
 * needed because all its code runs on the loop's thread.
 */
public class HttpClient {
  /** For {@code https}; null until the first {@code https} request, then the JDK's default. */
  SSLContext tls;

  /** Idle keep-alive connections by origin ({@code http://host:port}), most recent first. */
  final Map<String, ArrayDeque<Connection>> idle = new HashMap<>();

  /** A client whose {@code https} connections trust what the JDK trusts. */
  public HttpClient() {
    this(null);
  }

  /** A client whose {@code https} connections use {@code tls} (null: the JDK's default). */
  public HttpClient(SSLContext tls) {
    this.tls = tls;
  }

  /**
   * {@code GET url}. Fails with a {@link dev.weft.TaskTimeoutException} if connecting and reading
   * the response take longer than {@code timeout} together, or with the {@link IOException} that
   * broke the exchange; the connection is closed then, and kept for reuse otherwise.
   */
  @Async
  public Task<HttpResponse> get(URI url, Duration timeout) throws IOException {
    long deadline = EventLoop.current().time() + timeout.toNanos();
    Connection connection = await(Tasks.waitFor(connect(url), timeout));
    Duration left = Duration.ofNanos(deadline - EventLoop.current().time());
    HttpResponse response;
    try {
      response = await(Tasks.waitFor(exchange(connection, url), left));
    } catch (Throwable e) {
      connection.writer().abort(); // half-read: the connection can carry nothing else
      throw e;
    }
    if (response.reusable()) {
      idle.computeIfAbsent(origin(url), origin -> new ArrayDeque<>()).push(connection);
    } else {
      connection.close();
    }
    return Task.of(response);
  }

  /** An idle connection to {@code url}'s origin if one is left open, else a new one. */
  Task<Connection> connect(URI url) {
    ArrayDeque<Connection> connections = idle.get(origin(url));
    while (connections != null && !connections.isEmpty()) {
      Connection connection = connections.pop();
      if (!connection.reader().atEof() && !connection.writer().isClosing()) {
        return Task.of(connection);
      }
      connection.close(); // the server closed it while it was idle
    }
    boolean https = url.getScheme().equalsIgnoreCase("https");
    int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
    if (!https) {
      return Streams.openConnection(url.getHost(), port);
    }
    try {
      if (tls == null) {
        tls = SSLContext.getDefault();
      }
    } catch (NoSuchAlgorithmException e) {
      return Task.failed(e);
    }
    return Streams.openConnection(url.getHost(), port, tls);
  }

  /** Writes the request, reads the response. */
  @Async
  Task<HttpResponse> exchange(Connection connection, URI url) throws IOException {
    String target = url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      target += "?" + url.getRawQuery();
    }
    String host = url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
    connection
        .writer()
        .write(
            ("GET " + target + " HTTP/1.1\r\n")
                + ("Host: " + host + "\r\n")
                + "User-Agent: weft-sample\r\n"
                + "Accept: */*\r\n"
                + "\r\n");
    await(connection.writer().drain());

    StreamReader in = connection.reader();
    String statusLine = await(in.readLine(Http.MAX_LINE));
    if (statusLine == null) {
      throw new EOFException("the server closed the connection without a response");
    }
    String[] parts = statusLine.split(" ", 3); // HTTP/1.1 200 OK
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new ProtocolException("not an HTTP/1.x status line: " + statusLine);
    }
    int status = parseStatus(parts[1]);
    String reason = parts.length == 3 ? parts[2] : "";
    // Workaround: awaiting Http_Async.readHeaders(in) directly mistypes the value as Object
    // (the processor sees Http_Async, generated in the same round, as an error type); a typed
    // local for the task fixes it.
    Task<Map<String, String>> reading = Http_Async.readHeaders(in);
    Map<String, String> headers = await(reading);

    boolean reusable =
        parts[0].equals("HTTP/1.1")
            ? !Http.connectionHas(headers, "close")
            : Http.connectionHas(headers, "keep-alive");
    byte[] body;
    int length = Http.contentLength(headers);
    if (status / 100 == 1 || status == 204 || status == 304) {
      body = new byte[0]; // no body, whatever the headers say
    } else if (Http.isChunked(headers)) {
      Task<byte[]> chunks = Http_Async.readChunkedBody(in); // typed local: see readHeaders above
      body = await(chunks);
    } else if (length >= 0) {
      body = await(in.readExactly(length));
    } else {
      body = await(in.read(-1)); // the body ends where the connection does
      reusable = false;
    }
    return Task.of(new HttpResponse(status, reason, headers, body, reusable));
  }

  /** Closes every idle connection. */
  public void close() {
    for (ArrayDeque<Connection> connections : idle.values()) {
      connections.forEach(Connection::close);
    }
    idle.clear();
  }

  static int parseStatus(String code) throws ProtocolException {
    try {
      return Integer.parseInt(code);
    } catch (NumberFormatException e) {
      throw new ProtocolException("not a status code: " + code);
    }
  }

  static String origin(URI url) {
    return url.getScheme() + "://" + url.getHost() + ":" + url.getPort();
  }
}
