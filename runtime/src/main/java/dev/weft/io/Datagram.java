package dev.weft.io;

import java.net.InetSocketAddress;

/** One received UDP datagram: its bytes and who sent it. Immutable once received. */
public final class Datagram {
  private final byte[] data;
  private final InetSocketAddress sender;

  Datagram(byte[] data, InetSocketAddress sender) {
    this.data = data;
    this.sender = sender;
  }

  /** The payload (the array itself, not a copy). */
  public byte[] data() {
    return data;
  }

  /** The address it came from. */
  public InetSocketAddress sender() {
    return sender;
  }

  @Override
  public String toString() {
    return "Datagram[" + data.length + " bytes from " + sender + "]";
  }
}
