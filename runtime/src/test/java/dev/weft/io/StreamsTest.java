package dev.weft.io;

import static dev.weft.io.IoTesting.failureOf;
import static dev.weft.io.IoTesting.registeredKeys;
import static dev.weft.io.IoTesting.runWithoutLeaks;
import static dev.weft.io.IoTesting.then;
import static dev.weft.io.IoTesting.turns;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EventLoop;
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
  void anEchoThroughOneReusedDirectBufferSendsEveryByteBack() {
    byte[] payload = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31 + i / 1024);
    }
    ConnectionHandler echoInto =
        (reader, writer) -> echoInto(reader, writer, java.nio.ByteBuffer.allocateDirect(8192));
    byte[] back =
        runWithoutLeaks(
            () ->
                withConnection(
                    echoInto,
                    (connection, server) -> {
                      // Heap and direct buffers, consumed by the write either way.
                      java.nio.ByteBuffer heap = java.nio.ByteBuffer.wrap(payload, 0, 1000);
                      connection.writer().write(heap);
                      assertFalse(heap.hasRemaining());
                      java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(payload.length);
                      direct.put(payload, 1000, payload.length - 1000).flip();
                      connection.writer().write(direct);
                      assertFalse(direct.hasRemaining());
                      connection.writer().writeEof();
                      return connection.reader().read(-1);
                    }));
    assertArrayEquals(payload, back);
  }

  /** Echoes through {@code buffer}: readInto, write(ByteBuffer), drain, until the end. */
  static Task<Void> echoInto(StreamReader reader, StreamWriter writer, java.nio.ByteBuffer buffer) {
    return then(
        reader.readInto(buffer),
        n -> {
          if (n < 0) {
            writer.close();
            return Task.done();
          }
          buffer.flip();
          writer.write(buffer);
          assertFalse(buffer.hasRemaining());
          buffer.clear();
          return then(writer.drain(), drained -> echoInto(reader, writer, buffer));
        });
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

  // ---------------------------------------------------------------------------------------------
  // Follow-ups: debug mode after a reset, the handler's name in logs, writes after the end

  /** Collects what weft logs at WARNING and above (java.util.logging under "dev.weft"). */
  static final class Warnings extends java.util.logging.Handler implements AutoCloseable {
    final List<String> messages = new ArrayList<>();
    private final java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.weft");

    Warnings() {
      log.addHandler(this);
    }

    @Override
    public void publish(java.util.logging.LogRecord record) {
      if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
        messages.add(new java.util.logging.SimpleFormatter().formatMessage(record));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      log.removeHandler(this);
    }
  }

  @Test
  void debugModeDoesNotReportAPeerResetTheHandlerSaw() {
    // handler: await(reader.readLine()); return Task.done();
    // main: start the server, connect, abort() the client (RST), close the server.
    List<String> contexts = new ArrayList<>();
    List<Throwable> errors = new ArrayList<>();
    List<Task<Void>> handlerTasks = new ArrayList<>();
    int[] clientPort = new int[1];
    List<String> before = IoTesting.openDescriptors();
    List<String> reports = new ArrayList<>();
    try (Warnings warnings = new Warnings()) {
      try (EventLoop loop = new EventLoop()) {
        loop.setDebug(true);
        loop.setExceptionHandler(
            (l, context, exception) -> {
              contexts.add(context);
              errors.add(exception);
            });
        loop.runUntilComplete(
            () -> {
              Promise<Void> handlerWaits = new Promise<>();
              ConnectionHandler handler =
                  (reader, writer) -> {
                    Task<Void> task = then(reader.readLine(), line -> Task.done());
                    handlerTasks.add(task);
                    handlerWaits.complete(null);
                    return task;
                  };
              return then(
                  Streams.startServer(handler, HOST, 0),
                  server ->
                      then(
                          Streams.openConnection(HOST, server.port()),
                          connection -> {
                            StreamWriter client = connection.writer();
                            clientPort[0] = ((InetSocketAddress) client.localAddress()).getPort();
                            return then(
                                handlerWaits,
                                waiting -> {
                                  client.abort();
                                  return then(
                                      failureOf(handlerTasks.get(0)),
                                      handlerFailure -> {
                                        server.close();
                                        return then(
                                            server.waitClosed(), closed -> client.waitClosed());
                                      });
                                });
                          }));
            });
      }
      for (String message : warnings.messages) {
        // Not the slow-callback warnings: a loaded machine may well be slow.
        if (message.contains("never retrieved") || message.contains("still pending")) {
          reports.add(message);
        }
      }
    }
    assertEquals(List.of(), reports, "debug mode's reports");
    // The handler's failure is reported once, named by its task and its peer's address.
    assertEquals(1, contexts.size(), contexts.toString());
    String context = contexts.get(0);
    assertTrue(context.contains(handlerTasks.get(0).name()), context);
    assertTrue(context.contains(":" + clientPort[0]), context);
    assertFalse(context.contains("$$Lambda"), context);
    assertInstanceOf(IOException.class, errors.get(0));
    assertEquals(before.size(), IoTesting.openDescriptors().size(), "descriptors");
  }

  @Test
  void writesAfterTheServerClosedTheConnectionAreDropped() {
    String[] clientRead = {"not read"};
    List<String> logged = new ArrayList<>();
    int dropped;
    try (Warnings warnings = new Warnings()) {
      dropped =
          runWithoutLeaks(
              () -> {
                Promise<Void> handlerWaits = new Promise<>();
                Promise<Integer> handlerWrote = new Promise<>();
                ConnectionHandler handler =
                    (reader, writer) -> {
                      handlerWaits.complete(null);
                      return then(
                          reader.readLine(),
                          line -> {
                            // The server closed the connection: the read saw the end, and writes
                            // are dropped rather than refused.
                            assertEquals(null, line);
                            assertTrue(writer.isClosing());
                            for (int i = 0; i < 6; i++) {
                              writer.write("too late\n");
                            }
                            handlerWrote.complete(writer.droppedWrites());
                            return writer.drain();
                          });
                    };
                return withConnection(
                    handler,
                    (connection, server) ->
                        then(
                            handlerWaits,
                            waiting -> {
                              server.closeClients();
                              return then(
                                  handlerWrote,
                                  count ->
                                      then(
                                          connection.reader().readLine(),
                                          line -> {
                                            clientRead[0] = line;
                                            return Task.of(count);
                                          }));
                            }));
              });
      logged.addAll(warnings.messages);
    }
    assertEquals(6, dropped);
    assertEquals(null, clientRead[0], "what the client read after the server closed");
    assertEquals(1, logged.size(), logged.toString()); // the fifth dropped write, once
    assertTrue(logged.get(0).contains("5 writes dropped"), logged.get(0));
  }

  @Test
  void writesAfterTheWritersOwnWriteEofOrCloseThrow() {
    List<String> messages =
        runWithoutLeaks(
            () ->
                withConnection(
                    IoTesting::echo,
                    (connection, server) -> {
                      StreamWriter writer = connection.writer();
                      List<String> got = new ArrayList<>();
                      writer.writeEof();
                      got.add(
                          assertThrows(IllegalStateException.class, () -> writer.write("x"))
                              .getMessage());
                      writer.close();
                      got.add(
                          assertThrows(IllegalStateException.class, () -> writer.write("x"))
                              .getMessage());
                      assertEquals(0, writer.droppedWrites());
                      return Task.of(got);
                    }));
    assertEquals(
        List.of(
            "write after writeEof() of this StreamWriter",
            "write after close() of this StreamWriter"),
        messages);
  }

  @Test
  void writesAfterTheWritersOwnAbortThrow() {
    String message =
        runWithoutLeaks(
            () ->
                withConnection(
                    (reader, writer) -> Task.done(), // reads nothing, so the reset cannot fail it
                    (connection, server) -> {
                      connection.writer().abort();
                      return Task.of(
                          assertThrows(
                                  IllegalStateException.class,
                                  () -> connection.writer().write(new byte[1]))
                              .getMessage());
                    }));
    assertEquals("write after abort() of this StreamWriter", message);
  }

  @Test
  void namesResolveOnTheLoopsDefaultExecutor() {
    Throwable failure =
        runWithoutLeaks(
            () -> {
              // No pool of its own: without the default executor, names do not resolve...
              EventLoop.current().shutdownDefaultExecutor();
              return then(
                  failureOf(Streams.openConnection("localhost", 9)),
                  refused ->
                      // ...while literal addresses, which need no lookup, still do.
                      then(
                          Streams.startServer(IoTesting::echo, HOST, 0),
                          server -> {
                            server.close();
                            return then(server.waitClosed(), closed -> Task.of(refused));
                          }));
            });
    assertInstanceOf(java.util.concurrent.RejectedExecutionException.class, failure);
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
