package dev.weft.io;

import java.nio.ByteBuffer;

/**
 * Where a socket transport delivers what it reads: the {@link StreamReader} of a plain connection,
 * or the TLS layer of an encrypted one. Loop thread only.
 */
interface Inbound {
  /** Bytes arrived; {@code data} is drained by the call and not kept. */
  void feedData(ByteBuffer data);

  /** The peer closed its side of the stream. */
  void feedEof();

  /** The connection failed with {@code failure}. */
  void setException(Throwable failure);
}
