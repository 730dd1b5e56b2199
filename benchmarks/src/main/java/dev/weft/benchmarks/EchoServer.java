package dev.weft.benchmarks;

import static dev.weft.Await.await;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.annotation.Async;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;

/**
 * W5: a TCP echo server on weft's streams, written as a user would (asyncio's streams echo
 * server). Accepted sockets get TCP_NODELAY from the server. Driven by the shared C client
 * through {@code anchors/w5.sh weft -- java ... EchoServer {PORT}}; runs until killed.
 *
 * <p>Usage: {@code EchoServer PORT}
 */
public class EchoServer {
  /** Serves one connection: reads whatever has arrived and writes it back, until end of stream. */
  @Async
  public Task<Void> echo(StreamReader reader, StreamWriter writer) {
    for (;;) {
      byte[] data = await(reader.read(65536));
      if (data.length == 0) {
        break;
      }
      writer.write(data);
      await(writer.drain());
    }
    writer.close();
    return Task.done();
  }

  /** Listens on 127.0.0.1:{@code port} until the process is killed. */
  @Async
  public Task<Void> serve(int port) {
    Server server = await(Streams.startServer(this::echo, "127.0.0.1", port));
    System.out.println("listening " + server.port());
    await(server.waitClosed());
    return Task.done();
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    EchoServer server = new EchoServer_Async();
    EventLoop.run(() -> server.serve(port));
  }
}
