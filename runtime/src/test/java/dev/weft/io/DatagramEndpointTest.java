package dev.weft.io;

import static dev.weft.io.IoTesting.failureOf;
import static dev.weft.io.IoTesting.registeredKeys;
import static dev.weft.io.IoTesting.runWithoutLeaks;
import static dev.weft.io.IoTesting.then;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UDP endpoints on loopback. */
class DatagramEndpointTest {
  /** What a test does with a bound endpoint and one connected to it. */
  @FunctionalInterface
  interface PairUse<T> {
    Task<T> run(DatagramEndpoint server, DatagramEndpoint client) throws Throwable;
  }

  /** Binds a server endpoint, connects a client to it, runs {@code use}, closes both. */
  static <T> Task<T> withPair(PairUse<T> use) {
    return then(
        DatagramEndpoint.bind("127.0.0.1", 0),
        server ->
            then(
                DatagramEndpoint.connect("127.0.0.1", server.localAddress().getPort()),
                client ->
                    then(
                        use.run(server, client),
                        result -> {
                          client.close();
                          server.close();
                          return Task.of(result);
                        })));
  }

  @Test
  void pingPongBetweenABoundAndAConnectedEndpoint() {
    List<String> log =
        runWithoutLeaks(
            () ->
                withPair(
                    (server, client) -> {
                      List<String> seen = new ArrayList<>();
                      Task<Datagram> request = server.receive();
                      assertEquals(1, registeredKeys()); // only the waiting receiver
                      return then(
                          client.send("ping".getBytes(UTF_8)),
                          sent ->
                              then(
                                  request,
                                  ping -> {
                                    seen.add(new String(ping.data(), UTF_8));
                                    assertEquals(client.localAddress(), ping.sender());
                                    return then(
                                        server.send("pong".getBytes(UTF_8), ping.sender()),
                                        replied ->
                                            then(
                                                client.receive(),
                                                pong -> {
                                                  seen.add(new String(pong.data(), UTF_8));
                                                  assertEquals(0, registeredKeys());
                                                  return Task.of(seen);
                                                }));
                                  }));
                    }));
    assertEquals(List.of("ping", "pong"), log);
  }

  @Test
  void receivesAreServedInOrder() {
    List<String> got =
        runWithoutLeaks(
            () ->
                withPair(
                    (server, client) -> {
                      List<Task<Datagram>> receives = new ArrayList<>();
                      for (int i = 0; i < 5; i++) {
                        receives.add(server.receive());
                      }
                      for (int i = 0; i < 5; i++) {
                        client.send(("d" + i).getBytes(UTF_8));
                      }
                      return then(
                          IoTesting.all(receives),
                          all -> {
                            List<String> texts = new ArrayList<>();
                            for (Task<Datagram> receive : receives) {
                              texts.add(new String(receive.resultNow().data(), UTF_8));
                            }
                            return Task.of(texts);
                          });
                    }));
    assertEquals(List.of("d0", "d1", "d2", "d3", "d4"), got);
  }

  @Test
  void cancellingAReceiveDeregistersAndClosingFailsTheRest() {
    Throwable failure =
        runWithoutLeaks(
            () ->
                then(
                    DatagramEndpoint.bind("127.0.0.1", 0),
                    endpoint -> {
                      Task<Datagram> first = endpoint.receive();
                      assertEquals(1, registeredKeys());
                      assertTrue(first.cancel());
                      assertEquals(0, registeredKeys());
                      Task<Datagram> second = endpoint.receive();
                      endpoint.close();
                      return failureOf(second);
                    }));
    assertInstanceOf(ClosedChannelException.class, failure);
  }
}
