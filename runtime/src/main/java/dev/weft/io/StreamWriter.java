package dev.weft.io;

import dev.weft.Task;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The writing half of a stream connection (asyncio's {@code StreamWriter}).
 *
 * <p>{@link #write} never blocks and never suspends: bytes go to the socket at once when nothing is
 * queued, and what the kernel does not take is buffered. Await {@link #drain()} after writing to
 * let the buffer empty: it waits while more than the high-water mark is buffered, until it is down
 * to the low-water mark, so a writer that drains keeps its memory bounded however slow the peer
 * reads.
 *
 * <p><b>Thread.</b> Loop thread only; the tasks complete there.
 *
 * <p><b>Cancellation.</b> Cancelling {@link #drain()} or {@link #waitClosed()} only stops the wait:
 * buffered bytes are still sent and the connection stays as it is.
 *
 * <p><b>Writing after the end.</b> A connection can end under a writer that did not end it: the
 * peer resets it, the socket fails, or the {@link Server} closes it ({@link Server#closeClients()},
 * {@link Server#abortClients()}, or its handler returning while another task still writes). Writes
 * after that are dropped without an exception, as asyncio does, since a task cannot check and write
 * atomically against the network; the fifth dropped write is logged at WARNING ({@code
 * dev.weft.io}), a hint that the task should stop when {@link #drain()} fails or the reader sees
 * the end. Writing after this writer's own {@link #close()}, {@link #abort()} or {@link
 * #writeEof()} is a bug in the caller, and throws {@link IllegalStateException}.
 *
 * <p><b>Exceptions.</b> Once the connection failed (a reset, a broken pipe), {@link #drain()} and
 * {@link #waitClosed()} fail with that {@link java.io.IOException}.
 */
public final class StreamWriter {
  private static final System.Logger LOG = System.getLogger("dev.weft.io");

  /** Which dropped write is logged (asyncio's LOG_THRESHOLD_FOR_CONNLOST_WRITES). */
  private static final int LOGGED_DROPPED_WRITE = 5;

  /** The socket, or the TLS layer once {@link #startTls} took over. */
  private Transport transport;

  /** What this writer's own caller ended it with ({@code "close()"}...), or null. */
  private String endedBy;

  /** Writes dropped because the connection had ended under this writer. */
  private int droppedWrites;

  StreamWriter(Transport transport) {
    this.transport = transport;
  }

  /**
   * Writes {@code data} (the array may be reused as soon as this returns). Once the connection has
   * ended under this writer (a reset, a failure, the server closing it) the bytes are dropped: see
   * the class comment.
   *
   * @throws IllegalStateException after this writer's own {@link #close()}, {@link #abort()} or
   *     {@link #writeEof()}
   */
  public void write(byte[] data) {
    if (acceptsWrite()) {
      transport.write(data, 0, data.length);
    }
  }

  /** Writes {@code length} bytes of {@code data} from {@code offset}; as {@link #write(byte[])}. */
  public void write(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    if (acceptsWrite()) {
      transport.write(data, offset, length);
    }
  }

  /**
   * Writes {@code data}'s remaining bytes and consumes them (its position moves to its limit), so
   * the buffer may be reused as soon as this returns; as {@link #write(byte[])}. A direct buffer
   * goes to the socket as it is when nothing is queued: no copy in between (a buffer filled by
   * {@link StreamReader#readInto} and written back, say).
   */
  public void write(ByteBuffer data) {
    if (acceptsWrite()) {
      transport.write(data);
    } else {
      data.position(data.limit());
    }
  }

  /** Writes {@code text} encoded as UTF-8; as {@link #write(byte[])}. */
  public void write(String text) {
    if (acceptsWrite()) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      transport.write(bytes, 0, bytes.length);
    }
  }

  /**
   * Whether a write goes on to the transport: false (and counted) once the connection ended under
   * this writer; throws once this writer's caller ended it.
   */
  private boolean acceptsWrite() {
    LoopThread.check(transport.loop(), "StreamWriter.write");
    if (endedBy != null) {
      throw new IllegalStateException("write after " + endedBy + " of this StreamWriter");
    }
    if (!transport.isClosing()) {
      return true;
    }
    if (++droppedWrites == LOGGED_DROPPED_WRITE) {
      LOG.log(
          System.Logger.Level.WARNING,
          "{0}: {1} writes dropped since the connection ended (reset, failed, or closed by the"
              + " server); stop writing once drain() fails or the reader sees the end",
          this,
          droppedWrites);
    }
    return false;
  }

  /** The number of writes dropped because the connection had ended under this writer. */
  public int droppedWrites() {
    return droppedWrites;
  }

  /**
   * Waits until the write buffer is down to the low-water mark if it is above the high-water mark;
   * done at once otherwise. Fails with the connection's {@link java.io.IOException} if it failed,
   * or with a {@link java.nio.channels.ClosedChannelException} if it was closed while waiting.
   */
  public Task<Void> drain() {
    LoopThread.check(transport.loop(), "StreamWriter.drain");
    return transport.drain();
  }

  /** The number of bytes written and not yet taken by the kernel. */
  public int bufferedBytes() {
    return transport.bufferedBytes();
  }

  /**
   * Sets the water marks of {@link #drain()}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= lowWater <= highWater}
   */
  public void setWaterMarks(int highWater, int lowWater) {
    LoopThread.check(transport.loop(), "StreamWriter.setWaterMarks");
    StreamOptions.checkWaterMarks(highWater, lowWater);
    transport.setWaterMarks(highWater, lowWater);
  }

  /** The high-water mark of {@link #drain()}. */
  public int highWater() {
    return transport.highWater();
  }

  /** The low-water mark of {@link #drain()}. */
  public int lowWater() {
    return transport.lowWater();
  }

  /**
   * Half-closes: once the buffered bytes are sent, shuts the output down, so the peer reads the end
   * of the stream; this side can still read. Idempotent; later writes throw {@link
   * IllegalStateException}.
   *
   * @throws UnsupportedOperationException over TLS ({@link #canWriteEof()} is false there):
   *     close_notify ends both directions, so {@link #close()} instead
   */
  public void writeEof() {
    LoopThread.check(transport.loop(), "StreamWriter.writeEof");
    transport.writeEof(); // first: over TLS it throws, and writing stays possible
    if (endedBy == null) {
      endedBy = "writeEof()";
    }
  }

  /** Whether {@link #writeEof()} is supported: true for plain TCP, false over TLS. */
  public boolean canWriteEof() {
    return transport.canWriteEof();
  }

  /**
   * Closes the connection once the buffered bytes are sent; reading stops at once, and a pending
   * read sees the end of the stream. Idempotent; never throws. Await {@link #waitClosed()} to know
   * when the socket is closed. Later writes throw {@link IllegalStateException}.
   */
  public void close() {
    LoopThread.check(transport.loop(), "StreamWriter.close");
    if (endedBy == null || endedBy.equals("writeEof()")) {
      endedBy = "close()";
    }
    transport.close();
  }

  /**
   * Closes at once, dropping buffered bytes and resetting the connection (RST). Idempotent. Later
   * writes throw {@link IllegalStateException}.
   */
  public void abort() {
    LoopThread.check(transport.loop(), "StreamWriter.abort");
    if (endedBy == null || endedBy.equals("writeEof()")) {
      endedBy = "abort()";
    }
    transport.abort();
  }

  /** {@link #close()} for the server: later writes are dropped, not refused. */
  void closeFromServer() {
    transport.close();
  }

  /** {@link #abort()} for the server: later writes are dropped, not refused. */
  void abortFromServer() {
    transport.abort();
  }

  /**
   * Whether the connection is ending or has ended: {@link #close()}, {@link #abort()} was called,
   * the server closed it, or it failed. Writes then are dropped or refused (see {@link
   * #write(byte[])}).
   */
  public boolean isClosing() {
    return transport.isClosing();
  }

  /**
   * Done once the socket is closed; fails with the {@link java.io.IOException} that closed it, if
   * one did.
   */
  public Task<Void> waitClosed() {
    LoopThread.check(transport.loop(), "StreamWriter.waitClosed");
    return transport.closed();
  }

  /** The local address of the socket, or null once closed. */
  public SocketAddress localAddress() {
    return transport.localAddress();
  }

  /** The address of the peer, or null once closed. */
  public SocketAddress remoteAddress() {
    return transport.remoteAddress();
  }

  /**
   * Upgrades this connection to TLS in place (asyncio's {@code start_tls}), for protocols that
   * switch after a plaintext exchange (STARTTLS). A connection a {@link Server} accepted takes the
   * server's side; any other the client's, which verifies that the server's certificate is for the
   * host it connected to. The same reader and writer then carry plaintext over TLS; bytes written
   * meanwhile are sent once the handshake is done.
   *
   * @return a task done when the handshake is; it fails with the {@link javax.net.ssl.SSLException}
   *     that failed it (the connection is then closed). Cancelling it only stops the wait.
   * @throws IllegalStateException if TLS already runs, or the connection is closing
   */
  public Task<Void> startTls(javax.net.ssl.SSLContext context) {
    return startTls(context, StreamOptions.defaults());
  }

  /**
   * {@link #startTls(javax.net.ssl.SSLContext)} with the client's {@linkplain
   * StreamOptions#withServerHostname expected name} and {@linkplain
   * StreamOptions#withHostnameVerification verification} taken from {@code options}.
   */
  public Task<Void> startTls(javax.net.ssl.SSLContext context, StreamOptions options) {
    LoopThread.check(transport.loop(), "StreamWriter.startTls");
    Objects.requireNonNull(context, "context");
    return Tls.start(this, context, options).handshake();
  }

  /** The TLS session once TLS runs (its handshake may still be going on), else null. */
  public javax.net.ssl.SSLSession tlsSession() {
    Transport current = transport;
    return current instanceof TlsTransport ? ((TlsTransport) current).engine().getSession() : null;
  }

  Transport transport() {
    return transport;
  }

  void setTransport(Transport next) {
    this.transport = next;
  }

  @Override
  public String toString() {
    return "StreamWriter[" + transport + "]";
  }
}
