package dev.weft.sample.chat;

import static dev.weft.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.annotation.Async;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.Streams;
import dev.weft.sample.Transcript;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The chat server with real clients on loopback. Each step waits for the line it expects, so the
 * order of events is fixed: no sleeps, no timing.
 */
class ChatTest {
  /** Lines each client read, in order, by client. */
  final List<String> alice = new ArrayList<>();

  final List<String> bob = new ArrayList<>();

  @Test
  void membersChatRenameQuitAndAreToldOfTheShutdown() throws Exception {
    ChatTest_Async test = new ChatTest_Async();
    Transcript log = new Transcript();
    ChatServer chat = new ChatServer_Async(log.out);
    CompletableFuture<Void> bothReady = new CompletableFuture<>();
    Thread loopThread =
        new Thread(() -> EventLoop.run(() -> test.twoMembers(chat, bothReady)), "chat-loop");
    loopThread.start();

    // As the shutdown hook does, from another thread than the loop's:
    bothReady.get(30, TimeUnit.SECONDS);
    chat.stopFromAnyThread();
    loopThread.join();

    assertEquals(
        Arrays.asList(
            "Welcome to weft chat! Your nickname?",
            "* alice joined; 1 here. /who, /nick NAME, /quit",
            "* bob joined; 2 here. /who, /nick NAME, /quit",
            "<bob> hi alice",
            "* bob is now bobby",
            "* here: alice, bobby",
            "* bobby left",
            "* the server is shutting down, goodbye",
            null),
        test.alice);
    assertEquals(
        Arrays.asList(
            "Welcome to weft chat! Your nickname?",
            "* alice is taken; try another:",
            "* a nickname is 1 to 16 letters, digits, - or _; try another:",
            "* bob joined; 2 here. /who, /nick NAME, /quit",
            "* bob is now bobby",
            "* bye, bobby",
            null),
        test.bob);
    assertEquals(
        """
        * alice joined; 1 here. /who, /nick NAME, /quit
        * bob joined; 2 here. /who, /nick NAME, /quit
        * bob is now bobby
        * bobby left
        shutting down: 1 connected
        * the server is shutting down, goodbye
        stopped
        """,
        log.text());
  }

  @Async
  Task<Void> twoMembers(ChatServer chat, CompletableFuture<Void> bothReady) {
    Server server = await(chat.start("127.0.0.1", 0));
    Task<Void> serving = chat.serveUntilStopped(server);

    Connection a = await(Streams.openConnection("127.0.0.1", server.port()));
    await(expect(a, alice, "Welcome to weft chat! Your nickname?"));
    a.writer().write("alice\n");
    await(expect(a, alice, "* alice joined; 1 here. /who, /nick NAME, /quit"));

    Connection b = await(Streams.openConnection("127.0.0.1", server.port()));
    await(expect(b, bob, "Welcome to weft chat! Your nickname?"));
    b.writer().write("alice\n");
    await(expect(b, bob, "* alice is taken; try another:"));
    b.writer().write("bob!\n");
    await(expect(b, bob, "* a nickname is 1 to 16 letters, digits, - or _; try another:"));
    b.writer().write("bob\n");
    await(expect(b, bob, "* bob joined; 2 here. /who, /nick NAME, /quit"));
    await(expect(a, alice, "* bob joined; 2 here. /who, /nick NAME, /quit"));

    b.writer().write("hi alice\n"); // to the others only
    await(expect(a, alice, "<bob> hi alice"));
    b.writer().write("/nick bobby\n");
    await(expect(a, alice, "* bob is now bobby"));
    await(expect(b, bob, "* bob is now bobby"));
    a.writer().write("/who\n");
    await(expect(a, alice, "* here: alice, bobby"));
    b.writer().write("/quit\n");
    await(expect(b, bob, "* bye, bobby"));
    await(expect(b, bob, null)); // the server closed the connection
    await(expect(a, alice, "* bobby left"));

    bothReady.complete(null); // the test thread now stops the server
    await(serving);
    await(expect(a, alice, "* the server is shutting down, goodbye"));
    await(expect(a, alice, null)); // and the server closed the connection
    return Task.done();
  }

  /** Reads a line into {@code lines}; fails unless it is {@code expected}. */
  @Async
  Task<Void> expect(Connection connection, List<String> lines, String expected) {
    String line = await(connection.reader().readLine());
    lines.add(line);
    assertEquals(expected, line, "after " + lines);
    return Task.done();
  }

  @Test
  void theClientSendsWhatIsTypedAndLeavesAtTheEndOfInput() {
    Transcript client = new Transcript();
    BufferedReader typed = new BufferedReader(new StringReader("carol\n/who\nanyone here?\n"));
    EventLoop.run(() -> new ChatTest_Async().serveOneClient(typed, client));
    assertEquals(
        """
        Welcome to weft chat! Your nickname?
        * carol joined; 1 here. /who, /nick NAME, /quit
        * here: carol
        * bye, carol
        * disconnected
        """,
        client.text());
  }

  @Async
  Task<Void> serveOneClient(BufferedReader typed, Transcript client) {
    ChatServer chat = new ChatServer_Async(new Transcript().out);
    Server server = await(chat.start("127.0.0.1", 0));
    Task<Void> serving = chat.serveUntilStopped(server);
    await(new ChatClient_Async(typed, client.out).chat("127.0.0.1", server.port()));
    chat.stop();
    return serving;
  }
}
