package dev.weft.io;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.internal.LoopCore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Host name resolution off the loop thread: {@link InetAddress#getAllByName} may block for seconds
 * on DNS, so it runs on the loop's default executor ({@link EventLoop#runInExecutor}, as asyncio's
 * {@code getaddrinfo} does) and the answer comes back to the loop thread. A literal address (IPv4
 * dotted quad or IPv6) needs no lookup and is answered at once.
 *
 * <p>Sharing the default executor means no threads of its own: they are made on first use, end when
 * idle, and are shut down with the loop (a lookup still running then is dropped). After {@link
 * EventLoop#shutdownDefaultExecutor()} names no longer resolve (literals still work).
 */
final class Resolver {
  private Resolver() {}

  /**
   * The addresses of {@code host} (a null or empty host means the wildcard address). Loop thread
   * only; the task completes on the loop thread, with an {@link UnknownHostException} if the name
   * does not resolve, or a {@link RejectedExecutionException} if the default executor is shut down.
   * Cancelling the task abandons the answer (and interrupts the lookup, which may ignore it).
   */
  static Task<InetAddress[]> resolve(LoopCore loop, String host) {
    if (host == null || host.isEmpty()) {
      // The wildcard address: "::" where IPv6 is available (dual-stack: IPv4 too), else 0.0.0.0.
      return Task.of(new InetAddress[] {new InetSocketAddress(0).getAddress()});
    }
    if (isLiteral(host)) {
      try {
        // For a literal, getByName only checks the format: no lookup, so no blocking.
        return Task.of(new InetAddress[] {InetAddress.getByName(host)});
      } catch (UnknownHostException e) {
        return Task.failed(e);
      }
    }
    try {
      return ((EventLoop) loop.facade()).runInExecutor(() -> InetAddress.getAllByName(host));
    } catch (RejectedExecutionException e) {
      return Task.failed(e);
    }
  }

  /** Whether {@code host} is an IP literal, which needs no lookup. */
  static boolean isLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true; // IPv6, possibly bracketed or with a scope
    }
    int dots = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return dots == 3;
  }
}
