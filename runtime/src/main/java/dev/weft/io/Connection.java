package dev.weft.io;

import java.net.SocketAddress;

/**
 * An open stream connection: its {@link #reader()} and {@link #writer()} (asyncio's {@code (reader,
 * writer)} pair). Loop thread only.
 */
public final class Connection implements AutoCloseable {
  private final StreamReader reader;
  private final StreamWriter writer;

  Connection(StreamReader reader, StreamWriter writer) {
    this.reader = reader;
    this.writer = writer;
  }

  /** The reading half. */
  public StreamReader reader() {
    return reader;
  }

  /** The writing half. */
  public StreamWriter writer() {
    return writer;
  }

  /** The local address, or null once closed. */
  public SocketAddress localAddress() {
    return writer.localAddress();
  }

  /** The peer's address, or null once closed. */
  public SocketAddress remoteAddress() {
    return writer.remoteAddress();
  }

  /** {@link StreamWriter#close()}: closes once buffered bytes are sent. Never throws. */
  @Override
  public void close() {
    writer.close();
  }

  @Override
  public String toString() {
    return "Connection[" + writer.transport() + "]";
  }
}
