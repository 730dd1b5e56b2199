package dev.weft.io;

import java.nio.ByteBuffer;

/**
 * A connection's callbacks, asyncio's {@code Protocol}: the lower-level alternative to streams for
 * servers and clients that want the last per cent of speed. The loop calls them as things happen on
 * the connection; the protocol answers through the {@link ProtocolTransport} it was given. Nothing
 * is awaited and nothing is allocated per call: bytes arrive in the loop's reused read buffer, and
 * {@link ProtocolTransport#write(ByteBuffer)} hands them straight to the socket when it can take
 * them.
 *
 * <pre>{@code
 * final class Echo implements Protocol {
 *   private ProtocolTransport transport;
 *
 *   public void connectionMade(ProtocolTransport transport) { this.transport = transport; }
 *
 *   public void dataReceived(ByteBuffer data) { transport.write(data); }
 * }
 *
 * Server server = await(Protocols.startServer(Echo::new, "127.0.0.1", 8080));
 * }</pre>
 *
 * <p><b>Order.</b> {@link #connectionMade} first, once; then {@link #dataReceived} any number of
 * times, then at most one {@link #eofReceived}; {@link #connectionLost} last, once, however the
 * connection ended. {@link #pauseWriting} and {@link #resumeWriting} alternate, starting with a
 * pause, between the first and the last.
 *
 * <p><b>Thread.</b> Every callback runs on the connection's loop thread, never two at a time.
 *
 * <p><b>Exceptions.</b> A callback that throws (anything, errors included) is reported to the
 * loop's exception handler and fails its connection: the socket is closed at once and {@link
 * #connectionLost} gets that exception. The loop and the other connections go on. What {@link
 * #connectionLost} itself throws is reported only.
 */
public interface Protocol {
  /**
   * The connection is established. Called once, before any other callback, with the transport to
   * write on (keep it). Reading starts when this returns, unless it called {@link
   * ProtocolTransport#pauseReading()}.
   */
  default void connectionMade(ProtocolTransport transport) {}

  /**
   * Bytes arrived: {@code data}'s remaining bytes, at least one. {@code data} is the loop's read
   * buffer, lent for this call only: read or write it here (a {@code transport.write(data)} sends
   * it on without a copy), copy what must outlive the call, and do not keep the buffer itself.
   * Bytes left unread in it are dropped.
   */
  void dataReceived(ByteBuffer data);

  /**
   * The peer closed its side of the connection (it will send nothing more). Return false (the
   * default) to close the connection once what was written is sent; true to keep it half-open,
   * for writing a reply, and close it later with {@link ProtocolTransport#close()}.
   */
  default boolean eofReceived() {
    return false;
  }

  /**
   * The connection is closed and its socket released: called once, last. {@code error} is the
   * exception that ended it (a reset, a failed write, or a callback that threw), or null when it
   * was closed normally (by either side).
   */
  default void connectionLost(Throwable error) {}

  /**
   * More than the transport's high-water mark is buffered, unsent: stop producing until {@link
   * #resumeWriting()} (writes still work meanwhile; they are buffered). asyncio's {@code
   * pause_writing}.
   */
  default void pauseWriting() {}

  /** The buffered bytes fell to the low-water mark again after {@link #pauseWriting()}. */
  default void resumeWriting() {}
}
