package dev.weft.sample.crawl;

import static dev.weft.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import dev.weft.TaskTimeoutException;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import dev.weft.sample.Run;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpClient} against {@link SiteServer} and against canned responses, on loopback. The
 * {@code @Async} methods below are the scenarios; each test runs one with {@code EventLoop.run}.
 */
class HttpClientTest {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void keepAliveCarriesEveryRequestOnOneConnection() {
    List<String> results = Run.onNewLoop(() -> new HttpClientTest_Async().fetchSitePages());
    // Each page, the same as the server made it, whether it came chunked or with a length.
    List<String> paths = new ArrayList<>();
    paths.add("/");
    for (int page = 1; page <= SiteServer.PAGES_PER_SECTION; page++) {
      paths.add("/section/2/page/" + page);
    }
    for (int i = 0; i < paths.size(); i++) {
      assertTrue(results.get(i).endsWith(" " + SiteServer.page(paths.get(i))), paths.get(i));
    }
    assertTrue(results.stream().anyMatch(r -> r.startsWith("chunked ")), "some chunked");
    assertTrue(results.stream().anyMatch(r -> r.startsWith("length ")), "some with a length");
    assertEquals("accepted 1", results.get(results.size() - 1));
  }

  @Async
  Task<List<String>> fetchSitePages() throws IOException {
    Server server = await(new SiteServer_Async(Duration.ZERO, Duration.ZERO).start(0));
    HttpClient http = new HttpClient_Async();
    String base = "http://127.0.0.1:" + server.port();
    List<String> results = new ArrayList<>();
    List<String> paths = new ArrayList<>(List.of("/"));
    for (int page = 1; page <= SiteServer.PAGES_PER_SECTION; page++) {
      paths.add("/section/2/page/" + page);
    }
    for (String path : paths) {
      HttpResponse response = await(http.get(URI.create(base + path), TIMEOUT));
      String framing = Http.isChunked(response.headers()) ? "chunked" : "length";
      results.add(framing + " " + response.status() + " " + response.text());
    }
    results.add("accepted " + server.acceptedConnections());
    http.close();
    server.close();
    return Task.of(results);
  }

  @Test
  void httpsGoesThroughTlsAndKeepsTheConnection() throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = HttpClientTest.class.getResourceAsStream("/tls/site.p12")) {
      keys.load(in, PASSWORD);
    }
    List<String> results =
        Run.onNewLoop(() -> new HttpClientTest_Async().fetchOverTls(serving(keys), trusting(keys)));
    assertEquals(
        List.of(
            "200 " + SiteServer.page("/"), "200 " + SiteServer.page("/section/1"), "accepted 1"),
        results);
  }

  @Async
  Task<List<String>> fetchOverTls(SSLContext serverSide, SSLContext clientSide) throws IOException {
    SiteServer site = new SiteServer_Async(Duration.ZERO, Duration.ZERO);
    Server server = await(Streams.startServer(site::handle, "127.0.0.1", 0, serverSide));
    HttpClient http = new HttpClient_Async(clientSide);
    List<String> results = new ArrayList<>();
    for (String path : List.of("/", "/section/1")) {
      URI url = URI.create("https://127.0.0.1:" + server.port() + path);
      HttpResponse response = await(http.get(url, TIMEOUT));
      results.add(response.status() + " " + response.text());
    }
    results.add("accepted " + server.acceptedConnections());
    http.close();
    server.close();
    return Task.of(results);
  }

  static final char[] PASSWORD = "weft-sample".toCharArray();

  /** A server context presenting the key pair of {@code keys}. */
  static SSLContext serving(KeyStore keys) throws Exception {
    KeyManagerFactory managers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(managers.getKeyManagers(), null, null);
    return context;
  }

  /** A client context that trusts the certificate of {@code keys} and nothing else. */
  static SSLContext trusting(KeyStore keys) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry("site", keys.getCertificate("site"));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  @Test
  void chunkExtensionsAndTrailersAreReadAndDropped() {
    HttpResponse response =
        Run.onNewLoop(
            () ->
                new HttpClientTest_Async()
                    .getCanned(
                        "HTTP/1.1 200 OK\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n"
                            + "5;name=value\r\n"
                            + "hello\r\n"
                            + "6\r\n"
                            + " world\r\n"
                            + "0\r\n"
                            + "X-Trailer: yes\r\n\r\n"));
    assertEquals("hello world", response.text());
    assertTrue(response.reusable());
  }

  @Test
  void aBodyWithoutLengthEndsWithTheConnection() {
    HttpResponse response =
        Run.onNewLoop(
            () ->
                new HttpClientTest_Async()
                    .getCanned("HTTP/1.0 200 OK\r\nServer: old\r\n\r\nto the end"));
    assertEquals("to the end", response.text());
    assertEquals("old", response.headers().get("server"));
    assertFalse(response.reusable());
  }

  @Test
  void connectionCloseIsNotReused() {
    HttpResponse response =
        Run.onNewLoop(
            () ->
                new HttpClientTest_Async()
                    .getCanned(
                        "HTTP/1.1 404 Not Found\r\n"
                            + "Content-Length: 2\r\n"
                            + "Connection: close\r\n\r\n"
                            + "no"));
    assertEquals("HTTP 404 Not Found", response.statusText());
    assertEquals("no", response.text());
    assertFalse(response.reusable());
  }

  @Test
  void garbageIsAProtocolError() {
    assertThrows(
        ProtocolException.class,
        () -> Run.onNewLoop(() -> new HttpClientTest_Async().getCanned("SSH-2.0-OpenSSH\r\n\r\n")));
  }

  @Test
  void aServerThatNeverAnswersTimesOut() {
    // The canned server reads the request and then waits for nothing: the timeout fires.
    assertThrows(
        TaskTimeoutException.class,
        () -> Run.onNewLoop(() -> new HttpClientTest_Async().getCanned(null)));
  }

  /** Serves {@code response} (null: nothing, ever) to one GET, and returns what the client read. */
  @Async
  Task<HttpResponse> getCanned(String response) throws Exception {
    Server server =
        await(Streams.startServer((in, out) -> answer(in, out, response), "127.0.0.1", 0));
    Duration timeout = response == null ? Duration.ofMillis(200) : TIMEOUT;
    Task<HttpResponse> get =
        new HttpClient_Async().get(URI.create("http://127.0.0.1:" + server.port() + "/x"), timeout);
    await(Tasks.gatherReturningExceptions(get));
    server.close();
    return get;
  }

  @Async
  Task<Void> answer(StreamReader in, StreamWriter out, String response) throws ProtocolException {
    String requestLine = await(in.readLine());
    assertEquals("GET /x HTTP/1.1", requestLine);
    assertTrue(await(Http_Async.readHeaders(in)).containsKey("host"));
    if (response == null) {
      await(Tasks.sleep(Duration.ofHours(1))); // cancelled when the loop ends
    }
    out.write(response.getBytes(StandardCharsets.UTF_8));
    return Task.done(); // the server closes the connection
  }
}
