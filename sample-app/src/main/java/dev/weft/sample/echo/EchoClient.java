package dev.weft.sample.echo;

import static dev.weft.Await.await;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import dev.weft.io.Connection;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.io.BufferedReader;
import java.io.PrintStream;

/**
 * A client for {@link EchoServer}: sends its lines one at a time, and prints each echo as it comes
 * back.
 *
 * <p>The lines come from a {@link BufferedReader}: the command line's words, or standard input.
 * Reading standard input blocks, and blocking the loop's thread would stop every task on it, so
 * each line is read on another thread with {@link Tasks#toThread}, and awaited.
 *
 * <p>Run it: {@code Main echo-client HOST PORT [LINE...]}.
 */
public class EchoClient {
  final BufferedReader lines;
  final PrintStream out;

  public EchoClient(BufferedReader lines, PrintStream out) {
    this.lines = lines;
    this.out = out;
  }

  /** Connects to {@code host:port} and echoes every line, on this thread. */
  public static void run(String host, int port, BufferedReader lines, PrintStream out) {
    EventLoop.run(() -> new EchoClient_Async(lines, out).echo(host, port));
  }

  @Async
  public Task<Void> echo(String host, int port) {
    Connection connection = await(Streams.openConnection(host, port));
    StreamReader in = connection.reader();
    StreamWriter writer = connection.writer();
    for (String line = await(Tasks.toThread(lines::readLine));
        line != null;
        line = await(Tasks.toThread(lines::readLine))) {
      writer.write(line + "\n");
      String echo = await(in.readLine()); // null if the server closed the connection
      if (echo == null) {
        out.println("* the server closed the connection");
        break;
      }
      out.println(echo);
    }
    connection.close(); // the server reads the end of the stream and closes its side
    await(writer.waitClosed());
    return Task.done();
  }
}
