package dev.weft.io;

import java.nio.ByteBuffer;

/**
 * The loop thread's scratch buffer for socket reads. One direct buffer per thread: the kernel
 * copies into it without the JDK's hidden temporary copy (a heap buffer is read through a temporary
 * direct one), and the bytes are then copied once into the reader's own array, which only ever
 * holds unread data. So 2,000 idle connections cost 2,000 small arrays, not 2,000 64 KiB buffers,
 * and a read allocates nothing.
 */
final class ReadBuffer {
  static final int SIZE = 64 * 1024;

  private static final ThreadLocal<ByteBuffer> BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SIZE));

  private ReadBuffer() {}

  /** This thread's scratch buffer; its contents are only valid until the next call. */
  static ByteBuffer get() {
    return BUFFER.get();
  }
}
