package dev.weft.sample.chat;

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
 * A tiny client for {@link ChatServer}: lines typed go to the server, lines from the server are
 * printed. Two tasks run side by side: one prints what arrives until the server closes the
 * connection, the other sends what is typed.
 *
 * <p>Reading the keyboard blocks, and blocking the loop's thread would stop every task on it, so
 * each line is read on another thread with {@link Tasks#toThread}, and awaited.
 *
 * <p>Run it: {@code Main chat-client [--host 127.0.0.1] [--port 7777]}.
 */
public class ChatClient {
  final BufferedReader input;
  final PrintStream out;

  public ChatClient(BufferedReader input, PrintStream out) {
    this.input = input;
    this.out = out;
  }

  /** Connects to {@code host:port} and chats there, from {@code input} to {@code out}. */
  public static void run(String host, int port, BufferedReader input, PrintStream out) {
    EventLoop.run(() -> new ChatClient_Async(input, out).chat(host, port));
  }

  @Async
  public Task<Void> chat(String host, int port) {
    Connection connection = await(Streams.openConnection(host, port));
    Task<Void> typing = sendTyped(connection.writer()); // runs until the input ends
    await(printReceived(connection.reader())); // until the server closes the connection
    typing.cancel(); // a line being read is abandoned
    connection.close();
    return Task.done();
  }

  @Async
  Task<Void> printReceived(StreamReader in) {
    for (String line = await(in.readLine()); line != null; line = await(in.readLine())) {
      out.println(line);
    }
    out.println("* disconnected");
    return Task.done();
  }

  @Async
  Task<Void> sendTyped(StreamWriter writer) {
    for (String line = await(Tasks.toThread(input::readLine));
        line != null;
        line = await(Tasks.toThread(input::readLine))) {
      writer.write(line + "\n");
      await(writer.drain()); // waits only while the server reads slower than we type
    }
    writer.write("/quit\n"); // end of input: leave politely; the server then closes
    return Task.done();
  }
}
