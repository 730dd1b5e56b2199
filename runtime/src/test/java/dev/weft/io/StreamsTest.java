package dev.weft.io;

import static dev.weft.io.IoTesting.failureOf;
import static dev.weft.io.IoTesting.registeredKeys;
import static dev.weft.io.IoTesting.runWithoutLeaks;
import static dev.weft.io.IoTesting.then;
import static dev.weft.io.IoTesting.turns;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Promise;
import dev.weft.Task;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streams over real loopback sockets: round trips, the reader's reads, closing. */
class StreamsTest {
  static final String HOST = "127.0.0.1";

  @Test
  void echoesLinesBackAndClosesCleanly() {
    List<String> lines =
        runWithoutLeaks(
            () ->
                then(
                    Streams.startServer(IoTesting::echo, HOST, 0),
                    server -> {
                      assertTrue(server.port() > 0);
                      assertEquals(1, server.addresses().size());
                      return then(
                          Streams.openConnection(HOST, server.port()),
                          connection -> {
                            connection.writer().write("hello\n");
                            connection.writer().write("wörld\r\nlast");
                            connection.writer().writeEof();
                            List<String> got = new ArrayList<>();
                            return then(
                                readLines(connection.reader(), got),
                                all ->
                                    then(
                                        closeBoth(connection, server),
                                        closed -> {
                                          assertEquals(0, server.activeConnections());
                                          return Task.of(got);
                                        }));
                          });
                    }));
    assertEquals(List.of("hello", "wörld", "last"), lines);
  }

  /** Reads lines into {@code into} until the end of the stream. */
  static Task<List<String>> readLines(StreamReader reader, List<String> into) {
    return then(
        reader.readLine(),
        line -> {
          if (line == null) {
            assertTrue(reader.atEof());
            return Task.of(into);
          }
          into.add(line);
          return readLines(reader, into);
        });
  }

  @Test
  void readsOfEveryKindFromOneStream() {
    ConnectionHandler talker =
        (reader, writer) -> {
          writer.write("abcdefgh--END--tail");
          return Task.done(); // the server closes once the bytes are sent
        };
    runWithoutLeaks(
        () ->
            withConnection(
                talker,
                (connection, server) -> {
                  StreamReader reader = connection.reader();
                  return then(
                      reader.readExactly(3),
                      abc -> {
                        assertEquals("abc", new String(abc, UTF_8));
                        return then(
                            reader.readUntil("--END--".getBytes(UTF_8)),
                            untilEnd -> {
                              assertEquals("defgh--END--", new String(untilEnd, UTF_8));
                              return then(
                                  failureOf(reader.readExactly(10)),
                                  failure -> {
                                    IncompleteReadException incomplete =
                                        assertInstanceOf(IncompleteReadException.class, failure);
                                    assertEquals("tail", new String(incomplete.partial(), UTF_8));
                                    assertEquals(10, incomplete.expected());
                                    assertTrue(reader.atEof());
                                    return reader.read(100); // at the end: empty, at once
                                  });
                            });
                      });
                }));
  }

  @Test
  void anOversizedLineFailsAndKeepsItsBytes() {
    int limit = 1024;
    byte[] longLine = new byte[5000];
    java.util.Arrays.fill(longLine, (byte) 'x');
    ConnectionHandler sender =
        (reader, writer) -> {
          writer.write(longLine);
          writer.write("\nshort\n");
          return Task.done();
        };
    List<String> lines =
        runWithoutLeaks(
            () ->
                withConnection(
                    sender,
                    StreamOptions.defaults().withLimit(limit),
                    (connection, server) -> {
                      StreamReader reader = connection.reader();
                      return then(
                          failureOf(reader.readLine()),
                          failure -> {
                            LimitOverrunException overrun =
                                assertInstanceOf(LimitOverrunException.class, failure);
                            assertTrue(overrun.consumed() > limit, overrun.getMessage());
                            assertTrue(reader.buffered() >= overrun.consumed());
                            // The bytes are still there: a larger per-call limit reads the line.
                            return then(
                                reader.readLine(10_000),
                                line ->
                                    then(
                                        reader.readLine(),
                                        shortLine -> Task.of(List.of(line, shortLine))));
                          });
                    }));
    assertEquals(List.of(new String(longLine, UTF_8), "short"), lines);
  }

  @Test
  void halfCloseFromTheClient() {
    ConnectionHandler counter =
        (reader, writer) ->
            then(
                reader.read(-1), // everything, up to the client's end of stream
                all -> {
                  writer.write("got " + all.length + "\n");
                  return writer.drain();
                });
    List<String> reply =
        runWithoutLeaks(
            () ->
                withConnection(
                    counter,
                    (connection, server) -> {
                      connection.writer().write("twelve bytes");
                      connection.writer().writeEof();
                      return readLines(connection.reader(), new ArrayList<>());
                    }));
    assertEquals(List.of("got 12"), reply);
  }

  @Test
  void halfCloseFromTheServer() {
    List<String> log = new ArrayList<>();
    runWithoutLeaks(
        () -> {
          Promise<Void> serverHeardBack = new Promise<>();
          ConnectionHandler greeter =
              (reader, writer) -> {
                writer.write("hello, then silence\n");
                writer.writeEof();
                return then(
                    reader.readLine(),
                    line -> {
                      log.add("server got " + line);
                      serverHeardBack.complete(null);
                      return Task.done();
                    });
              };
          return withConnection(
              greeter,
              (connection, server) ->
                  then(
                      connection.reader().read(-1),
                      all -> {
                        log.add("client got " + new String(all, UTF_8).trim());
                        assertTrue(connection.reader().atEof());
                        connection.writer().write("still here\n");
                        return serverHeardBack;
                      }));
        });
    assertEquals(List.of("client got hello, then silence", "server got still here"), log);
  }

  @Test
  void aPeerResetFailsAPendingRead() {
    ConnectionHandler resetter =
        (reader, writer) ->
            then(
                reader.readLine(),
                line -> {
                  writer.abort(); // RST while the client waits for a reply
                  return Task.done();
                });
    Throwable failure =
        runWithoutLeaks(
            () ->
                withConnection(
                    resetter,
                    (connection, server) -> {
                      connection.writer().write("question\n");
                      return then(
                          failureOf(connection.reader().readLine()),
                          error ->
                              // The same exception again, from the next read and from waitClosed.
                              then(
                                  failureOf(connection.reader().readLine()),
                                  again -> {
                                    assertSame(error, again);
                                    return then(
                                        failureOf(connection.writer().waitClosed()),
                                        closedWith -> {
                                          assertSame(error, closedWith);
                                          return Task.of(error);
                                        });
                                  }));
                    }));
    assertInstanceOf(IOException.class, failure);
    assertFalse(failure instanceof java.io.EOFException, failure.toString());
  }

  @Test
  void aPeerResetFailsTheWriterInTheMiddleOfWriting() {
    ConnectionHandler resetter =
        (reader, writer) ->
            then(
                reader.readExactly(1),
                first -> {
                  writer.abort();
                  return Task.done();
                });
    Throwable failure =
        runWithoutLeaks(
            () ->
                withConnection(
                    resetter,
                    (connection, server) ->
                        failureOf(writeUntilFailure(connection.writer(), new byte[64 * 1024]))));
    assertInstanceOf(IOException.class, failure);
  }

  /** Writes {@code chunk} and drains, again and again, until drain fails. */
  static Task<Void> writeUntilFailure(StreamWriter writer, byte[] chunk) {
    writer.write(chunk);
    return then(writer.drain(), drained -> writeUntilFailure(writer, chunk));
  }

  @Test
  void cancellingAReadKeepsTheConnectionUsable() {
    String line =
        runWithoutLeaks(
            () -> {
              Promise<StreamWriter> serverSide = new Promise<>();
              ConnectionHandler holder =
                  (reader, writer) -> {
                    serverSide.complete(writer);
                    return then(reader.read(-1), all -> Task.done());
                  };
              return withConnection(
                  holder,
                  (connection, server) -> {
                    Task<String> pending = connection.reader().readLine();
                    assertTrue(pending.cancel());
                    assertTrue(pending.isCancelled());
                    return then(
                        serverSide,
                        writer -> {
                          writer.write("after the cancel\n");
                          return connection.reader().readLine();
                        });
                  });
            });
    assertEquals("after the cancel", line);
  }

  @Test
  void cancellingAConnectLeavesNoSocketAndNoKey() {
    runWithoutLeaks(
        () ->
            then(
                Streams.startServer(IoTesting::echo, HOST, 0),
                server -> {
                  Task<Connection> connecting = Streams.openConnection(HOST, server.port());
                  boolean cancelled = connecting.cancel();
                  return then(
                      failureOf(connecting),
                      failure -> {
                        if (cancelled) {
                          assertTrue(connecting.isCancelled());
                        } else {
                          connecting.resultNow().close();
                        }
                        server.close();
                        return then(
                            server.waitClosed(),
                            closed ->
                                then(
                                    turns(2),
                                    settled -> {
                                      assertEquals(0, registeredKeys());
                                      return Task.done();
                                    }));
                      });
                }));
  }

  @Test
  void aRefusedConnectionFails() {
    Throwable failure =
        runWithoutLeaks(
            () ->
                then(
                    Streams.startServer(IoTesting::echo, HOST, 0),
                    server -> {
                      int port = server.port();
                      server.close();
                      return then(
                          server.waitClosed(),
                          closed -> failureOf(Streams.openConnection(HOST, port)));
                    }));
    assertInstanceOf(java.net.ConnectException.class, failure, String.valueOf(failure));
  }

  @Test
  void serveForeverEndsWhenTheServerCloses() {
    runWithoutLeaks(
        () ->
            then(
                Streams.startServer(IoTesting::echo, "localhost", 0),
                server -> {
                  Task<Void> forever = server.serveForever();
                  assertFalse(forever.isDone());
                  assertTrue(server.addresses().get(0) instanceof InetSocketAddress);
                  forever.cancel(); // cancelling it closes the server
                  return then(
                      failureOf(forever),
                      cancelled -> {
                        assertTrue(forever.isCancelled());
                        assertFalse(server.isServing());
                        return server.waitClosed();
                      });
                }));
  }

  /** What a test does with one client connection to a server it started. */
  @FunctionalInterface
  interface ClientSide<T> {
    Task<T> run(Connection connection, Server server) throws Throwable;
  }

  /**
   * Starts a server with {@code handler} on a free loopback port, connects to it, runs {@code
   * client}, then closes the connection and the server and waits until both are closed.
   */
  static <T> Task<T> withConnection(
      ConnectionHandler handler, StreamOptions options, ClientSide<T> client) {
    return then(
        Streams.startServer(handler, HOST, 0, options),
        server ->
            then(
                Streams.openConnection(HOST, server.port(), options),
                connection ->
                    then(
                        client.run(connection, server),
                        result -> then(closeBoth(connection, server), closed -> Task.of(result)))));
  }

  static <T> Task<T> withConnection(ConnectionHandler handler, ClientSide<T> client) {
    return withConnection(handler, StreamOptions.defaults(), client);
  }

  @Test
  void aServerWithoutAHostListensOnEveryInterface() {
    String reply =
        runWithoutLeaks(
            () ->
                then(
                    Streams.startServer(IoTesting::echo, null, 0),
                    server -> {
                      assertTrue(server.addresses().get(0).getAddress().isAnyLocalAddress());
                      return then(
                          Streams.openConnection("localhost", server.port()),
                          connection -> {
                            connection.writer().write("via localhost\n");
                            return then(
                                connection.reader().readLine(),
                                line ->
                                    then(closeBoth(connection, server), closed -> Task.of(line)));
                          });
                    }));
    assertEquals("via localhost", reply);
  }

  /** Closes both, waits until both are closed, and checks that no selection key is left. */
  static Task<Void> closeBoth(Connection connection, Server server) {
    connection.close();
    server.close();
    return then(
        failureOf(connection.writer().waitClosed()),
        ignored ->
            then(
                server.waitClosed(),
                closed -> {
                  assertEquals(0, registeredKeys());
                  return Task.done();
                }));
  }
}
