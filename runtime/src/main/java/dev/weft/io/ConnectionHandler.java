package dev.weft.io;

import dev.weft.Task;

/**
 * Serves one connection accepted by a {@link Server} (asyncio's {@code client_connected_cb}),
 * usually an {@code @Async} method: {@code Streams.startServer(service::handle, host, port)}.
 *
 * <p>It is called on the loop thread, once per connection (on a TLS server, once the handshake is
 * done), and its task runs as a task of its own. When that task ends the server closes the
 * connection, after sending what the writer still buffers; when it ends by cancellation the server
 * aborts the connection instead (buffered bytes are dropped, so a peer that does not read cannot
 * keep the socket open). An exception thrown by {@code handle} or failing its task is reported to
 * the loop's exception handler; a cancellation is not.
 */
@FunctionalInterface
public interface ConnectionHandler {
  /** Serves the connection read by {@code reader} and written by {@code writer}. */
  Task<Void> handle(StreamReader reader, StreamWriter writer) throws Exception;
}
