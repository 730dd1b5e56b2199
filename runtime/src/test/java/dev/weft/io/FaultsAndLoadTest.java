package dev.weft.io;

import static dev.weft.io.IoTesting.failureOf;
import static dev.weft.io.IoTesting.runWithoutLeaks;
import static dev.weft.io.IoTesting.then;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.EventLoop;
import dev.weft.Handle;
import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.internal.Coroutine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Back-pressure, idle clients and many connections through one loop. */
class FaultsAndLoadTest {
  static final String HOST = "127.0.0.1";

  // ---------------------------------------------------------------------------------------------
  // A slow reader: the writer's memory stays bounded by its high-water mark

  @Test
  void aSlowReaderBoundsTheWritersMemory() {
    int chunk = 16 * 1024;
    int chunks = 2048; // 32 MiB: far more than the kernel's socket buffers on both sides
    int highWater = 64 * 1024;
    int limit = 16 * 1024;
    SlowReader[] slow = new SlowReader[1];
    Flood flood =
        runWithoutLeaks(
            () -> {
              ConnectionHandler reader =
                  (r, w) -> {
                    slow[0] = new SlowReader(r);
                    return then(slow[0].start(), total -> Task.done());
                  };
              StreamOptions options =
                  StreamOptions.defaults()
                      .withLimit(limit)
                      .withWaterMarks(highWater, highWater / 4);
              return StreamsTest.withConnection(
                  reader,
                  options,
                  (connection, server) -> {
                    Flood writer = new Flood(connection.writer(), chunk, chunks);
                    return then(
                        writer.start(),
                        done -> {
                          connection.writer().writeEof();
                          return then(
                              slow[0],
                              total -> {
                                assertEquals((long) chunk * chunks, total);
                                return Task.of(writer);
                              });
                        });
                  });
            });
    assertTrue(flood.drainsThatWaited > 0, "the writer never had to wait: no back-pressure seen");
    assertTrue(
        flood.maxBuffered <= highWater + chunk,
        "the writer buffered " + flood.maxBuffered + " bytes, above high water + one write");
    assertTrue(
        slow[0].maxBuffered <= 2 * limit + ReadBuffer.SIZE,
        "the reader buffered " + slow[0].maxBuffered + " bytes: reading did not pause");
  }

  /**
   *
   *
   * <pre>{@code
   * @Async Task<Void> flood(StreamWriter writer, int chunk, int chunks) {
   *   byte[] data = new byte[chunk];
   *   for (int i = 0; i < chunks; i++) {
   *     writer.write(data);
   *     maxBuffered = Math.max(maxBuffered, writer.bufferedBytes());
   *     Task<Void> drain = writer.drain();
   *     if (!drain.isDone()) drainsThatWaited++;
   *     await(drain);
   *   }
   *   return Task.done();
   * }
   * }</pre>
   */
  static final class Flood extends Coroutine<Void> {
    private final StreamWriter writer;
    private final byte[] data;
    private final int chunks;
    private int i;
    int maxBuffered;
    int drainsThatWaited;

    Flood(StreamWriter writer, int chunk, int chunks) {
      this.writer = writer;
      this.data = new byte[chunk];
      this.chunks = chunks;
    }

    @Override
    protected void resume() throws Throwable {
      for (; ; ) {
        switch (state) {
          case 0:
            if (i == chunks) {
              returnValue(null);
              return;
            }
            writer.write(data);
            maxBuffered = Math.max(maxBuffered, writer.bufferedBytes());
            Task<Void> drain = writer.drain();
            if (!drain.isDone()) {
              drainsThatWaited++;
            }
            if (suspendOn(drain, 1)) {
              return;
            }
          case 1:
            awaited();
            i++;
            state = 0;
            continue;
          default:
            throw new IllegalStateException("state " + state);
        }
      }
    }
  }

  /**
   *
   *
   * <pre>{@code
   * @Async Task<Long> slowReader(StreamReader reader) {
   *   long total = 0;
   *   for (;;) {
   *     byte[] data = await(reader.read(4096));
   *     if (data.length == 0) return Task.of(total);
   *     total += data.length;
   *     maxBuffered = Math.max(maxBuffered, reader.buffered());
   *     await(Tasks.yieldNow());
   *   }
   * }
   * }</pre>
   */
  static final class SlowReader extends Coroutine<Long> {
    private final StreamReader reader;
    private long total;
    int maxBuffered;

    SlowReader(StreamReader reader) {
      this.reader = reader;
    }

    @Override
    protected void resume() throws Throwable {
      for (; ; ) {
        switch (state) {
          case 0:
            if (suspendOn(reader.read(4096), 1)) {
              return;
            }
          case 1:
            byte[] data = awaited();
            if (data.length == 0) {
              returnValue(total);
              return;
            }
            total += data.length;
            maxBuffered = Math.max(maxBuffered, reader.buffered());
            if (suspendOn(Tasks.yieldNow(), 2)) {
              return;
            }
          case 2:
            awaited();
            state = 0;
            continue;
          default:
            throw new IllegalStateException("state " + state);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // A client that connects and sends nothing: the idle-timeout pattern

  @Test
  void anIdleClientIsTimedOutAndDisconnected() {
    List<String> seen =
        runWithoutLeaks(
            () -> {
              ConnectionHandler guarded =
                  (reader, writer) -> {
                    Task<String> line = reader.readLine();
                    Handle timeout =
                        EventLoop.current().callLater(Duration.ofMillis(50), line::cancel);
                    return then(
                        failureOf(line),
                        failure -> {
                          timeout.cancel();
                          writer.write(
                              failure instanceof CancelledException
                                  ? "idle timeout\n"
                                  : "unexpected " + failure + "\n");
                          return Task.done(); // the server closes the connection
                        });
                  };
              return StreamsTest.withConnection(
                  guarded,
                  (connection, server) ->
                      StreamsTest.readLines(connection.reader(), new ArrayList<>()));
            });
    assertEquals(List.of("idle timeout"), seen);
  }

  // ---------------------------------------------------------------------------------------------
  // 2,000 concurrent connections through one loop

  @Test
  void twoThousandConcurrentConnectionsEchoEveryByte() {
    int clients = 2000;
    // Both ends of every connection live in this process: 4,000 sockets and some to spare.
    long maxDescriptors =
        ((com.sun.management.UnixOperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getMaxFileDescriptorCount();
    Assumptions.assumeTrue(
        maxDescriptors >= 2 * clients + 1000,
        "needs " + (2 * clients + 1000) + " file descriptors; ulimit -n allows " + maxDescriptors);
    long[] accepted = new long[1];
    List<EchoClient> finished =
        runWithoutLeaks(
            () ->
                then(
                    Streams.startServer(
                        IoTesting::echo, HOST, 0, StreamOptions.defaults().withBacklog(4096)),
                    server -> {
                      List<EchoClient> all = new ArrayList<>(clients);
                      for (int id = 0; id < clients; id++) {
                        EchoClient client = new EchoClient(server.port(), id);
                        client.start();
                        all.add(client);
                      }
                      return then(
                          IoTesting.all(all),
                          done -> {
                            accepted[0] = server.acceptedConnections();
                            server.close();
                            return then(server.waitClosed(), closed -> Task.of(all));
                          });
                    }));
    assertEquals(clients, accepted[0]);
    for (EchoClient client : finished) {
      assertTrue(client.isSucceeded());
      assertArrayEquals(client.sent, client.received, "client " + client.id);
    }
  }

  /**
   *
   *
   * <pre>{@code
   * @Async Task<Void> echoClient(int port, int id) {
   *   Connection connection = await(Streams.openConnection(HOST, port));
   *   try {
   *     connection.writer().write(sent);
   *     connection.writer().writeEof();
   *     received = await(connection.reader().readExactly(sent.length));
   *     byte[] rest = await(connection.reader().read(1));
   *     if (rest.length != 0) throw new AssertionError("more bytes than were sent");
   *   } finally {
   *     connection.close();
   *   }
   *   await(connection.writer().waitClosed());
   *   return Task.done();
   * }
   * }</pre>
   */
  static final class EchoClient extends Coroutine<Void> {
    private final int port;
    final int id;
    final byte[] sent;
    byte[] received;
    private Connection connection;

    EchoClient(int port, int id) {
      this.port = port;
      this.id = id;
      this.sent = new byte[1000 + id % 3000];
      for (int i = 0; i < sent.length; i++) {
        sent[i] = (byte) (id * 7 + i * 13);
      }
    }

    @Override
    protected void resume() throws Throwable {
      switch (state) {
        case 0:
          if (suspendOn(Streams.openConnection(HOST, port), 1)) {
            return;
          }
        case 1:
          connection = awaited();
          try {
            connection.writer().write(sent);
            connection.writer().writeEof();
            if (suspendOn(connection.reader().readExactly(sent.length), 2)) {
              return;
            }
          } catch (Throwable e) {
            connection.close();
            throw e;
          }
        case 2:
          try {
            received = awaited();
            if (suspendOn(connection.reader().read(1), 3)) {
              return;
            }
          } catch (Throwable e) {
            connection.close();
            throw e;
          }
        case 3:
          try {
            byte[] rest = awaited();
            if (rest.length != 0) {
              throw new AssertionError("client " + id + ": more bytes than were sent");
            }
          } finally {
            connection.close();
          }
          if (suspendOn(connection.writer().waitClosed(), 4)) {
            return;
          }
        case 4:
          awaited();
          returnValue(null);
          return;
        default:
          throw new IllegalStateException("state " + state);
      }
    }

    @Override
    protected String describe() {
      return "EchoClient#" + id;
    }
  }
}
