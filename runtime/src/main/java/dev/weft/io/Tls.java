package dev.weft.io;

import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** Starting TLS on a plain stream connection. */
final class Tls {
  private Tls() {}

  /**
   * Puts TLS between the socket of {@code writer}'s connection and its reader and writer, on the
   * side the connection was made from: a connection a {@link Server} accepted takes the server's
   * side, any other the client's, which checks the server's certificate against {@code
   * options.serverHostname()} (or the host it connected to) unless told not to.
   *
   * @throws IllegalStateException if TLS already runs on the connection, or it is closing
   */
  static TlsTransport start(StreamWriter writer, SSLContext context, StreamOptions options) {
    Transport current = writer.transport();
    if (!(current instanceof SocketTransport)) {
      throw new IllegalStateException("TLS already runs on this connection");
    }
    SocketTransport raw = (SocketTransport) current;
    if (raw.isClosing()) {
      throw new IllegalStateException("the connection is closing");
    }
    SSLEngine engine;
    if (raw.isServerSide()) {
      engine = context.createSSLEngine();
      engine.setUseClientMode(false);
    } else {
      String name = options.serverHostname() != null ? options.serverHostname() : raw.peerHost();
      InetSocketAddress remote = (InetSocketAddress) raw.remoteAddress();
      engine = context.createSSLEngine(name, remote == null ? -1 : remote.getPort());
      engine.setUseClientMode(true);
      SSLParameters parameters = engine.getSSLParameters();
      if (options.verifyHostname()) {
        // The JDK checks the name against the certificate's subject alternative names (RFC 2818).
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
      }
      if (name != null && !Resolver.isLiteral(name)) {
        parameters.setServerNames(List.of(new SNIHostName(name)));
      }
      engine.setSSLParameters(parameters);
    }
    TlsTransport tls =
        new TlsTransport(raw.loop(), raw, engine, nanos(options.tlsHandshakeTimeout()));
    writer.setTransport(tls);
    tls.start();
    return tls;
  }

  private static long nanos(java.time.Duration timeout) {
    try {
      return timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE / 4;
    }
  }
}
