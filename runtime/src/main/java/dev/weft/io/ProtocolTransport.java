package dev.weft.io;

import dev.weft.Task;
import dev.weft.internal.LoopCore;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A connection as a {@link Protocol} sees it, asyncio's {@code Transport}: where the protocol
 * writes, closes, and pauses reading.
 *
 * <p><b>Writing.</b> {@link #write(ByteBuffer)} never blocks: the bytes go to the socket at once
 * when nothing is queued (from a direct buffer, such as the one {@link Protocol#dataReceived}
 * lends, without any copy), and only what the kernel does not take is copied into the
 * connection's outgoing buffer, which is sent as the socket becomes writable. The protocol's
 * {@link Protocol#pauseWriting()} is called when more than the high-water mark is buffered, {@link
 * Protocol#resumeWriting()} when it is down to the low-water mark (64 KiB and 16 KiB by default, or
 * the {@link StreamOptions} the server or connection was made with). In the steady state of a
 * request/response protocol nothing here allocates.
 *
 * <p><b>Thread.</b> Loop thread only: calls from another thread while the loop runs throw {@link
 * IllegalStateException} (hand them to the loop with {@code loop.callSoonThreadsafe}). Queries
 * ({@link #bufferedBytes()}, {@link #isClosing()}...) do not check.
 *
 * <p><b>After the end.</b> Once the connection ended under the protocol (the peer reset it, the
 * socket failed, the server closed it), writes are dropped without an exception, as asyncio does.
 * Writing after this transport's own {@link #close()}, {@link #abort()} or {@link #writeEof()} is
 * a bug in the caller and throws {@link IllegalStateException}.
 */
public final class ProtocolTransport {
  private final SocketTransport socket;
  private final Protocol protocol;
  private final LoopCore loop;

  /** What this transport's own caller ended it with ({@code "close()"}...), or null. */
  private String endedBy;

  private boolean writingPausedReported;

  private ProtocolTransport(SocketTransport socket, Protocol protocol) {
    this.socket = socket;
    this.protocol = protocol;
    this.loop = socket.loop();
    socket.setInbound(new Delivery());
    socket.setProtocolSide(this);
  }

  /**
   * A server's accepted socket: makes its protocol with {@code factory}, calls {@link
   * Protocol#connectionMade}, then starts reading. From a ready-queue callback: the factory and the
   * callback are user code; what they throw is reported to the loop's exception handler and closes
   * this connection only.
   */
  static void accepted(SocketTransport socket, Supplier<? extends Protocol> factory, String what) {
    if (socket.isClosing()) {
      return;
    }
    Protocol protocol;
    try {
      protocol = Objects.requireNonNull(factory.get(), "the protocol factory returned null");
    } catch (Throwable e) {
      socket.abort();
      LoopCore.rethrowIfThreadDeath(e);
      socket.loop().reportUncaught("the protocol factory of " + what, e);
      return;
    }
    try {
      connected(socket, protocol);
    } catch (Throwable e) {
      LoopCore.rethrowIfThreadDeath(e);
      socket.loop().reportUncaught("Protocol.connectionMade of " + protocol, e);
    }
  }

  /**
   * Hands a connected socket to {@code protocol}: {@link Protocol#connectionMade}, then reading.
   * Rethrows what connectionMade throws, once the connection is failed with it.
   */
  static ProtocolTransport connected(SocketTransport socket, Protocol protocol) throws Throwable {
    ProtocolTransport transport = new ProtocolTransport(socket, protocol);
    try {
      protocol.connectionMade(transport);
    } catch (Throwable e) {
      socket.fail(e); // connectionLost(e) follows
      throw e;
    }
    socket.start(); // unless it paused reading, or closed
    return transport;
  }

  /** The protocol this transport serves. */
  public Protocol protocol() {
    return protocol;
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /**
   * Writes {@code data}'s remaining bytes, and consumes them (its position moves to its limit), so
   * the buffer may be reused as soon as this returns. Never blocks; see the class comment.
   *
   * @throws IllegalStateException after this transport's own {@link #close()}, {@link #abort()} or
   *     {@link #writeEof()}
   */
  public void write(ByteBuffer data) {
    if (acceptsWrite()) {
      socket.write(data);
    } else {
      data.position(data.limit());
    }
  }

  /** Writes {@code length} bytes of {@code data} from {@code offset}; as {@link #write(ByteBuffer)}. */
  public void write(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    if (acceptsWrite()) {
      socket.write(data, offset, length);
    }
  }

  /** Writes all of {@code data}; as {@link #write(ByteBuffer)}. */
  public void write(byte[] data) {
    write(data, 0, data.length);
  }

  private boolean acceptsWrite() {
    LoopThread.check(loop, "ProtocolTransport.write");
    if (endedBy != null) {
      throw new IllegalStateException("write after " + endedBy + " of this ProtocolTransport");
    }
    return !socket.isClosing();
  }

  /** The number of bytes written and not yet taken by the kernel. */
  public int bufferedBytes() {
    return socket.bufferedBytes();
  }

  /**
   * Sets when {@link Protocol#pauseWriting()} (more than {@code highWater} bytes buffered) and
   * {@link Protocol#resumeWriting()} (down to {@code lowWater}) are called.
   *
   * @throws IllegalArgumentException unless {@code 0 <= lowWater <= highWater}
   */
  public void setWaterMarks(int highWater, int lowWater) {
    LoopThread.check(loop, "ProtocolTransport.setWaterMarks");
    StreamOptions.checkWaterMarks(highWater, lowWater);
    socket.setWaterMarks(highWater, lowWater);
  }

  /** The high-water mark of {@link Protocol#pauseWriting()}. */
  public int highWater() {
    return socket.highWater();
  }

  /** The low-water mark of {@link Protocol#resumeWriting()}. */
  public int lowWater() {
    return socket.lowWater();
  }

  /** From the socket: the buffered bytes crossed the high-water mark. */
  void writingPaused() {
    if (!writingPausedReported) {
      writingPausedReported = true;
      protocol.pauseWriting(); // what it throws fails the connection (see SocketTransport)
    }
  }

  /** From the socket: the buffered bytes fell to the low-water mark. */
  void writingResumed() {
    if (writingPausedReported) {
      writingPausedReported = false;
      protocol.resumeWriting();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * Stops reading from the socket: no {@link Protocol#dataReceived} until {@link
   * #resumeReading()}, and the peer is slowed down by TCP's flow control. Idempotent.
   */
  public void pauseReading() {
    LoopThread.check(loop, "ProtocolTransport.pauseReading");
    socket.pauseReading();
  }

  /** Reads from the socket again after {@link #pauseReading()}. Idempotent. */
  public void resumeReading() {
    LoopThread.check(loop, "ProtocolTransport.resumeReading");
    socket.resumeReading();
  }

  /** Whether the transport reads from the socket (not paused, not closing, no end of stream). */
  public boolean isReading() {
    return socket.isReading();
  }

  // ---------------------------------------------------------------------------------------------
  // Ending

  /**
   * Half-closes: once the buffered bytes are sent, shuts the output down, so the peer reads the end
   * of the stream; this side can still read. Idempotent; later writes throw {@link
   * IllegalStateException}.
   */
  public void writeEof() {
    LoopThread.check(loop, "ProtocolTransport.writeEof");
    if (endedBy == null) {
      endedBy = "writeEof()";
    }
    socket.writeEof();
  }

  /** True: a plain TCP connection can be half-closed ({@link #writeEof()}). */
  public boolean canWriteEof() {
    return socket.canWriteEof();
  }

  /**
   * Closes the connection once the buffered bytes are sent; reading stops at once. {@link
   * Protocol#connectionLost} follows with null. Idempotent; never throws. Later writes throw {@link
   * IllegalStateException}.
   */
  public void close() {
    LoopThread.check(loop, "ProtocolTransport.close");
    if (endedBy == null || endedBy.equals("writeEof()")) {
      endedBy = "close()";
    }
    socket.close();
  }

  /**
   * Closes at once, dropping buffered bytes and resetting the connection (RST). Idempotent. Later
   * writes throw {@link IllegalStateException}.
   */
  public void abort() {
    LoopThread.check(loop, "ProtocolTransport.abort");
    if (endedBy == null || endedBy.equals("writeEof()")) {
      endedBy = "abort()";
    }
    socket.abort();
  }

  /** Whether the connection is ending or has ended (closed by either side, or failed). */
  public boolean isClosing() {
    return socket.isClosing();
  }

  /**
   * Done once the socket is closed (right before {@link Protocol#connectionLost}); fails with the
   * exception that closed it, if one did. Cancelling it only stops the wait.
   */
  public Task<Void> waitClosed() {
    LoopThread.check(loop, "ProtocolTransport.waitClosed");
    return socket.closed();
  }

  /** The local address of the socket, or null once closed. */
  public SocketAddress localAddress() {
    return socket.localAddress();
  }

  /** The address of the peer, or null once closed. */
  public SocketAddress remoteAddress() {
    return socket.remoteAddress();
  }

  /** From the socket, once it is closed: the protocol's last callback. */
  void lost(Throwable error) {
    try {
      protocol.connectionLost(error);
    } catch (Throwable e) {
      LoopCore.rethrowIfThreadDeath(e);
      loop.reportUncaught("Protocol.connectionLost of " + protocol, e); // nothing left to fail
    }
  }

  @Override
  public String toString() {
    return "ProtocolTransport[" + socket + ", " + protocol + "]";
  }

  /**
   * What the socket reads goes to the protocol. Called inline from the socket's readiness: what
   * the protocol throws is reported and fails the connection there (IoRegistry's owner).
   */
  private final class Delivery implements Inbound {
    @Override
    public void feedData(ByteBuffer data) {
      protocol.dataReceived(data);
    }

    @Override
    public void feedEof() {
      if (socket.isClosing()) {
        return; // the socket telling its inbound that it closed: connectionLost says that
      }
      if (!protocol.eofReceived()) {
        socket.close();
      }
    }

    @Override
    public void setException(Throwable failure) {
      // Nothing: connectionLost(failure) follows once the socket is closed.
    }
  }
}
