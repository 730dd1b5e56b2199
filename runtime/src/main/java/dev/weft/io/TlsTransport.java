package dev.weft.io;

import dev.weft.Handle;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.internal.LoopCore;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * TLS over a {@link SocketTransport}, through an {@link SSLEngine} (asyncio's {@code SSLProtocol}):
 * ciphertext read from the socket is unwrapped into the connection's {@link StreamReader}, and what
 * the {@link StreamWriter} writes is wrapped into ciphertext written to the socket, whose buffer
 * and water marks then bound the memory.
 *
 * <p>The engine's delegated tasks (certificate checks, key agreement) run inline on the loop: they
 * compute, they do not wait on I/O. Writes made before the handshake is done are kept and sent
 * right after it. Loop thread only.
 */
final class TlsTransport extends Transport implements Inbound {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SocketTransport raw;
  private final SSLEngine engine;
  private final StreamReader reader;
  private final Promise<Void> handshake;
  private final long handshakeTimeoutNanos;
  private Handle handshakeTimer;

  /** Ciphertext received and not yet unwrapped, in write mode (position = bytes held). */
  private ByteBuffer netIn;

  /** Plaintext out of the engine, handed to the reader after each unwrap. */
  private ByteBuffer appIn;

  /** Ciphertext out of the engine, handed to the socket after each wrap. */
  private ByteBuffer netOut;

  /** Plaintext written before the handshake finished. */
  private byte[] pending = new byte[0];

  private int pendingLength;

  private boolean handshakeDone;
  private boolean closing;
  private boolean inboundClosed;

  @Override
  LoopCore loop() {
    return raw.loop();
  }

  TlsTransport(LoopCore loop, SocketTransport raw, SSLEngine engine, long handshakeTimeoutNanos) {
    this.raw = raw;
    this.handshakeTimeoutNanos = handshakeTimeoutNanos;
    this.engine = engine;
    this.reader = raw.streamReader();
    this.handshake = new Promise<>(loop);
    int packet = engine.getSession().getPacketBufferSize();
    int application = engine.getSession().getApplicationBufferSize();
    this.netIn = ByteBuffer.allocate(packet);
    this.appIn = ByteBuffer.allocate(application);
    this.netOut = ByteBuffer.allocate(packet);
  }

  /** Takes the connection over and starts the handshake; the task is done when it is. */
  Task<Void> start() {
    raw.setInbound(this);
    reader.setTransport(this);
    LoopCore loop = raw.loop();
    handshakeTimer = loop.callAt(loop.now() + handshakeTimeoutNanos, this::handshakeTimedOut);
    handshake.whenDone(done -> handshakeTimer.cancel());
    try {
      engine.beginHandshake();
    } catch (SSLException e) {
      raw.fail(e);
      return handshake;
    }
    pump();
    return handshake;
  }

  Task<Void> handshake() {
    return handshake;
  }

  private void handshakeTimedOut() {
    if (!handshake.isDone()) {
      fail(
          new SSLHandshakeException(
              "the TLS handshake did not finish within "
                  + handshakeTimeoutNanos / 1_000_000
                  + " ms"));
    }
  }

  SSLEngine engine() {
    return engine;
  }

  // ---------------------------------------------------------------------------------------------
  // Inbound: ciphertext from the socket

  @Override
  public void feedData(ByteBuffer data) {
    if (netIn.remaining() < data.remaining()) {
      ByteBuffer grown = ByteBuffer.allocate(netIn.position() + data.remaining() + 4096);
      netIn.flip();
      grown.put(netIn);
      netIn = grown;
    }
    netIn.put(data);
    pump();
  }

  @Override
  public void feedEof() {
    if (!inboundClosed) {
      inboundClosed = true;
      try {
        engine.closeInbound();
      } catch (SSLException truncated) {
        // The peer closed TCP without close_notify. After the handshake that is only an end
        // of stream (as most TLS stacks treat it); during it the handshake fails.
        if (!handshakeDone) {
          fail(
              new SSLHandshakeException("the peer closed the connection during the TLS handshake"));
          return;
        }
      }
    }
    if (!handshakeDone) {
      handshake.fail(new SSLHandshakeException("the connection closed during the TLS handshake"));
    }
    reader.feedEof();
  }

  @Override
  public void setException(Throwable failure) {
    if (!handshake.isDone()) {
      handshake.fail(failure);
    }
    reader.setException(failure);
  }

  /** Runs the engine as far as the bytes at hand allow: handshake steps, then application data. */
  private void pump() {
    try {
      for (; ; ) {
        HandshakeStatus status = engine.getHandshakeStatus();
        if (status == HandshakeStatus.NEED_TASK) {
          Runnable task;
          while ((task = engine.getDelegatedTask()) != null) {
            task.run();
          }
          continue;
        }
        if (status == HandshakeStatus.NEED_WRAP) {
          if (wrap(EMPTY).getStatus() == SSLEngineResult.Status.CLOSED
              && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            return;
          }
          continue;
        }
        if (status == HandshakeStatus.NOT_HANDSHAKING && !handshakeDone) {
          handshakeFinished();
        }
        if (netIn.position() == 0 && status != HandshakeStatus.NEED_UNWRAP_AGAIN) {
          return; // nothing to unwrap: wait for the socket
        }
        if (!unwrap()) {
          return;
        }
      }
    } catch (SSLException e) {
      fail(e);
    } catch (RuntimeException e) {
      fail(new SSLException(e));
    }
  }

  /** One unwrap; false when more ciphertext is needed or nothing more can happen now. */
  private boolean unwrap() throws SSLException {
    netIn.flip();
    SSLEngineResult result;
    try {
      result = engine.unwrap(netIn, appIn);
    } finally {
      netIn.compact();
    }
    if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
      handshakeFinished();
    }
    if (appIn.position() > 0) {
      appIn.flip();
      reader.feedData(appIn);
      appIn.clear();
    }
    switch (result.getStatus()) {
      case BUFFER_UNDERFLOW:
        if (netIn.capacity() < engine.getSession().getPacketBufferSize()) {
          ByteBuffer grown = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
          netIn.flip();
          grown.put(netIn);
          netIn = grown;
        }
        return false;
      case BUFFER_OVERFLOW:
        appIn =
            ByteBuffer.allocate(
                Math.max(appIn.capacity() * 2, engine.getSession().getApplicationBufferSize()));
        return true;
      case CLOSED:
        // The peer's close_notify: the end of the stream. Answer it if the engine wants to.
        if (!inboundClosed) {
          inboundClosed = true;
          reader.feedEof();
        }
        return engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
      default:
        return result.bytesConsumed() > 0
            || result.bytesProduced() > 0
            || engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING;
    }
  }

  /** Wraps {@code source} (all of it) and writes the ciphertext to the socket. */
  private SSLEngineResult wrap(ByteBuffer source) throws SSLException {
    SSLEngineResult result;
    do {
      netOut.clear();
      result = engine.wrap(source, netOut);
      if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
        netOut =
            ByteBuffer.allocate(
                Math.max(netOut.capacity() * 2, engine.getSession().getPacketBufferSize()));
        continue;
      }
      if (netOut.position() > 0 && !raw.isClosing()) {
        raw.write(netOut.array(), 0, netOut.position());
      }
      if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
        handshakeFinished();
      }
      if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
        return result;
      }
    } while (source.hasRemaining());
    return result;
  }

  private void handshakeFinished() throws SSLException {
    if (handshakeDone) {
      return;
    }
    handshakeDone = true;
    if (pendingLength > 0) {
      ByteBuffer early = ByteBuffer.wrap(pending, 0, pendingLength);
      pending = new byte[0];
      pendingLength = 0;
      wrap(early);
    }
    handshake.complete(null);
  }

  private void fail(SSLException e) {
    raw.fail(e); // closes the socket; tells this layer through setException
  }

  // ---------------------------------------------------------------------------------------------
  // Outbound: plaintext from the writer

  @Override
  void write(byte[] data, int offset, int length) {
    if (closing) {
      throw new IllegalStateException("write after close(): the connection is closing");
    }
    if (length == 0 || raw.isClosing()) {
      return; // a failed connection drops writes; drain() reports the failure
    }
    if (!handshakeDone) {
      if (pending.length - pendingLength < length) {
        pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
      }
      System.arraycopy(data, offset, pending, pendingLength, length);
      pendingLength += length;
      return;
    }
    try {
      wrap(ByteBuffer.wrap(data, offset, length));
    } catch (SSLException e) {
      fail(e);
    }
  }

  @Override
  Task<Void> drain() {
    if (!handshakeDone) {
      return handshake; // the first drain also waits for the handshake (and its failure)
    }
    return raw.drain();
  }

  @Override
  int bufferedBytes() {
    return raw.bufferedBytes() + pendingLength;
  }

  @Override
  void setWaterMarks(int highWater, int lowWater) {
    raw.setWaterMarks(highWater, lowWater);
  }

  @Override
  int highWater() {
    return raw.highWater();
  }

  @Override
  int lowWater() {
    return raw.lowWater();
  }

  @Override
  void writeEof() {
    throw new UnsupportedOperationException(
        "a TLS connection cannot half-close (close_notify ends both directions): close() it");
  }

  @Override
  boolean canWriteEof() {
    return false;
  }

  /** Sends close_notify after what is buffered, then closes the socket. */
  @Override
  void close() {
    if (closing) {
      return;
    }
    closing = true;
    if (handshakeDone && !raw.isClosing()) {
      engine.closeOutbound();
      try {
        wrap(EMPTY);
      } catch (SSLException e) {
        // Closing anyway.
      }
    }
    raw.close();
  }

  @Override
  void abort() {
    closing = true;
    raw.abort();
  }

  @Override
  boolean isClosing() {
    return closing || raw.isClosing();
  }

  @Override
  Task<Void> closed() {
    return raw.closed();
  }

  @Override
  void pauseReading() {
    raw.pauseReading();
  }

  @Override
  void resumeReading() {
    raw.resumeReading();
  }

  @Override
  SocketAddress localAddress() {
    return raw.localAddress();
  }

  @Override
  SocketAddress remoteAddress() {
    return raw.remoteAddress();
  }

  @Override
  public String toString() {
    return "TlsTransport[" + engine.getSession().getProtocol() + " over " + raw + "]";
  }
}
