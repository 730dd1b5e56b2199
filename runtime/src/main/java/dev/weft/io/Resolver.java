package dev.weft.io;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.internal.LoopCore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Host name resolution off the loop thread: {@link InetAddress#getAllByName} may block for seconds
 * on DNS, so it runs on a small pool of daemon threads and the answer is handed back to the loop. A
 * literal address (IPv4 dotted quad or IPv6) needs no lookup and is answered at once.
 */
final class Resolver {
  private Resolver() {}

  private static final class Holder {
    static final ThreadPoolExecutor EXECUTOR = newExecutor();

    private static ThreadPoolExecutor newExecutor() {
      AtomicInteger count = new AtomicInteger();
      ThreadPoolExecutor executor =
          new ThreadPoolExecutor(
              4,
              4,
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              task -> {
                Thread thread = new Thread(task, "weft-resolver-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      executor.allowCoreThreadTimeOut(true);
      return executor;
    }
  }

  /**
   * The addresses of {@code host} (a null or empty host means the wildcard address). Loop thread
   * only; the task completes on the loop thread, with an {@link UnknownHostException} if the name
   * does not resolve. Cancelling the task abandons the answer (the lookup itself runs to its end).
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
    Promise<InetAddress[]> result = new Promise<>(loop);
    Holder.EXECUTOR.execute(
        () -> {
          InetAddress[] addresses;
          try {
            addresses = InetAddress.getAllByName(host);
          } catch (Throwable e) {
            deliver(loop, () -> result.fail(e));
            return;
          }
          deliver(loop, () -> result.complete(addresses));
        });
    return result;
  }

  private static void deliver(LoopCore loop, Runnable completion) {
    try {
      loop.executeThreadsafe(completion);
    } catch (IllegalStateException loopClosed) {
      // Nobody is left to tell.
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
