package dev.weft.io;

import dev.weft.Task;
import dev.weft.internal.LoopCore;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * What a {@link StreamReader} and a {@link StreamWriter} sit on: a socket, or TLS over a socket.
 * Loop thread only.
 */
abstract class Transport {
  /** The loop this transport belongs to. Any thread. */
  abstract LoopCore loop();

  /** Queues {@code length} bytes of {@code data} (copied or written at once). */
  abstract void write(byte[] data, int offset, int length);

  /**
   * Queues {@code data}'s remaining bytes and consumes them. This default goes through {@link
   * #write(byte[], int, int)} (a copy for a direct buffer); the socket writes a direct buffer
   * straight to the kernel.
   */
  void write(ByteBuffer data) {
    int length = data.remaining();
    if (data.hasArray()) {
      write(data.array(), data.arrayOffset() + data.position(), length);
    } else {
      byte[] copy = new byte[length];
      data.get(data.position(), copy);
      write(copy, 0, length);
    }
    data.position(data.limit());
  }

  /** Done when the buffered bytes are at or below the low-water mark (at once if not paused). */
  abstract Task<Void> drain();

  /** Bytes written but not yet handed to the kernel. */
  abstract int bufferedBytes();

  abstract void setWaterMarks(int highWater, int lowWater);

  abstract int highWater();

  abstract int lowWater();

  /** Half-close: flush, then shut the output down. */
  abstract void writeEof();

  abstract boolean canWriteEof();

  /** Flushes what is buffered, then closes. Idempotent. */
  abstract void close();

  /** Closes at once, dropping what is buffered, with a reset (RST) to the peer. */
  abstract void abort();

  abstract boolean isClosing();

  /** Done when the transport is closed; fails with the error that closed it, if any. */
  abstract Task<Void> closed();

  /** Stops reading from the socket: the reader's buffer is full. Idempotent. */
  abstract void pauseReading();

  /** Reads from the socket again. Idempotent, cheap when reading. */
  abstract void resumeReading();

  abstract SocketAddress localAddress();

  abstract SocketAddress remoteAddress();
}
