package dev.weft.io;

import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.internal.IoRegistry;
import dev.weft.internal.LoopCore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * A listening TCP server made by {@link Streams#startServer} or {@link Protocols#startServer}
 * (asyncio's {@code Server}): it accepts connections on its bound addresses and runs the {@link
 * ConnectionHandler} for each, as a task of its own, or gives each a new {@link Protocol}.
 *
 * <p><b>Thread.</b> Loop thread only; the tasks complete there.
 *
 * <p><b>TLS.</b> A server started with an {@link SSLContext} does the handshake on each accepted
 * connection before it calls the handler.
 *
 * <p><b>Closing.</b> {@link #close()} stops listening at once; connections already accepted go on
 * until their handlers end (or {@link #closeClients()}). {@link #waitClosed()} is done once the
 * server is closed and every connection is closed.
 */
public final class Server implements AutoCloseable {
  /** Connections accepted per readiness of a listening socket, so one busy port cannot starve. */
  private static final int ACCEPTS_PER_WAKEUP = 128;

  /** How long a listening socket rests after accept failed (asyncio's ACCEPT_RETRY_DELAY). */
  private static final long ACCEPT_RETRY_DELAY_NANOS = 1_000_000_000L;

  private final LoopCore loop;
  /** The streams handler of each connection, or null for a protocol server. */
  private final ConnectionHandler handler;

  /** The protocol factory of a {@link Protocols#startServer} server, else null. */
  private final Supplier<? extends Protocol> protocols;

  private final StreamOptions options;
  private final SSLContext tls;
  private final List<ServerSocketChannel> channels;
  private final List<InetSocketAddress> addresses;
  private final Set<SocketTransport> connections =
      Collections.newSetFromMap(new IdentityHashMap<>());
  private final Promise<Void> closed;
  private final List<Promise<Void>> servingForever = new ArrayList<>(1);
  private boolean closing;
  private long accepted;

  Server(
      LoopCore loop,
      ConnectionHandler handler,
      Supplier<? extends Protocol> protocols,
      StreamOptions options,
      SSLContext tls,
      List<ServerSocketChannel> channels,
      List<InetSocketAddress> addresses) {
    this.loop = loop;
    this.handler = handler;
    this.protocols = protocols;
    this.options = options;
    this.tls = tls;
    this.channels = channels;
    this.addresses = List.copyOf(addresses);
    this.closed = new Promise<>(loop);
  }

  void start() {
    for (ServerSocketChannel channel : channels) {
      listen(channel);
    }
  }

  private void listen(ServerSocketChannel channel) {
    if (!closing) {
      IoRegistry.watch(loop, channel).setReader(() -> acceptReady(channel), true);
    }
  }

  /** The port the server listens on (the one picked when asked for port 0). */
  public int port() {
    return addresses.get(0).getPort();
  }

  /** The addresses the server is bound to, one per listening socket. */
  public List<InetSocketAddress> addresses() {
    return addresses;
  }

  /** Whether the server is listening (not closed). */
  public boolean isServing() {
    return !closing;
  }

  /** The number of connections accepted and not closed yet. */
  public int activeConnections() {
    return connections.size();
  }

  /** The number of connections accepted since the start. */
  public long acceptedConnections() {
    return accepted;
  }

  private void acceptReady(ServerSocketChannel listener) {
    for (int i = 0; i < ACCEPTS_PER_WAKEUP && !closing; i++) {
      SocketChannel channel;
      try {
        channel = listener.accept();
      } catch (IOException e) {
        // Out of descriptors (EMFILE, ENFILE) or memory, say. The socket stays readable, so
        // retrying at once would spin: pause this socket for a while, as asyncio does.
        loop.reportUncaught(
            "accepting a connection on "
                + addresses
                + "; accepting again in "
                + ACCEPT_RETRY_DELAY_NANOS / 1_000_000
                + " ms",
            e);
        IoRegistry.watch(loop, listener).clearReader();
        loop.callAt(loop.now() + ACCEPT_RETRY_DELAY_NANOS, () -> listen(listener));
        return;
      }
      if (channel == null) {
        return;
      }
      accepted++;
      SocketTransport transport;
      try {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        transport =
            protocols != null
                ? Streams.newProtocolTransport(loop, channel, options, true)
                : Streams.newTransport(loop, channel, options, true, null);
      } catch (Throwable e) {
        // Whatever failed, an OutOfMemoryError included, the socket is closed: no fd leaks, and
        // the other connections go on (issue 17's error policy).
        closeQuietly(channel);
        LoopCore.rethrowIfThreadDeath(e);
        loop.reportUncaught("setting up an accepted connection", e);
        continue;
      }
      connections.add(transport);
      transport.setCloseListener(() -> connectionClosed(transport));
      if (protocols != null) {
        // The factory and connectionMade are user code: from the ready queue, as a handler.
        // Reading starts once connectionMade has returned.
        loop.schedule(() -> ProtocolTransport.accepted(transport, protocols, "a server on " + addresses));
        continue;
      }
      transport.start();
      if (tls != null) {
        startTls(transport);
      } else {
        // The handler is user code: start it from the ready queue, not inside the selector.
        loop.schedule(() -> runHandler(transport));
      }
    }
  }

  /** The server's side of the handshake; the handler starts once it is done. */
  private void startTls(SocketTransport transport) {
    Task<Void> handshake;
    try {
      handshake = Tls.start(transport.streamWriter(), tls, options).handshake();
    } catch (Throwable e) {
      transport.abort(); // an error too: this connection ends, the server goes on (issue 17)
      LoopCore.rethrowIfThreadDeath(e);
      loop.reportUncaught("starting TLS on an accepted connection", e);
      return;
    }
    // A failed handshake has already closed the connection: a bad client is not a server error.
    handshake.whenDone(
        done -> {
          if (done.isSucceeded()) {
            runHandler(transport);
          }
        });
  }

  private void runHandler(SocketTransport transport) {
    if (transport.isClosing()) {
      return;
    }
    // Taken now, while the socket is open: once a reset closed it, it has no address to give.
    SocketAddress peer = transport.remoteAddress();
    Task<Void> task;
    try {
      task = handler.handle(transport.streamReader(), transport.streamWriter());
    } catch (Throwable e) {
      loop.reportUncaught("the connection handler for " + peer + " (it threw on being called)", e);
      transport.streamWriter().closeFromServer();
      return;
    }
    if (task == null || task.isDone()) {
      handlerDone(task, transport, peer);
    } else {
      task.whenDone(done -> handlerDone(done, transport, peer));
    }
  }

  private void handlerDone(Task<Void> task, SocketTransport transport, SocketAddress peer) {
    if (task != null && task.isCancelled()) {
      // Abandoned, not finished: drop what is buffered rather than wait for the peer to read it.
      transport.streamWriter().abortFromServer();
      return;
    }
    if (task != null) {
      Throwable failure = task.exceptionNow();
      if (failure != null && !(failure instanceof CancelledException)) {
        // Named by the task (the @Async method it runs) and the peer, not by the handler object,
        // which is usually a lambda or a method reference with an unreadable class name.
        loop.reportUncaught(
            "connection handler " + task.name() + " for " + peer + " failed", failure);
      }
    }
    transport.streamWriter().closeFromServer(); // through TLS if it runs: close_notify first
  }

  private void connectionClosed(SocketTransport transport) {
    connections.remove(transport);
    maybeClosed();
  }

  private void maybeClosed() {
    if (closing && connections.isEmpty() && !closed.isDone()) {
      // After the selector dropped the listening sockets' keys, so their ports are free.
      Deferred.afterNextSelect(loop, () -> closed.complete(null));
    }
  }

  /**
   * Stops listening: the listening sockets are closed at once; accepted connections go on. A
   * pending {@link #serveForever()} completes. Idempotent; never throws.
   */
  @Override
  public void close() {
    LoopThread.check(loop, "Server.close");
    if (closing) {
      return;
    }
    closing = true;
    for (ServerSocketChannel channel : channels) {
      IoRegistry.watch(loop, channel).clear();
      closeQuietly(channel);
    }
    List<Promise<Void>> forever = new ArrayList<>(servingForever);
    servingForever.clear();
    for (Promise<Void> waiter : forever) {
      waiter.complete(null);
    }
    maybeClosed();
  }

  /**
   * Closes every accepted connection (after sending what their writers buffer). Their handlers see
   * the end of the stream at their next read; their writes from now on are dropped (see {@link
   * StreamWriter#write(byte[])}).
   */
  public void closeClients() {
    LoopThread.check(loop, "Server.closeClients");
    for (SocketTransport transport : new ArrayList<>(connections)) {
      transport.closeFromServer();
    }
  }

  /**
   * Aborts every accepted connection at once (RST). Their handlers' reads see the end of the
   * stream and their writes are dropped, as after {@link #closeClients()}.
   */
  public void abortClients() {
    LoopThread.check(loop, "Server.abortClients");
    for (SocketTransport transport : new ArrayList<>(connections)) {
      transport.abort();
    }
  }

  /**
   * Done once the server is closed and every connection it accepted is closed. Cancelling it only
   * stops the wait.
   */
  public Task<Void> waitClosed() {
    LoopThread.check(loop, "Server.waitClosed");
    if (closed.isDone()) {
      return closed;
    }
    Promise<Void> waiter = new Promise<>(loop);
    closed.whenDone(done -> waiter.complete(null));
    return waiter;
  }

  /**
   * Serves until the server is closed: a task that completes when {@link #close()} is called.
   * Cancelling it closes the server (asyncio's {@code serve_forever}).
   */
  public Task<Void> serveForever() {
    LoopThread.check(loop, "Server.serveForever");
    if (closing) {
      return Task.done();
    }
    Promise<Void> forever =
        new Promise<>(loop) {
          @Override
          protected void onSettled() {
            servingForever.remove(this);
            if (isCancelled()) {
              Server.this.close();
            }
          }

          @Override
          protected String describe() {
            return "Server.serveForever";
          }
        };
    servingForever.add(forever);
    return forever;
  }

  private static void closeQuietly(java.nio.channels.Channel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing to do.
    }
  }

  @Override
  public String toString() {
    return "Server" + addresses + (closing ? "[closed]" : "[serving]");
  }
}
