package dev.weft.sample.chat;

import static dev.weft.Await.await;

import dev.weft.CancelledException;
import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.annotation.Async;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import dev.weft.sync.Event;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A line-based chat server: each client picks a nickname, then every line it sends goes to all the
 * others. {@code /who} lists who is here, {@code /nick NAME} renames, {@code /quit} leaves. Try it
 * with {@code Main chat-client} or {@code nc 127.0.0.1 7777}, from several terminals.
 *
 * <p>It shows a server on weft's streams: one task per connection ({@link #handle}), all on one
 * thread, sharing the map of members without locks, since no two of them ever run at once. And a
 * graceful shutdown: on Ctrl-C or SIGTERM a JVM shutdown hook, on another thread, hands {@link
 * #stop()} to the loop with {@code callSoonThreadsafe}; the server says goodbye to everyone, stops
 * listening, closes the connections after what they still have to send, and waits until they are
 * closed.
 *
 * <p>Run it: {@code Main chat-server [--port 7777]}.
 */
public class ChatServer {
  static final Pattern NICKNAME = Pattern.compile("[\\p{L}\\p{N}_-]{1,16}");

  /** A client that lets this much pile up unread is disconnected rather than buffered forever. */
  static final int MAX_BACKLOG_BYTES = 1 << 20;

  final PrintStream log;
  final Map<String, StreamWriter> members = new LinkedHashMap<>(); // by nickname
  final Event stopRequested = new Event();

  /** The loop the server runs on; read by other threads, in {@link #stopFromAnyThread()}. */
  volatile EventLoop loop;

  public ChatServer(PrintStream log) {
    this.log = log;
  }

  /**
   * Runs a chat server on this thread until Ctrl-C or SIGTERM, then shuts it down gracefully. The
   * JVM waits for its shutdown hooks to return, and the hook waits (a few seconds at most) for the
   * goodbyes to go out.
   */
  public static void runUntilSignalled(String host, int port, PrintStream log) {
    ChatServer chat = new ChatServer_Async(log);
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              chat.stopFromAnyThread();
              try {
                done.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "chat-server-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      EventLoop.run(() -> chat.run(host, port));
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: the hook is what stopped us.
      }
    }
  }

  /** Starts listening on {@code host:port}, then serves until {@link #stop()}. */
  @Async
  public Task<Void> run(String host, int port) {
    Server server = await(start(host, port));
    log.printf(
        "chat server on %s:%d: connect with `Main chat-client --port %2$d` or `nc %1$s %2$d`;"
            + " Ctrl-C stops it%n",
        host, server.port());
    return serveUntilStopped(server);
  }

  /** Starts listening: every connection accepted runs {@link #handle} as a task of its own. */
  public Task<Server> start(String host, int port) {
    loop = EventLoop.current();
    return Streams.startServer(this::handle, host, port);
  }

  /** Serves until {@link #stop()}, then says goodbye, closes every connection, and waits. */
  @Async
  public Task<Void> serveUntilStopped(Server server) {
    await(stopRequested.waitUntilSet());
    log.println("shutting down: " + members.size() + " connected");
    broadcast("* the server is shutting down, goodbye");
    server.close(); // no new connections
    server.closeClients(); // each closes once its goodbye is sent; its handler reads the end
    await(server.waitClosed());
    log.println("stopped");
    return Task.done();
  }

  /** Asks the server to shut down gracefully. Loop thread only. */
  public void stop() {
    stopRequested.set();
  }

  /** {@link #stop()} from any thread, such as a shutdown hook's: the loop's thread runs it. */
  public void stopFromAnyThread() {
    EventLoop running = loop;
    if (running == null) {
      return; // not started: nothing to stop
    }
    try {
      running.callSoonThreadsafe(this::stop);
    } catch (IllegalStateException e) {
      // The loop is closed already: nothing left to stop.
    }
  }

  /** Serves one client: a nickname first, then its lines, until it leaves. */
  @Async
  public Task<Void> handle(StreamReader in, StreamWriter out) {
    String nickname = await(askNickname(in, out));
    if (nickname == null) {
      return Task.done(); // gone before choosing one
    }
    members.put(nickname, out);
    broadcast("* " + nickname + " joined; " + members.size() + " here. /who, /nick NAME, /quit");
    try {
      await(chat(nickname, in, out));
    } catch (CancelledException e) {
      throw e; // not a failure of the session: let the cancellation go on
    } catch (Exception e) {
      log.println("! " + nickname + ": " + e); // a reset connection, say
    } finally {
      leave(out); // however the session ended
    }
    return Task.done();
  }

  /** Removes the member writing to {@code out}, and tells the others. */
  void leave(StreamWriter out) {
    for (Map.Entry<String, StreamWriter> member : members.entrySet()) {
      if (member.getValue() == out) {
        members.remove(member.getKey());
        if (!stopRequested.isSet()) { // everyone is leaving then: no news
          broadcast("* " + member.getKey() + " left");
        }
        return;
      }
    }
  }

  @Async
  Task<String> askNickname(StreamReader in, StreamWriter out) {
    out.write("Welcome to weft chat! Your nickname?\n");
    for (; ; ) {
      String line = await(in.readLine());
      if (line == null) {
        return Task.of(null);
      }
      String problem = nicknameProblem(line.strip());
      if (problem == null) {
        return Task.of(line.strip());
      }
      out.write("* " + problem + "; try another:\n");
    }
  }

  /** The member's lines, until it quits or goes. */
  @Async
  Task<Void> chat(String nickname, StreamReader in, StreamWriter out) {
    for (; ; ) {
      String line = await(in.readLine());
      if (line == null) {
        return Task.done(); // the client went, or the server is closing the connection
      }
      if (line.equals("/quit")) {
        out.write("* bye, " + nickname + "\n");
        return Task.done();
      } else if (line.equals("/who")) {
        out.write("* here: " + String.join(", ", members.keySet()) + "\n");
      } else if (line.startsWith("/nick ")) {
        String wanted = line.substring("/nick ".length()).strip();
        String problem = nicknameProblem(wanted);
        if (problem != null) {
          out.write("* " + problem + "\n");
        } else {
          members.put(wanted, members.remove(nickname));
          broadcast("* " + nickname + " is now " + wanted);
          nickname = wanted;
        }
      } else if (line.startsWith("/")) {
        out.write("* unknown command; try /who, /nick NAME, /quit\n");
      } else if (!line.isBlank()) {
        sendToOthers(nickname, "<" + nickname + "> " + line);
      }
    }
  }

  String nicknameProblem(String nickname) {
    if (!NICKNAME.matcher(nickname).matches()) {
      return "a nickname is 1 to 16 letters, digits, - or _";
    }
    return members.containsKey(nickname) ? nickname + " is taken" : null;
  }

  /** Sends {@code line} to every member, and to the server's log. */
  void broadcast(String line) {
    log.println(line);
    sendToOthers(null, line);
  }

  /**
   * Sends {@code line} to every member but {@code sender}. It does not wait for slow readers
   * ({@code drain}): one slow client must not hold up the others. Their lines queue up in its
   * writer instead, up to {@link #MAX_BACKLOG_BYTES}, beyond which the client is cut off.
   */
  void sendToOthers(String sender, String line) {
    for (Map.Entry<String, StreamWriter> member : members.entrySet()) {
      StreamWriter out = member.getValue();
      if (member.getKey().equals(sender) || out.isClosing()) {
        continue;
      }
      if (out.bufferedBytes() > MAX_BACKLOG_BYTES) {
        out.abort(); // its handler reads the end of the stream, and the member leaves
      } else {
        out.write(line + "\n");
      }
    }
  }
}
