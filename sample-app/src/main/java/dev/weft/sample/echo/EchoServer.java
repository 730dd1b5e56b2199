package dev.weft.sample.echo;

import static dev.weft.Await.await;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.annotation.Async;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.io.PrintStream;

/**
 * An echo server: every line a client sends comes straight back to it. Try it with {@code Main
 * echo-client 127.0.0.1 8888 hello world} or {@code nc 127.0.0.1 8888}.
 *
 * <p>The whole server is {@link #handle}, one {@code @Async} method that weft runs as a task of its
 * own for each connection accepted; all of them share one thread, each suspended at its {@code
 * await} while it has nothing to do.
 *
 * <p>Run it: {@code Main echo-server [--port 8888]}; Ctrl-C stops it.
 */
public class EchoServer {
  final PrintStream log;

  public EchoServer(PrintStream log) {
    this.log = log;
  }

  /** Serves on {@code host:port}, on this thread, until the process is stopped. */
  public static void run(String host, int port, PrintStream log) {
    EventLoop.run(() -> new EchoServer_Async(log).serve(host, port));
  }

  @Async
  public Task<Void> serve(String host, int port) {
    Server server = await(start(host, port));
    log.printf(
        "echo server on %s:%d: try `Main echo-client %1$s %2$d hello`; Ctrl-C stops it%n",
        host, server.port());
    return server.serveForever(); // done once the server is closed
  }

  /** Starts listening (port 0 picks a free port): each connection runs {@link #handle}. */
  public Task<Server> start(String host, int port) {
    return Streams.startServer(this::handle, host, port);
  }

  /** One client: each line back, until it closes its side; then this side closes too. */
  @Async
  public Task<Void> handle(StreamReader in, StreamWriter out) {
    for (String line = await(in.readLine()); line != null; line = await(in.readLine())) {
      out.write(line + "\n");
      await(out.drain()); // back-pressure: a client that does not read only slows itself down
    }
    out.close();
    return Task.done();
  }
}
