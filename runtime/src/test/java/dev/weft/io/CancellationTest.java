package dev.weft.io;

import static dev.weft.io.IoTesting.failureOf;
import static dev.weft.io.IoTesting.registeredKeys;
import static dev.weft.io.IoTesting.runWithoutLeaks;
import static dev.weft.io.IoTesting.then;
import static dev.weft.io.IoTesting.turns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.internal.Coroutine;
import org.junit.jupiter.api.Test;

/** Tasks cancelled in the middle of I/O leave no key and no socket behind. */
class CancellationTest {
  static final String HOST = "127.0.0.1";

  /**
   *
   *
   * <pre>{@code
   * @Async Task<String> readThenClose(Connection connection) {
   *   try {
   *     return Task.of(await(connection.reader().readLine()));
   *   } finally {
   *     connection.close();
   *   }
   * }
   * }</pre>
   */
  static final class ReadThenClose extends Coroutine<String> {
    private final Connection connection;

    ReadThenClose(Connection connection) {
      this.connection = connection;
    }

    @Override
    protected void resume() throws Throwable {
      switch (state) {
        case 0:
          if (suspendOn(connection.reader().readLine(), 1)) {
            return;
          }
        case 1:
          try {
            returnValue(awaited());
          } finally {
            connection.close();
          }
          return;
        default:
          throw new IllegalStateException("state " + state);
      }
    }
  }

  @Test
  void aTaskCancelledInTheMiddleOfAReadClosesItsConnectionInFinally() {
    runWithoutLeaks(
        () ->
            then(
                Streams.startServer(IoTesting::echo, HOST, 0),
                server ->
                    then(
                        Streams.openConnection(HOST, server.port()),
                        connection -> {
                          Task<String> reading = new ReadThenClose(connection).start();
                          assertTrue(reading.cancel());
                          return then(
                              failureOf(reading),
                              cancelled -> {
                                assertTrue(reading.isCancelled());
                                return StreamsTest.closeBoth(connection, server);
                              });
                        })));
  }

  /**
   * A handler that writes until its drain has to wait, says so, and waits:
   *
   * <pre>{@code
   * @Async Task<Void> writeUntilBlocked(StreamWriter writer, Promise<Void> blocked) {
   *   Task<Void> drain;
   *   do {
   *     writer.write(new byte[65536]);
   *     drain = writer.drain();
   *   } while (drain.isDone());
   *   blocked.complete(null);
   *   await(drain);
   *   return Task.done();
   * }
   * }</pre>
   */
  static final class WriteUntilBlocked extends Coroutine<Void> {
    private final StreamWriter writer;
    private final Promise<Void> blocked;

    WriteUntilBlocked(StreamWriter writer, Promise<Void> blocked) {
      this.writer = writer;
      this.blocked = blocked;
    }

    @Override
    protected void resume() throws Throwable {
      switch (state) {
        case 0:
          Task<Void> drain;
          do {
            writer.write(new byte[65536]);
            drain = writer.drain();
          } while (drain.isDone());
          blocked.complete(null);
          if (suspendOn(drain, 1)) {
            return;
          }
        case 1:
          awaited();
          returnValue(null);
          return;
        default:
          throw new IllegalStateException("state " + state);
      }
    }
  }

  @Test
  void aHandlerCancelledInTheMiddleOfADrainHasItsConnectionAborted() {
    runWithoutLeaks(
        () -> {
          Promise<Void> blocked = new Promise<>();
          Task<?>[] handler = new Task<?>[1];
          ConnectionHandler writer =
              (reader, w) -> {
                handler[0] = new WriteUntilBlocked(w, blocked).start();
                return then(handler[0], done -> Task.done());
              };
          return then(
              Streams.startServer(writer, HOST, 0),
              server ->
                  then(
                      Streams.openConnection(HOST, server.port()),
                      connection ->
                          // The client never reads, so the server's drain waits forever...
                          then(
                              blocked,
                              isBlocked -> {
                                handler[0].cancel(); // ...until its handler is cancelled.
                                server.close();
                                return then(
                                    server.waitClosed(), // its connection is gone, so it closes
                                    serverClosed -> {
                                      connection.writer().abort();
                                      return then(
                                          failureOf(connection.writer().waitClosed()),
                                          clientClosed ->
                                              then(
                                                  turns(2),
                                                  settled -> {
                                                    assertEquals(0, registeredKeys());
                                                    return Task.done();
                                                  }));
                                    });
                              })));
        });
  }
}
