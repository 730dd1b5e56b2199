package dev.weft.io;

import static dev.weft.io.IoTesting.failureOf;
import static dev.weft.io.IoTesting.runWithoutLeaks;
import static dev.weft.io.IoTesting.then;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Promise;
import dev.weft.Task;
import java.io.InputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TLS over loopback with the key pairs of {@code src/test/resources/io}. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // a safety net only: every test ends by itself
class TlsTest {
  static final String HOST = "127.0.0.1";
  static final char[] PASSWORD = "weft-test".toCharArray();

  /** A server context presenting the key pair stored in {@code resource}. */
  static SSLContext serverContext(String resource) throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(load(resource), PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  /** A client context that trusts only the certificate stored in {@code resource}. */
  static SSLContext clientTrusting(String resource, String alias) throws Exception {
    Certificate certificate = load(resource).getCertificate(alias);
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry(alias, certificate);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static KeyStore load(String resource) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = TlsTest.class.getResourceAsStream("/io/" + resource)) {
      store.load(in, PASSWORD);
    }
    return store;
  }

  /** Starts a TLS server, connects a TLS client with {@code options}, runs {@code client}. */
  static <T> Task<T> withTlsConnection(
      SSLContext serverSide,
      SSLContext clientSide,
      StreamOptions options,
      ConnectionHandler handler,
      StreamsTest.ClientSide<T> client) {
    return then(
        Streams.startServer(handler, HOST, 0, serverSide),
        server -> {
          Task<Connection> opening =
              Streams.openConnection(HOST, server.port(), options, clientSide);
          return then(
              failureOf(opening),
              failure -> {
                if (failure != null) {
                  server.close();
                  return then(server.waitClosed(), closed -> Task.failed(failure));
                }
                Connection connection = opening.resultNow();
                return then(
                    client.run(connection, server),
                    result ->
                        then(StreamsTest.closeBoth(connection, server), closed -> Task.of(result)));
              });
        });
  }

  @Test
  void echoesOverTls() throws Exception {
    SSLContext serverSide = serverContext("server.p12");
    SSLContext clientSide = clientTrusting("server.p12", "server");
    byte[] payload = new byte[1024 * 1024]; // many TLS records, and more than the water marks
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 17 + 3);
    }
    List<String> log = new ArrayList<>();
    runWithoutLeaks(
        () ->
            withTlsConnection(
                serverSide,
                clientSide,
                StreamOptions.defaults(),
                IoTesting::echo,
                (connection, server) -> {
                  log.add(connection.writer().tlsSession().getProtocol());
                  connection.writer().write("over tls\n");
                  return then(
                      connection.reader().readLine(),
                      line -> {
                        log.add(line);
                        // Read while writing: the echo comes back as the payload goes out.
                        Task<byte[]> echoed = connection.reader().readExactly(payload.length);
                        connection.writer().write(payload);
                        return then(
                            connection.writer().drain(),
                            drained ->
                                then(
                                    echoed,
                                    back -> {
                                      assertArrayEquals(payload, back);
                                      log.add("1 MiB intact");
                                      return Task.done();
                                    }));
                      });
                }));
    assertTrue(log.get(0).startsWith("TLS"), log.toString());
    assertEquals(List.of("over tls", "1 MiB intact"), log.subList(1, 3));
  }

  @Test
  void aCertificateForAnotherHostIsRefusedUnlessVerificationIsOff() throws Exception {
    SSLContext serverSide = serverContext("other-host.p12");
    SSLContext clientSide = clientTrusting("other-host.p12", "other");
    Throwable refused =
        runWithoutLeaks(
            () ->
                failureOf(
                    withTlsConnection(
                        serverSide,
                        clientSide,
                        StreamOptions.defaults(),
                        IoTesting::echo,
                        (connection, server) -> Task.done())));
    assertInstanceOf(SSLHandshakeException.class, refused);

    for (StreamOptions accepted :
        List.of(
            StreamOptions.defaults().withServerHostname("other.invalid"),
            StreamOptions.defaults().withHostnameVerification(false))) {
      String line =
          runWithoutLeaks(
              () ->
                  withTlsConnection(
                      serverSide,
                      clientSide,
                      accepted,
                      IoTesting::echo,
                      (connection, server) -> {
                        connection.writer().write("accepted\n");
                        return connection.reader().readLine();
                      }));
      assertEquals("accepted", line, accepted.toString());
    }
  }

  @Test
  void anUntrustedServerIsRefused() throws Exception {
    Throwable refused =
        runWithoutLeaks(
            () ->
                failureOf(
                    withTlsConnection(
                        serverContext("server.p12"),
                        clientTrusting("other-host.p12", "other"),
                        StreamOptions.defaults(),
                        IoTesting::echo,
                        (connection, server) -> Task.done())));
    assertInstanceOf(SSLHandshakeException.class, refused);
  }

  @Test
  void aClientThatNeverStartsTheHandshakeIsDisconnected() throws Exception {
    SSLContext serverSide = serverContext("server.p12");
    StreamOptions quick = StreamOptions.defaults().withTlsHandshakeTimeout(Duration.ofMillis(50));
    List<String> log = new ArrayList<>();
    runWithoutLeaks(
        () -> {
          ConnectionHandler never =
              (reader, writer) -> {
                log.add("the handler ran");
                return Task.done();
              };
          return then(
              Streams.startServer(never, HOST, 0, quick, serverSide),
              server ->
                  then(
                      Streams.openConnection(HOST, server.port()), // plain TCP, and silent
                      connection ->
                          then(
                              failureOf(connection.reader().read(-1)),
                              endOrReset -> {
                                log.add("disconnected");
                                return StreamsTest.closeBoth(connection, server);
                              })));
        });
    assertEquals(List.of("disconnected"), log);
  }

  @Test
  void cancellingAConnectionDuringItsHandshakeClosesItsSocket() throws Exception {
    SSLContext clientSide = clientTrusting("server.p12", "server");
    runWithoutLeaks(
        () -> {
          Promise<Void> accepted = new Promise<>();
          ConnectionHandler mute = // a plain server: the client's ClientHello gets no answer
              (reader, writer) -> {
                accepted.complete(null);
                return then(failureOf(reader.read(-1)), resetByTheClient -> Task.done());
              };
          return then(
              Streams.startServer(mute, HOST, 0),
              server -> {
                Task<Connection> opening =
                    Streams.openConnection(
                        HOST, server.port(), StreamOptions.defaults(), clientSide);
                return then(
                    accepted,
                    connected -> {
                      assertTrue(opening.cancel()); // connected, in the middle of the handshake
                      return then(
                          failureOf(opening),
                          cancelled -> {
                            assertTrue(opening.isCancelled());
                            server.close(); // its one connection ends with the client's reset
                            return then(
                                server.waitClosed(),
                                closed ->
                                    then(
                                        IoTesting.turns(2),
                                        settled -> {
                                          assertEquals(0, IoTesting.registeredKeys());
                                          return Task.done();
                                        }));
                          });
                    });
              });
        });
  }

  @Test
  void startTlsUpgradesAPlainConnection() throws Exception {
    SSLContext serverSide = serverContext("server.p12");
    SSLContext clientSide = clientTrusting("server.p12", "server");
    ConnectionHandler starttls =
        (reader, writer) ->
            then(
                reader.readLine(),
                command -> {
                  assertEquals("STARTTLS", command);
                  writer.write("GO\n");
                  return then(
                      writer.drain(),
                      drained ->
                          then(
                              writer.startTls(serverSide),
                              secure ->
                                  then(
                                      reader.readLine(),
                                      line -> {
                                        writer.write("secret echo: " + line + "\n");
                                        return Task.done();
                                      })));
                });
    String reply =
        runWithoutLeaks(
            () ->
                StreamsTest.withConnection(
                    starttls,
                    (connection, server) -> {
                      connection.writer().write("STARTTLS\n");
                      return then(
                          connection.reader().readLine(),
                          go -> {
                            assertEquals("GO", go);
                            Task<Void> handshake = connection.writer().startTls(clientSide);
                            connection.writer().write("hello\n"); // sent once the handshake is done
                            assertThrows(
                                IllegalStateException.class,
                                () -> connection.writer().startTls(clientSide));
                            assertThrows(
                                UnsupportedOperationException.class,
                                () -> connection.writer().writeEof());
                            return then(handshake, secure -> connection.reader().readLine());
                          });
                    }));
    assertEquals("secret echo: hello", reply);
  }
}
