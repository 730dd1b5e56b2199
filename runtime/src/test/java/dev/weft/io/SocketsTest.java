package dev.weft.io;

import static dev.weft.io.IoTesting.registeredKeys;
import static dev.weft.io.IoTesting.runWithoutLeaks;
import static dev.weft.io.IoTesting.then;
import static dev.weft.io.IoTesting.turns;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The low level: reader/writer callbacks and the {@code sock*} operations on real sockets. */
class SocketsTest {
  /** A connected pair of non-blocking sockets on loopback, and their listener. */
  static final class Pair implements AutoCloseable {
    final ServerSocketChannel listener;
    final SocketChannel client;
    final SocketChannel server;

    Pair() throws IOException {
      listener = ServerSocketChannel.open();
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      client = SocketChannel.open(listener.getLocalAddress());
      server = listener.accept();
      client.configureBlocking(false);
      server.configureBlocking(false);
    }

    @Override
    public void close() throws IOException {
      client.close();
      server.close();
      listener.close();
    }
  }

  /** What a test does with a connected pair of sockets on the running loop. */
  @FunctionalInterface
  interface PairUse<T> {
    Task<T> run(EventLoop loop, Pair pair) throws Exception;
  }

  /** Runs {@code use} on a new loop with a connected pair, then closes the pair; checks leaks. */
  static <T> T withPair(PairUse<T> use) {
    return runWithoutLeaks(
        () -> {
          Pair pair = open();
          return then(
              use.run(EventLoop.current(), pair),
              result -> {
                pair.close();
                return Task.of(result);
              });
        });
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(UTF_8));
  }

  @Test
  void readerCallbackRunsOnReadabilityAndItsKeyGoesWithIt() {
    List<String> log = new ArrayList<>();
    withPair(
        (loop, pair) -> {
          Promise<Void> done = new Promise<>();
          loop.addReader(
              pair.server,
              () -> {
                ByteBuffer buffer = ByteBuffer.allocate(16);
                try {
                  pair.server.read(buffer);
                } catch (IOException e) {
                  done.fail(e);
                  return;
                }
                log.add(new String(buffer.array(), 0, buffer.position(), UTF_8));
                assertTrue(loop.removeReader(pair.server));
                log.add("keys " + registeredKeys());
                done.complete(null);
              });
          log.add("keys " + registeredKeys());
          return then(Sockets.sockSendAll(pair.client, bytes("ping")), sent -> done);
        });
    assertEquals(List.of("keys 1", "ping", "keys 0"), log);
  }

  @Test
  void writerCallbackRunsOnWritabilityThroughTheReadyQueue() {
    List<String> log = new ArrayList<>();
    withPair(
        (loop, pair) -> {
          Promise<Void> done = new Promise<>();
          loop.addWriter(
              pair.client,
              () -> {
                log.add("writable, running as " + loop.currentTask());
                loop.removeWriter(pair.client);
                log.add("keys " + registeredKeys());
                done.complete(null);
              });
          return done;
        });
    assertEquals(List.of("writable, running as null", "keys 0"), log);
  }

  @Test
  void callbacksAddedWhileAKeyIsBeingDeregisteredEndUpOnOneKey() {
    // Iteration 1: the reader is removed (key cancelled), then added again: the key cannot be
    // registered before the next select, so a retry is queued behind the callSoon made first.
    // Iteration 2: the select drops the old key; the callSoon adds a writer, which makes a new
    // registration; then the retry finds it and hands the reader over. One key, both callbacks.
    List<String> log = new ArrayList<>();
    withPair(
        (loop, pair) -> {
          Promise<Void> readerRan = new Promise<>();
          Promise<Void> writerAdded = new Promise<>();
          loop.addReader(pair.client, () -> {});
          loop.callSoon(
              () -> {
                loop.removeReader(pair.client);
                loop.callSoon(
                    () -> {
                      loop.addWriter(pair.client, () -> log.add("writer"));
                      writerAdded.complete(null);
                    });
                loop.addReader(
                    pair.client,
                    () -> {
                      loop.removeReader(pair.client);
                      readerRan.complete(null);
                    });
              });
          return then(
              writerAdded,
              added ->
                  then(
                      Sockets.sockSendAll(pair.server, bytes("r")),
                      sent ->
                          then(
                              readerRan,
                              ran -> {
                                assertEquals(1, registeredKeys());
                                assertEquals(
                                    java.nio.channels.SelectionKey.OP_WRITE,
                                    pair.client.keyFor(selector()).interestOps());
                                assertTrue(loop.removeWriter(pair.client));
                                assertEquals(0, registeredKeys());
                                log.add("reader");
                                return Task.done();
                              })));
        });
    assertTrue(log.contains("reader"), log.toString());
    assertTrue(log.contains("writer"), log.toString());
  }

  @Test
  void readerAndWriterShareOneKey() {
    withPair(
        (loop, pair) -> {
          loop.addReader(pair.client, () -> {});
          loop.addWriter(pair.client, () -> {});
          assertEquals(1, registeredKeys());
          assertEquals(
              java.nio.channels.SelectionKey.OP_READ | java.nio.channels.SelectionKey.OP_WRITE,
              pair.client.keyFor(selector()).interestOps());
          assertTrue(loop.removeWriter(pair.client));
          assertEquals(1, registeredKeys());
          assertFalse(loop.removeWriter(pair.client));
          assertTrue(loop.removeReader(pair.client));
          assertEquals(0, registeredKeys());
          return Task.done();
        });
  }

  @Test
  void acceptConnectSendAndReceive() {
    String received =
        runWithoutLeaks(
            () -> {
              ServerSocketChannel listener = listen();
              SocketChannel client = unconnected();
              Task<SocketChannel> accepting = Sockets.sockAccept(listener);
              return then(
                  Sockets.sockConnect(client, listener.getLocalAddress()),
                  connected ->
                      then(
                          accepting,
                          server ->
                              then(
                                  Sockets.sockSendAll(client, bytes("hello over loopback")),
                                  sent ->
                                      then(
                                          receiveAll(server, 19, new StringBuilder()),
                                          text -> {
                                            client.close();
                                            server.close();
                                            listener.close();
                                            return Task.of(text);
                                          }))));
            });
    assertEquals("hello over loopback", received);
  }

  /** Receives until {@code length} bytes have come, with sockRecv. */
  private static Task<String> receiveAll(SocketChannel channel, int length, StringBuilder into) {
    if (into.length() >= length) {
      return Task.of(into.toString());
    }
    return then(
        Sockets.sockRecv(channel, 4),
        chunk -> {
          into.append(new String(chunk, UTF_8));
          return receiveAll(channel, length, into);
        });
  }

  @Test
  void receivingAgainRightAfterAReceiveReRegistersTheChannel() {
    // The first receive completes in the I/O phase and drops its key; the second registers
    // in the same iteration, while the cancelled key is still in the selector.
    List<String> got =
        withPair(
            (loop, pair) -> {
              List<String> log = new ArrayList<>();
              ByteBuffer buffer = ByteBuffer.allocate(8);
              Task<Integer> first = Sockets.sockRecvInto(pair.client, buffer);
              return then(
                  Sockets.sockSendAll(pair.server, bytes("a")),
                  sent1 ->
                      then(
                          first,
                          n1 -> {
                            log.add(n1 + ":" + (char) buffer.get(0));
                            Task<Integer> second = Sockets.sockRecvInto(pair.client, buffer);
                            log.add(second.isDone() ? "second done early" : "second waits");
                            return then(
                                Sockets.sockSendAll(pair.server, bytes("b")),
                                sent2 ->
                                    then(
                                        second,
                                        n2 -> {
                                          log.add(n2 + ":" + (char) buffer.get(1));
                                          return Task.of(log);
                                        }));
                          }));
            });
    assertEquals(List.of("1:a", "second waits", "1:b"), got);
  }

  @Test
  void sendAllWaitsForWritabilityUntilEverythingIsSent() {
    int size = 16 * 1024 * 1024; // far more than the socket buffers hold
    byte[] received =
        withPair(
            (loop, pair) -> {
              byte[] payload = new byte[size];
              for (int i = 0; i < size; i++) {
                payload[i] = (byte) (i * 31 + 7);
              }
              Task<Void> sending = Sockets.sockSendAll(pair.client, ByteBuffer.wrap(payload));
              assertFalse(sending.isDone(), "the kernel took 16 MiB at once");
              ByteBuffer into = ByteBuffer.allocate(size);
              return then(
                  receiveInto(pair.server, into),
                  full ->
                      then(
                          sending,
                          sent -> {
                            assertArrayEquals(payload, into.array());
                            return Task.of(into.array());
                          }));
            });
    assertEquals(size, received.length);
  }

  private static Task<Void> receiveInto(SocketChannel channel, ByteBuffer into) {
    if (!into.hasRemaining()) {
      return Task.done();
    }
    return then(Sockets.sockRecvInto(channel, into), n -> receiveInto(channel, into));
  }

  @Test
  void cancellingAReceiveDeregistersAndKeepsTheSocketOpen() {
    withPair(
        (loop, pair) -> {
          Task<byte[]> receiving = Sockets.sockRecv(pair.client, 100);
          assertFalse(receiving.isDone());
          assertEquals(1, registeredKeys());
          assertTrue(receiving.cancel());
          assertTrue(receiving.isCancelled());
          assertEquals(0, registeredKeys());
          assertTrue(pair.client.isOpen());
          // The socket still works: a new receive gets the next bytes.
          return then(
              Sockets.sockSendAll(pair.server, bytes("x")),
              sent ->
                  then(
                      Sockets.sockRecv(pair.client, 100),
                      data -> {
                        assertEquals("x", new String(data, UTF_8));
                        return Task.done();
                      }));
        });
  }

  @Test
  void cancellingAnAcceptOrASendDeregistersAndLeavesTheSocketsOpen() {
    withPair(
        (loop, pair) -> {
          ServerSocketChannel listener = listen();
          Task<SocketChannel> accepting = Sockets.sockAccept(listener);
          ByteBuffer big = ByteBuffer.allocate(16 * 1024 * 1024);
          Task<Void> sending = Sockets.sockSendAll(pair.client, big);
          assertFalse(accepting.isDone());
          assertFalse(sending.isDone(), "the kernel took 16 MiB at once");
          assertEquals(2, registeredKeys());
          assertTrue(accepting.cancel());
          assertTrue(sending.cancel());
          assertEquals(0, registeredKeys());
          assertTrue(listener.isOpen());
          assertTrue(pair.client.isOpen());
          assertTrue(big.position() > 0 && big.hasRemaining(), "what was sent stays sent");
          listener.close();
          return Task.done();
        });
  }

  @Test
  void aSecondReceiveWhileOneWaitsIsRefusedAndTheFirstGoesOn() {
    String got =
        withPair(
            (loop, pair) -> {
              Task<byte[]> first = Sockets.sockRecv(pair.client, 10);
              Task<byte[]> second = Sockets.sockRecv(pair.client, 10);
              assertTrue(second.exceptionNow() instanceof IllegalStateException);
              return then(
                  Sockets.sockSendAll(pair.server, bytes("first")),
                  sent -> then(first, data -> Task.of(new String(data, UTF_8))));
            });
    assertEquals("first", got);
  }

  @Test
  void cancellingAConnectClosesTheSocketAndLeavesNoKey() {
    runWithoutLeaks(
        () -> {
          ServerSocketChannel listener = listen();
          SocketChannel client = unconnected();
          Task<Void> connecting = Sockets.sockConnect(client, listener.getLocalAddress());
          if (!connecting.isDone()) {
            assertTrue(connecting.cancel());
            assertTrue(connecting.isCancelled());
          }
          return then(
              turns(2),
              ignored -> {
                if (connecting.isCancelled()) {
                  assertFalse(client.isOpen());
                }
                assertEquals(0, registeredKeys());
                client.close();
                listener.close();
                return Task.done();
              });
        });
  }

  @Test
  void aRefusedConnectFailsAndClosesTheSocket() {
    Throwable failure =
        runWithoutLeaks(
            () -> {
              ServerSocketChannel listener = listen();
              InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
              listener.close(); // nobody listens there now
              SocketChannel client = unconnected();
              return then(
                  IoTesting.failureOf(Sockets.sockConnect(client, address)),
                  error -> {
                    assertFalse(client.isOpen());
                    return Task.of(error);
                  });
            });
    assertTrue(failure instanceof java.net.ConnectException, String.valueOf(failure));
  }

  @Test
  void anUnresolvedAddressIsResolvedOffTheLoop() throws IOException {
    // The JDK's resolver keeps a socket of its own after its first lookup: make that one now.
    InetAddress.getAllByName("localhost");
    runWithoutLeaks(
        () -> {
          ServerSocketChannel listener = listen();
          int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
          SocketChannel client = unconnected();
          Task<SocketChannel> accepting = Sockets.sockAccept(listener);
          return then(
              Sockets.sockConnect(client, InetSocketAddress.createUnresolved("localhost", port)),
              connected ->
                  then(
                      accepting,
                      server -> {
                        server.close();
                        client.close();
                        listener.close();
                        return Task.done();
                      }));
        });
  }

  // ---------------------------------------------------------------------------------------------

  static java.nio.channels.Selector selector() {
    return dev.weft.internal.LoopCore.currentOrThrow("test").selector();
  }

  static Pair open() {
    try {
      return new Pair();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static ServerSocketChannel listen() throws IOException {
    ServerSocketChannel listener = ServerSocketChannel.open();
    listener.configureBlocking(false);
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return listener;
  }

  static SocketChannel unconnected() throws IOException {
    SocketChannel channel = SocketChannel.open();
    channel.configureBlocking(false);
    return channel;
  }
}
