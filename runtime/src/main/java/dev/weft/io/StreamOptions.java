package dev.weft.io;

import java.time.Duration;

/**
 * Tuning of stream connections and servers: the reader's limit, the writer's water marks, the
 * listen backlog and the TLS client's host name checks. Immutable; each {@code with...} method
 * returns a copy. Any thread.
 */
public final class StreamOptions {
  private static final StreamOptions DEFAULTS =
      new StreamOptions(
          StreamReader.DEFAULT_LIMIT,
          64 * 1024,
          16 * 1024,
          1024,
          null,
          true,
          Duration.ofSeconds(60));

  private final int limit;
  private final int highWater;
  private final int lowWater;
  private final int backlog;
  private final String serverHostname;
  private final boolean verifyHostname;
  private final Duration tlsHandshakeTimeout;

  private StreamOptions(
      int limit,
      int highWater,
      int lowWater,
      int backlog,
      String serverHostname,
      boolean verifyHostname,
      Duration tlsHandshakeTimeout) {
    this.limit = limit;
    this.highWater = highWater;
    this.lowWater = lowWater;
    this.backlog = backlog;
    this.serverHostname = serverHostname;
    this.verifyHostname = verifyHostname;
    this.tlsHandshakeTimeout = tlsHandshakeTimeout;
  }

  /**
   * The defaults: a 64 KiB reader limit, a 64 KiB high-water and a 16 KiB low-water mark (as
   * asyncio), a backlog of 1024.
   */
  public static StreamOptions defaults() {
    return DEFAULTS;
  }

  /**
   * With the reader's limit: the most a separator read buffers, and (twice it) where reading from
   * the socket pauses.
   *
   * @throws IllegalArgumentException if not positive
   */
  public StreamOptions withLimit(int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    return new StreamOptions(
        limit, highWater, lowWater, backlog, serverHostname, verifyHostname, tlsHandshakeTimeout);
  }

  /**
   * With the writer's water marks: {@code drain()} waits once more than {@code highWater} bytes are
   * buffered, until they are down to {@code lowWater}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= lowWater <= highWater}
   */
  public StreamOptions withWaterMarks(int highWater, int lowWater) {
    checkWaterMarks(highWater, lowWater);
    return new StreamOptions(
        limit, highWater, lowWater, backlog, serverHostname, verifyHostname, tlsHandshakeTimeout);
  }

  /** With the listen backlog of servers (the kernel may cap it). */
  public StreamOptions withBacklog(int backlog) {
    if (backlog <= 0) {
      throw new IllegalArgumentException("backlog must be positive: " + backlog);
    }
    return new StreamOptions(
        limit, highWater, lowWater, backlog, serverHostname, verifyHostname, tlsHandshakeTimeout);
  }

  /**
   * With the name a TLS client expects in the server's certificate (and sends as SNI), instead of
   * the host it connects to.
   */
  public StreamOptions withServerHostname(String serverHostname) {
    return new StreamOptions(
        limit, highWater, lowWater, backlog, serverHostname, verifyHostname, tlsHandshakeTimeout);
  }

  /**
   * With or without TLS hostname verification on the client side. It is on by default: turning it
   * off accepts any certificate the trust store trusts, whatever name it is for.
   */
  public StreamOptions withHostnameVerification(boolean verifyHostname) {
    return new StreamOptions(
        limit, highWater, lowWater, backlog, serverHostname, verifyHostname, tlsHandshakeTimeout);
  }

  /**
   * With the longest a TLS handshake may take (60 seconds by default, as asyncio's): a peer that
   * has not finished it by then is disconnected and the handshake fails with an {@link
   * javax.net.ssl.SSLHandshakeException}. So a client that connects to a TLS server and stays
   * silent cannot hold a socket forever (its handler has not started, so it cannot time it out).
   *
   * @throws IllegalArgumentException if not positive
   */
  public StreamOptions withTlsHandshakeTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the TLS handshake timeout must be positive: " + timeout);
    }
    return new StreamOptions(
        limit, highWater, lowWater, backlog, serverHostname, verifyHostname, timeout);
  }

  static void checkWaterMarks(int highWater, int lowWater) {
    if (lowWater < 0 || lowWater > highWater) {
      throw new IllegalArgumentException(
          "need 0 <= lowWater <= highWater, got high=" + highWater + ", low=" + lowWater);
    }
  }

  /** The reader's limit. */
  public int limit() {
    return limit;
  }

  /** The writer's high-water mark. */
  public int highWater() {
    return highWater;
  }

  /** The writer's low-water mark. */
  public int lowWater() {
    return lowWater;
  }

  /** The listen backlog. */
  public int backlog() {
    return backlog;
  }

  /** The name a TLS client verifies, or null for the host it connects to. */
  public String serverHostname() {
    return serverHostname;
  }

  /** Whether a TLS client verifies the server's host name (the default). */
  public boolean verifyHostname() {
    return verifyHostname;
  }

  /** The longest a TLS handshake may take. */
  public Duration tlsHandshakeTimeout() {
    return tlsHandshakeTimeout;
  }

  @Override
  public String toString() {
    return "StreamOptions[limit="
        + limit
        + ", highWater="
        + highWater
        + ", lowWater="
        + lowWater
        + ", backlog="
        + backlog
        + (serverHostname != null ? ", serverHostname=" + serverHostname : "")
        + (verifyHostname ? "" : ", no hostname verification")
        + "]";
  }
}
