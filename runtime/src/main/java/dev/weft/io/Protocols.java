package dev.weft.io;

import dev.weft.Task;
import dev.weft.internal.LoopCore;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Servers and connections driven by {@link Protocol} callbacks, asyncio's {@code
 * loop.create_server(protocol_factory, ...)} and {@code loop.create_connection}: the lower-level
 * API beside {@link Streams}, for code that wants no task and no allocation per message. A
 * protocol's callbacks run on the loop thread as bytes arrive; it writes through its {@link
 * ProtocolTransport}.
 *
 * <pre>{@code
 * Server server = await(Protocols.startServer(Echo::new, "127.0.0.1", 8080));
 * ProtocolTransport t = await(Protocols.connect(new Client(), "127.0.0.1", 8080));
 * }</pre>
 *
 * <p>Which to use: streams read like blocking code (a request parser awaits {@code readLine},
 * {@code readExactly}) and cost a task resumption and a read operation per read; protocols are
 * state machines written by hand, with nothing between the socket and the callback. Both share
 * the socket layer, the {@link Server}, the {@link StreamOptions} (water marks, backlog) and the
 * guarantees of this package. Protocols run over plain TCP (no TLS).
 *
 * <p><b>Thread.</b> Call on the loop thread; the tasks complete there. A host name is resolved on a
 * background thread.
 *
 * <p><b>Cancellation.</b> Cancelling {@code connect} while it resolves or connects closes its socket
 * (the protocol is never called); cancelling {@code startServer} before it is done closes the
 * listening sockets.
 *
 * <p><b>Exceptions.</b> The tasks fail with the {@link java.io.IOException} of the failing step
 * ({@link java.net.ConnectException}, {@link java.net.BindException}...). What the protocol's
 * callbacks throw is reported to the loop's exception handler and fails that connection only
 * (see {@link Protocol}).
 */
public final class Protocols {
  private Protocols() {}

  /**
   * Starts a TCP server on {@code host:port} (port 0 picks a free port; a null or empty host listens
   * on every interface): each accepted connection gets a new protocol from {@code factory}, which
   * then receives {@link Protocol#connectionMade}. Accepted sockets have TCP_NODELAY set.
   */
  public static Task<Server> startServer(
      Supplier<? extends Protocol> factory, String host, int port) {
    return startServer(factory, host, port, StreamOptions.defaults());
  }

  /**
   * {@link #startServer(Supplier, String, int)} with options: the water marks of each connection's
   * {@link Protocol#pauseWriting()} and the listen backlog (the reader's limit does not apply).
   */
  public static Task<Server> startServer(
      Supplier<? extends Protocol> factory, String host, int port, StreamOptions options) {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(options, "options");
    LoopCore loop = LoopCore.currentOrThrow("Protocols.startServer");
    return Streams.startServer(loop, null, factory, host, port, options, null);
  }

  /**
   * Connects to {@code host:port} (trying each address the name resolves to in turn) and hands the
   * connection to {@code protocol}: the task is done with its transport once {@link
   * Protocol#connectionMade} has returned. If that threw, the connection is closed and the task
   * fails with the exception.
   */
  public static Task<ProtocolTransport> connect(Protocol protocol, String host, int port) {
    return connect(protocol, host, port, StreamOptions.defaults());
  }

  /** {@link #connect(Protocol, String, int)} with the water marks of {@code options}. */
  public static Task<ProtocolTransport> connect(
      Protocol protocol, String host, int port, StreamOptions options) {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(options, "options");
    LoopCore loop = LoopCore.currentOrThrow("Protocols.connect");
    return Streams.connectProtocol(loop, protocol, host, port, options);
  }
}
