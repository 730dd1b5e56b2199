package dev.weft.io;

import static dev.weft.io.IoTesting.failureOf;
import static dev.weft.io.IoTesting.promise;
import static dev.weft.io.IoTesting.runWithoutLeaks;
import static dev.weft.io.IoTesting.then;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Protocols over real loopback sockets: echo, half-close, back-pressure, errors, allocation. */
class ProtocolsTest {
  static final String HOST = "127.0.0.1";

  /** asyncio's echo protocol. */
  static final class Echo implements Protocol {
    private ProtocolTransport transport;

    @Override
    public void connectionMade(ProtocolTransport transport) {
      this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      transport.write(data);
    }
  }

  /** Records what happens to its connection; {@link #lost} completes with connectionLost's error. */
  static class Recorder implements Protocol {
    final List<String> events = new ArrayList<>();
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final Promise<Throwable> lost = promise();
    final Promise<ProtocolTransport> made = promise();
    ProtocolTransport transport;

    @Override
    public void connectionMade(ProtocolTransport transport) {
      this.transport = transport;
      events.add("made");
      made.complete(transport);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      received.writeBytes(bytes);
      onData();
    }

    void onData() {}

    String text() {
      return received.toString(UTF_8);
    }

    @Override
    public boolean eofReceived() {
      events.add("eof");
      return false;
    }

    @Override
    public void pauseWriting() {
      events.add("pauseWriting");
    }

    @Override
    public void resumeWriting() {
      events.add("resumeWriting");
    }

    @Override
    public void connectionLost(Throwable error) {
      events.add(error == null ? "lost" : "lost: " + error.getMessage());
      lost.complete(error);
    }
  }

  @Test
  void echoesAndBothSidesSeeTheCloseOnce() {
    Recorder client =
        runWithoutLeaks(
            () ->
                then(
                    Protocols.startServer(Echo::new, HOST, 0),
                    server -> {
                      Recorder c =
                          new Recorder() {
                            @Override
                            void onData() {
                              if (received.size() == 15) {
                                transport.close();
                              }
                            }
                          };
                      return then(
                          Protocols.connect(c, HOST, server.port()),
                          transport -> {
                            assertSame(c, transport.protocol());
                            assertTrue(transport.isReading());
                            transport.write("hello, ".getBytes(UTF_8));
                            transport.write(ByteBuffer.wrap("protocol".getBytes(UTF_8)));
                            return then(
                                c.lost,
                                error -> {
                                  assertNull(error);
                                  assertThrows(
                                      IllegalStateException.class,
                                      () -> transport.write(new byte[1]));
                                  server.close();
                                  return then(server.waitClosed(), closed -> Task.of(c));
                                });
                          });
                    }));
    assertEquals("hello, protocol", client.text());
    assertEquals(List.of("made", "lost"), client.events);
  }

  @Test
  void halfCloseLetsTheServerReplyAfterTheEndOfTheRequest() {
    List<Recorder> servers = new ArrayList<>();
    Recorder client =
        runWithoutLeaks(
            () ->
                then(
                    Protocols.startServer(
                        () -> {
                          Recorder r =
                              new Recorder() {
                                @Override
                                public boolean eofReceived() {
                                  super.eofReceived();
                                  transport.write(("got " + text()).getBytes(UTF_8));
                                  transport.close();
                                  return true; // keep the connection to write the reply
                                }
                              };
                          servers.add(r);
                          return r;
                        },
                        HOST,
                        0),
                    server -> {
                      Recorder c = new Recorder();
                      return then(
                          Protocols.connect(c, HOST, server.port()),
                          transport -> {
                            transport.write("ping".getBytes(UTF_8));
                            transport.writeEof();
                            assertThrows(
                                IllegalStateException.class, () -> transport.write(new byte[1]));
                            return then(
                                c.lost,
                                error ->
                                    then(
                                        servers.get(0).lost,
                                        serverError -> {
                                          server.close();
                                          return then(server.waitClosed(), x -> Task.of(c));
                                        }));
                          });
                    }));
    assertEquals("got ping", client.text());
    assertEquals(List.of("made", "eof", "lost"), client.events);
    assertEquals("ping", servers.get(0).text());
    assertEquals(List.of("made", "eof", "lost"), servers.get(0).events);
  }

  @Test
  void writesQueueWhenTheSocketIsFullAndTheProtocolIsPausedUntilTheyDrain() {
    List<Recorder> servers = new ArrayList<>();
    long[] written = new long[1];
    Recorder client =
        runWithoutLeaks(
            () ->
                then(
                    Protocols.startServer(
                        () -> {
                          Recorder r =
                              new Recorder() {
                                @Override
                                public void connectionMade(ProtocolTransport transport) {
                                  transport.pauseReading(); // before reading starts
                                  assertFalse(transport.isReading());
                                  super.connectionMade(transport);
                                }
                              };
                          servers.add(r);
                          return r;
                        },
                        HOST,
                        0),
                    server -> {
                      Promise<Void> resumed = promise();
                      Recorder c =
                          new Recorder() {
                            @Override
                            public void resumeWriting() {
                              super.resumeWriting();
                              resumed.complete(null);
                            }
                          };
                      return then(
                          Protocols.connect(
                              c,
                              HOST,
                              server.port(),
                              StreamOptions.defaults().withWaterMarks(256 * 1024, 1024)),
                          transport ->
                              then(
                                  waitServer(servers),
                                  serverSide -> {
                                    // Nobody reads: the kernel's buffers fill, then ours.
                                    byte[] chunk = new byte[64 * 1024];
                                    while (!c.events.contains("pauseWriting")
                                        && written[0] < 1L << 30) {
                                      transport.write(chunk);
                                      written[0] += chunk.length;
                                    }
                                    assertTrue(transport.bufferedBytes() > 256 * 1024);
                                    assertEquals(List.of("made", "pauseWriting"), c.events);
                                    serverSide.transport.resumeReading();
                                    return then(
                                        resumed,
                                        r -> {
                                          assertTrue(transport.bufferedBytes() <= 1024);
                                          transport.close();
                                          return then(
                                              serverSide.lost,
                                              e -> {
                                                server.close();
                                                return then(
                                                    server.waitClosed(), x -> Task.of(c));
                                              });
                                        });
                                  }));
                    }));
    assertEquals(List.of("made", "pauseWriting", "resumeWriting", "lost"), client.events);
    assertEquals(written[0], servers.get(0).received.size());
    assertEquals(List.of("made", "eof", "lost"), servers.get(0).events);
  }

  /** The first server-side protocol, once it exists (the accept may come after the connect). */
  private static Task<Recorder> waitServer(List<Recorder> servers) {
    if (!servers.isEmpty()) {
      return then(servers.get(0).made, t -> Task.of(servers.get(0)));
    }
    return then(IoTesting.turns(1), x -> waitServer(servers));
  }

  @Test
  void aCallbackThatThrowsFailsItsConnectionOnlyAndIsReported() {
    List<String> reported = new ArrayList<>();
    List<Recorder> servers = new ArrayList<>();
    RuntimeException boom = new RuntimeException("boom in dataReceived");
    IllegalStateException factoryBoom = new IllegalStateException("no protocol for you");
    List<String> descriptorsBefore = IoTesting.openDescriptors();
    String result =
        EventLoop.run(
            () -> {
              EventLoop.current()
                  .setExceptionHandler((loop, context, e) -> reported.add(e.getMessage()));
              int[] connections = new int[1];
              return then(
                  Protocols.startServer(
                      () -> {
                        switch (connections[0]++) {
                          case 0:
                            throw factoryBoom;
                          case 1:
                            Recorder r =
                                new Recorder() {
                                  @Override
                                  void onData() {
                                    throw boom;
                                  }
                                };
                            servers.add(r);
                            return r;
                          default:
                            return new Echo();
                        }
                      },
                      HOST,
                      0),
                  server -> {
                    Recorder first = new Recorder();
                    Recorder second = new Recorder();
                    Recorder third =
                        new Recorder() {
                          @Override
                          void onData() {
                            transport.close();
                          }
                        };
                    return then(
                        Protocols.connect(first, HOST, server.port()),
                        t1 ->
                            then(
                                first.lost, // the factory threw: the server closed the socket
                                e1 ->
                                    then(
                                        Protocols.connect(second, HOST, server.port()),
                                        t2 -> {
                                          t2.write("x".getBytes(UTF_8));
                                          return then(
                                              second.lost,
                                              e2 ->
                                                  then(
                                                      servers.get(0).lost,
                                                      serverError -> {
                                                        assertSame(boom, serverError);
                                                        return then(
                                                            Protocols.connect(
                                                                third, HOST, server.port()),
                                                            t3 -> {
                                                              t3.write("ok".getBytes(UTF_8));
                                                              return then(
                                                                  third.lost,
                                                                  e3 -> {
                                                                    server.close();
                                                                    return then(
                                                                        server.waitClosed(),
                                                                        x ->
                                                                            Task.of(
                                                                                third.text()));
                                                                  });
                                                            });
                                                      }));
                                        })));
                  });
            });
    assertEquals("ok", result);
    assertEquals(List.of(factoryBoom.getMessage(), boom.getMessage()), reported);
    assertEquals(List.of("made", "lost: boom in dataReceived"), servers.get(0).events);
    assertEquals(descriptorsBefore.size(), IoTesting.openDescriptors().size());
  }

  @Test
  void connectFailsWithWhatConnectionMadeThrewAndClosesTheSocket() {
    IllegalStateException boom = new IllegalStateException("not today");
    List<Throwable> lost = new ArrayList<>();
    Throwable failure =
        runWithoutLeaks(
            () ->
                then(
                    Protocols.startServer(Echo::new, HOST, 0),
                    server ->
                        then(
                            failureOf(
                                Protocols.connect(
                                    new Protocol() {
                                      @Override
                                      public void connectionMade(ProtocolTransport transport) {
                                        throw boom;
                                      }

                                      @Override
                                      public void dataReceived(ByteBuffer data) {}

                                      @Override
                                      public void connectionLost(Throwable error) {
                                        lost.add(error);
                                      }
                                    },
                                    HOST,
                                    server.port())),
                            e -> {
                              server.close();
                              return then(server.waitClosed(), x -> Task.of(e));
                            })));
    assertSame(boom, failure);
    assertEquals(List.of(boom), lost);
  }

  /**
   * The protocol path allocates nothing per message in the steady state: a client and the echo
   * server ping-pong 1 KiB on one loop, and the loop thread's allocation over 20,000 round trips
   * (80,000 reads and writes) stays far below one array per message (1 KiB each would be 40 MB).
   * The bound is generous on purpose: it only has to catch a per-message array or copy.
   */
  @Test
  void thePingPongSteadyStateAllocatesNothingPerMessage() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int warmUp = 5_000;
    int measured = 20_000;
    long[] allocated = new long[1];
    runWithoutLeaks(
        () ->
            then(
                Protocols.startServer(Echo::new, HOST, 0),
                server -> {
                  Promise<Void> done = promise();
                  ByteBuffer message = ByteBuffer.allocateDirect(1024);
                  Protocol pinger =
                      new Protocol() {
                        private ProtocolTransport transport;
                        private int got;
                        private int roundTrips;
                        private long startBytes;

                        @Override
                        public void connectionMade(ProtocolTransport transport) {
                          this.transport = transport;
                          send();
                        }

                        private void send() {
                          message.clear();
                          transport.write(message);
                        }

                        @Override
                        public void dataReceived(ByteBuffer data) {
                          got += data.remaining();
                          data.position(data.limit());
                          if (got < 1024) {
                            return;
                          }
                          got = 0;
                          roundTrips++;
                          if (roundTrips == warmUp) {
                            startBytes = threads.getCurrentThreadAllocatedBytes();
                          } else if (roundTrips == warmUp + measured) {
                            allocated[0] = threads.getCurrentThreadAllocatedBytes() - startBytes;
                            transport.close();
                            done.complete(null);
                            return;
                          }
                          send();
                        }
                      };
                  return then(
                      Protocols.connect(pinger, HOST, server.port()),
                      transport ->
                          then(
                              done,
                              x -> {
                                server.close();
                                return server.waitClosed();
                              }));
                }));
    assertTrue(
        allocated[0] < 64L * measured,
        "allocated " + allocated[0] + " bytes over " + measured + " round trips");
  }
}
