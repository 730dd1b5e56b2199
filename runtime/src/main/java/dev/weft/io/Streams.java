package dev.weft.io;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.internal.Awaiter;
import dev.weft.internal.LoopCore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * TCP stream connections and servers, asyncio's {@code open_connection} and {@code start_server}.
 *
 * <pre>{@code
 * Connection c = await(Streams.openConnection("127.0.0.1", 8080));
 * c.writer().write("ping\n");
 * await(c.writer().drain());
 * String reply = await(c.reader().readLine());
 * c.close();
 * }</pre>
 *
 * <p><b>Thread.</b> Call on the loop thread; the tasks complete there. A host name is resolved on a
 * background thread, never on the loop; a literal address (such as {@code 127.0.0.1}) needs no
 * lookup.
 *
 * <p><b>Cancellation.</b> Cancelling {@code openConnection} while it resolves, connects or does the
 * TLS handshake closes the socket it opened; nothing stays registered. Cancelling {@code
 * startServer} before it is done closes the listening sockets.
 *
 * <p><b>Exceptions.</b> The tasks fail with the {@link IOException} of the failing step: {@link
 * java.net.UnknownHostException}, {@link java.net.ConnectException}, {@link
 * java.net.BindException}...
 */
public final class Streams {
  private Streams() {}

  /**
   * Opens a TCP connection to {@code host:port} with the {@linkplain StreamOptions#defaults
   * defaults}.
   */
  public static Task<Connection> openConnection(String host, int port) {
    return openConnection(host, port, StreamOptions.defaults());
  }

  /**
   * Opens a TCP connection to {@code host:port}, trying each address the name resolves to in turn
   * until one accepts; the task fails with the last address's error (earlier ones suppressed).
   */
  public static Task<Connection> openConnection(String host, int port, StreamOptions options) {
    return openConnection(host, port, options, null);
  }

  /**
   * Opens a TLS connection to {@code host:port}: the task is done once the handshake is, and the
   * server's certificate has been verified to be for {@code host} (hostname verification is on).
   */
  public static Task<Connection> openConnection(String host, int port, SSLContext tls) {
    return openConnection(host, port, StreamOptions.defaults(), Objects.requireNonNull(tls, "tls"));
  }

  /**
   * Opens a TCP connection, with TLS over it if {@code tls} is not null ({@code options} then also
   * says which name to verify, and whether to). A failed handshake fails the task with its {@link
   * javax.net.ssl.SSLException} and closes the socket; so does a cancellation during it.
   */
  public static Task<Connection> openConnection(
      String host, int port, StreamOptions options, SSLContext tls) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(options, "options");
    checkPort(port);
    LoopCore loop = LoopCore.currentOrThrow("Streams.openConnection");
    OpenStream open = new OpenStream(loop, host, port, options, tls);
    open.begin(Resolver.resolve(loop, host));
    return open;
  }

  /** {@link Protocols#connect}: a connection handed to {@code protocol} once established. */
  static Task<ProtocolTransport> connectProtocol(
      LoopCore loop, Protocol protocol, String host, int port, StreamOptions options) {
    Objects.requireNonNull(host, "host");
    checkPort(port);
    OpenProtocol open = new OpenProtocol(loop, protocol, host, port, options);
    open.begin(Resolver.resolve(loop, host));
    return open;
  }

  /**
   * Starts a TCP server on {@code host:port} (port 0 picks a free port; a null or empty host
   * listens on every interface) with the {@linkplain StreamOptions#defaults defaults}. Each
   * accepted connection runs {@code handler} as a task of its own.
   */
  public static Task<Server> startServer(ConnectionHandler handler, String host, int port) {
    return startServer(handler, host, port, StreamOptions.defaults());
  }

  /**
   * {@link #startServer(ConnectionHandler, String, int)} with options. A host name that resolves to
   * several addresses gets one listening socket per address, all on the same port.
   */
  public static Task<Server> startServer(
      ConnectionHandler handler, String host, int port, StreamOptions options) {
    return startServer(handler, host, port, options, null);
  }

  /**
   * Starts a TLS server: each accepted connection does the server's side of the handshake with
   * {@code tls}, and its handler starts once the handshake is done (a connection whose handshake
   * fails is closed without calling it).
   */
  public static Task<Server> startServer(
      ConnectionHandler handler, String host, int port, SSLContext tls) {
    return startServer(
        handler, host, port, StreamOptions.defaults(), Objects.requireNonNull(tls, "tls"));
  }

  /** {@link #startServer(ConnectionHandler, String, int, StreamOptions)} with TLS if not null. */
  public static Task<Server> startServer(
      ConnectionHandler handler, String host, int port, StreamOptions options, SSLContext tls) {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    LoopCore loop = LoopCore.currentOrThrow("Streams.startServer");
    return startServer(loop, handler, null, host, port, options, tls);
  }

  /**
   * A server whose connections run {@code handler} on streams, or (when it is null) get a protocol
   * from {@code protocols} ({@link Protocols#startServer}).
   */
  static Task<Server> startServer(
      LoopCore loop,
      ConnectionHandler handler,
      Supplier<? extends Protocol> protocols,
      String host,
      int port,
      StreamOptions options,
      SSLContext tls) {
    checkPort(port);
    StartServer start = new StartServer(loop, handler, protocols, port, options, tls);
    start.begin(Resolver.resolve(loop, host));
    return start;
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  static SocketTransport newTransport(
      LoopCore loop,
      SocketChannel channel,
      StreamOptions options,
      boolean serverSide,
      String peerHost) {
    StreamReader reader = new StreamReader(loop, options.limit());
    return new SocketTransport(loop, channel, reader, options, serverSide, peerHost);
  }

  /** A socket transport for a {@link Protocol}: no reader, no writer; the protocol is set later. */
  static SocketTransport newProtocolTransport(
      LoopCore loop, SocketChannel channel, StreamOptions options, boolean serverSide) {
    return new SocketTransport(loop, channel, null, options, serverSide, null);
  }

  /** A promise that first waits for a name lookup. */
  private abstract static class AfterLookup<T> extends Promise<T> implements Awaiter {
    private Task<InetAddress[]> lookup;

    AfterLookup(LoopCore loop) {
      super(loop);
    }

    final void begin(Task<InetAddress[]> pending) {
      if (pending.isDone()) {
        resolved(pending);
      } else {
        lookup = pending;
        addAwaiter(pending, this);
      }
    }

    @Override
    public final void taskCompleted(Task<?> task) {
      lookup = null;
      if (!isDone()) {
        resolved(task);
      }
    }

    private void resolved(Task<?> task) {
      Throwable failure = task.exceptionNow();
      if (failure != null) {
        fail(failure);
      } else {
        resolved((InetAddress[]) task.resultNow());
      }
    }

    abstract void resolved(InetAddress[] addresses);

    @Override
    protected void onSettled() {
      Task<?> pending = lookup;
      lookup = null;
      if (pending != null) {
        removeAwaiter(pending, this);
      }
    }
  }

  /** Resolves, then tries each address until one connects; {@link #established} does the rest. */
  private abstract static class OpenConnection<T> extends AfterLookup<T> {
    final LoopCore loop;
    final String host;
    private final int port;
    final StreamOptions options;
    private InetAddress[] addresses;
    private int next;
    private SocketChannel channel;
    private Sockets.ConnectOp connecting;
    private IOException failure;
    private final Awaiter connectDone = this::connectDone;

    OpenConnection(LoopCore loop, String host, int port, StreamOptions options) {
      super(loop);
      this.loop = loop;
      this.host = host;
      this.port = port;
      this.options = options;
    }

    @Override
    void resolved(InetAddress[] resolved) {
      this.addresses = resolved;
      tryNext();
    }

    private void tryNext() {
      while (!isDone()) {
        if (next == addresses.length) {
          fail(failure);
          return;
        }
        InetSocketAddress remote = new InetSocketAddress(addresses[next++], port);
        try {
          channel = SocketChannel.open();
          channel.configureBlocking(false);
          channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
          closeChannel();
          noteFailure(e);
          continue;
        }
        Sockets.ConnectOp op = new Sockets.ConnectOp(loop, channel);
        op.remote = remote;
        op.begin();
        if (!op.isDone()) {
          connecting = op;
          addAwaiter(op, connectDone);
          return;
        }
        if (connected(op)) {
          return;
        }
      }
    }

    private void connectDone(Task<?> op) {
      connecting = null;
      if (!isDone() && !connected(op)) {
        tryNext();
      }
    }

    /** True when {@code op} connected (and this task completed); else the failure is noted. */
    private boolean connected(Task<?> op) {
      Throwable failure = op.exceptionNow();
      if (failure != null) {
        channel = null; // the connect closed it
        noteFailure(
            failure instanceof IOException ? (IOException) failure : new IOException(failure));
        return false;
      }
      SocketChannel connected = channel;
      channel = null;
      established(connected);
      return true;
    }

    /** The socket connected: make the connection and complete this task (or fail it). */
    abstract void established(SocketChannel connected);

    private void noteFailure(IOException e) {
      if (failure == null) {
        failure = e;
      } else {
        e.addSuppressed(failure);
        failure = e;
      }
    }

    private void closeChannel() {
      SocketChannel open = channel;
      channel = null;
      if (open != null) {
        try {
          open.close();
        } catch (IOException e) {
          // Nothing to do.
        }
      }
    }

    @Override
    protected void onSettled() {
      super.onSettled();
      Sockets.ConnectOp op = connecting;
      connecting = null;
      if (op != null) {
        removeAwaiter(op, connectDone);
        requestCancel(op); // closes its socket and drops its registration
      }
      closeChannel();
    }
  }

  /** {@link Streams#openConnection}: a reader and a writer, after the TLS handshake if any. */
  private static final class OpenStream extends OpenConnection<Connection> {
    private final SSLContext tls;
    private SocketTransport handshaking;

    OpenStream(LoopCore loop, String host, int port, StreamOptions options, SSLContext tls) {
      super(loop, host, port, options);
      this.tls = tls;
    }

    @Override
    void established(SocketChannel connected) {
      SocketTransport transport = newTransport(loop, connected, options, false, host);
      transport.start();
      Connection connection = new Connection(transport.streamReader(), transport.streamWriter());
      if (tls == null) {
        complete(connection);
        return;
      }
      Task<Void> handshake;
      try {
        handshake = Tls.start(connection.writer(), tls, options).handshake();
      } catch (Throwable e) {
        transport.abort(); // an error too: the connection closes and its task fails (issue 17)
        fail(e);
        LoopCore.rethrowIfThreadDeath(e);
        return;
      }
      handshaking = transport;
      Awaiter handshakeDone =
          done -> {
            handshaking = null;
            if (done.isSucceeded()) {
              complete(connection);
            } else if (!isDone()) {
              transport.abort();
              fail(done.exceptionNow());
            }
          };
      if (handshake.isDone()) {
        handshakeDone.taskCompleted(handshake);
      } else {
        addAwaiter(handshake, handshakeDone);
      }
    }

    @Override
    protected void onSettled() {
      super.onSettled();
      SocketTransport unfinished = handshaking;
      handshaking = null;
      if (unfinished != null && !isSucceeded()) {
        unfinished.abort(); // cancelled during the TLS handshake
      }
    }

    @Override
    protected String describe() {
      return "Streams.openConnection";
    }
  }

  /** {@link Protocols#connect}: the protocol's connectionMade, then the transport. */
  private static final class OpenProtocol extends OpenConnection<ProtocolTransport> {
    private final Protocol protocol;

    OpenProtocol(LoopCore loop, Protocol protocol, String host, int port, StreamOptions options) {
      super(loop, host, port, options);
      this.protocol = protocol;
    }

    @Override
    void established(SocketChannel connected) {
      SocketTransport socket = newProtocolTransport(loop, connected, options, false);
      ProtocolTransport transport;
      try {
        transport = ProtocolTransport.connected(socket, protocol);
      } catch (Throwable e) {
        fail(e); // connectionMade threw: the connection is closed, this task says why
        LoopCore.rethrowIfThreadDeath(e);
        return;
      }
      complete(transport);
    }

    @Override
    protected String describe() {
      return "Protocols.connect";
    }
  }

  private static final class StartServer extends AfterLookup<Server> {
    private final LoopCore loop;
    private final ConnectionHandler handler;
    private final Supplier<? extends Protocol> protocols;
    private final int port;
    private final StreamOptions options;
    private final SSLContext tls;

    StartServer(
        LoopCore loop,
        ConnectionHandler handler,
        Supplier<? extends Protocol> protocols,
        int port,
        StreamOptions options,
        SSLContext tls) {
      super(loop);
      this.loop = loop;
      this.handler = handler;
      this.protocols = protocols;
      this.port = port;
      this.options = options;
      this.tls = tls;
    }

    @Override
    void resolved(InetAddress[] resolved) {
      List<ServerSocketChannel> channels = new ArrayList<>(resolved.length);
      List<InetSocketAddress> bound = new ArrayList<>(resolved.length);
      int boundPort = port;
      try {
        for (InetAddress address : resolved) {
          ServerSocketChannel channel = ServerSocketChannel.open();
          channels.add(channel);
          channel.configureBlocking(false);
          channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
          channel.bind(new InetSocketAddress(address, boundPort), options.backlog());
          InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
          boundPort = local.getPort();
          bound.add(local);
        }
      } catch (IOException e) {
        for (ServerSocketChannel channel : channels) {
          try {
            channel.close();
          } catch (IOException ignored) {
            // Nothing to do.
          }
        }
        fail(e);
        return;
      }
      Server server = new Server(loop, handler, protocols, options, tls, channels, bound);
      server.start();
      complete(server);
    }

    @Override
    protected String describe() {
      return handler != null ? "Streams.startServer" : "Protocols.startServer";
    }
  }
}
