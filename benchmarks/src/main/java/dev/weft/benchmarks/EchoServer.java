package dev.weft.benchmarks;

import static dev.weft.Await.await;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.annotation.Async;
import dev.weft.io.Protocol;
import dev.weft.io.ProtocolTransport;
import dev.weft.io.Protocols;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.nio.ByteBuffer;

/**
 * W5: a TCP echo server on weft, written as a user would, in three forms (the second argument):
 *
 * <ul>
 *   <li>{@code streams} (the default; job {@code w5:weft}): an {@code @Async} handler on streams
 *       that reads into one reused direct buffer ({@code readInto}) and writes it back, the
 *       streams code for a server that cares about allocation (no array per message);
 *   <li>{@code bytes} ({@code w5:weft-bytes}): asyncio's streams echo as written in Python,
 *       {@code read(65536)} giving a new array per message, {@code write}, {@code drain};
 *   <li>{@code protocol} ({@code w5:weft-protocol}): asyncio's Protocol echo, a {@link Protocol}
 *       whose {@code dataReceived} writes the loop's read buffer back (no task, no allocation).
 * </ul>
 *
 * <p>Accepted sockets get TCP_NODELAY from the server. Driven by the shared C client through
 * {@code anchors/w5.sh weft -- java ... EchoServer {PORT} [MODE]}; runs until killed.
 *
 * <p>Usage: {@code EchoServer PORT [streams|bytes|protocol]}
 */
public class EchoServer {
  /** Serves one connection: reads whatever has arrived into one buffer, writes it back. */
  @Async
  public Task<Void> echo(StreamReader reader, StreamWriter writer) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
    for (;;) {
      int n = await(reader.readInto(buffer));
      if (n < 0) {
        break;
      }
      buffer.flip();
      writer.write(buffer); // consumes it: clear() then makes it ready for the next read
      buffer.clear();
      await(writer.drain());
    }
    writer.close();
    return Task.done();
  }

  /** The same with a new array per read, as asyncio's streams echo. */
  @Async
  public Task<Void> echoBytes(StreamReader reader, StreamWriter writer) {
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

  /** asyncio's echo Protocol. */
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

  /** Listens on 127.0.0.1:{@code port} until the process is killed. */
  @Async
  public Task<Void> serve(int port, String mode) {
    Server server;
    switch (mode) {
      case "protocol":
        server = await(Protocols.startServer(Echo::new, "127.0.0.1", port));
        break;
      case "bytes":
        server = await(Streams.startServer(this::echoBytes, "127.0.0.1", port));
        break;
      case "streams":
        server = await(Streams.startServer(this::echo, "127.0.0.1", port));
        break;
      default:
        throw new IllegalArgumentException("mode must be streams, bytes or protocol: " + mode);
    }
    System.out.println("listening " + server.port() + " " + mode);
    await(server.waitClosed());
    return Task.done();
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    String mode = args.length > 1 ? args[1] : "streams";
    EchoServer server = new EchoServer_Async();
    EventLoop.run(() -> server.serve(port, mode));
  }
}
