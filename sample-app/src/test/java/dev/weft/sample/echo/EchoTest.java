package dev.weft.sample.echo;

import static dev.weft.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.annotation.Async;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import dev.weft.sample.Transcript;
import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** The echo server and client together on one loop, over loopback, on a port picked for them. */
class EchoTest {
  @Test
  void everyLineComesBackAndBothSidesClose() {
    Transcript client = new Transcript();
    String typed = "hello\n\nwörld\n" + "x".repeat(5000); // an empty line, a long one
    BufferedReader lines = new BufferedReader(new StringReader(typed));
    int open = EventLoop.run(() -> new EchoTest_Async().echoThroughServer(lines, client));
    assertEquals(typed + "\n", client.text());
    assertEquals(0, open, "connections still open once the server closed");
  }

  @Test
  void theClientStopsWhenTheServerCloses() {
    Transcript client = new Transcript();
    BufferedReader lines = new BufferedReader(new StringReader("one\ntwo\nthree\n"));
    EventLoop.run(() -> new EchoTest_Async().echoThroughOneLineServer(lines, client));
    assertEquals("one\n* the server closed the connection\n", client.text());
  }

  /** The client against a server that echoes one line, then closes the connection. */
  @Async
  Task<Void> echoThroughOneLineServer(BufferedReader lines, Transcript client) {
    Server server = await(Streams.startServer(this::echoOneLine, "127.0.0.1", 0));
    await(new EchoClient_Async(lines, client.out).echo("127.0.0.1", server.port()));
    server.close();
    return server.waitClosed();
  }

  @Async
  Task<Void> echoOneLine(StreamReader in, StreamWriter out) {
    out.write(await(in.readLine()) + "\n");
    out.close();
    return Task.done();
  }

  /** Runs the client against a server on a free port; the connections left open at the end. */
  @Async
  Task<Integer> echoThroughServer(BufferedReader lines, Transcript client) {
    Server server = await(new EchoServer_Async(new Transcript().out).start("127.0.0.1", 0));
    await(new EchoClient_Async(lines, client.out).echo("127.0.0.1", server.port()));
    server.close();
    await(server.waitClosed()); // done once the handler closed its side too
    return Task.of(server.activeConnections());
  }
}
