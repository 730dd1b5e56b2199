package dev.weft.io;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.internal.IoRegistry;
import dev.weft.internal.LoopCore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A UDP socket on the loop (asyncio's datagram endpoint), with awaitable {@link #send} and {@link
 * #receive}.
 *
 * <pre>{@code
 * DatagramEndpoint udp = await(DatagramEndpoint.bind("127.0.0.1", 0));
 * await(udp.send("ping".getBytes(UTF_8), peer));
 * Datagram reply = await(udp.receive());
 * udp.close();
 * }</pre>
 *
 * <p><b>Thread.</b> Loop thread only; the tasks complete there.
 *
 * <p><b>Flow.</b> Datagrams are read only while a {@link #receive()} waits, so datagrams nobody
 * asked for stay in the kernel's buffer (which drops the excess, as UDP does) instead of piling up
 * in memory. Receives are served in the order they were made; so are sends.
 *
 * <p><b>Cancellation.</b> Cancelling a pending receive or send removes it from its queue; a
 * cancelled send is not sent. {@link #close()} fails every pending operation with a {@link
 * ClosedChannelException}.
 *
 * <p><b>Exceptions.</b> Operations fail with the {@link IOException} of the socket (for a connected
 * endpoint, an ICMP "port unreachable" may surface as a {@link java.net.PortUnreachableException}
 * on a later receive).
 */
public final class DatagramEndpoint implements AutoCloseable {
  /** The largest UDP payload over IPv4. */
  public static final int MAX_DATAGRAM = 65507;

  private final LoopCore loop;
  private final DatagramChannel channel;
  private final IoRegistry.Watch watch;
  private final ArrayDeque<ReceiveOp> receivers = new ArrayDeque<>();
  private final ArrayDeque<SendOp> senders = new ArrayDeque<>();
  private final Runnable onReadable = this::readReady;
  private final Runnable onWritable = this::writeReady;
  private boolean closed;

  private DatagramEndpoint(LoopCore loop, DatagramChannel channel) {
    this.loop = loop;
    this.channel = channel;
    this.watch = IoRegistry.watch(loop, channel);
  }

  /**
   * An endpoint bound to {@code host:port} (port 0 picks a free port; a null or empty host binds
   * every interface). A host name is resolved off the loop.
   */
  public static Task<DatagramEndpoint> bind(String host, int port) {
    LoopCore loop = LoopCore.currentOrThrow("DatagramEndpoint.bind");
    return open(loop, host, port, false);
  }

  /**
   * An endpoint connected to {@code host:port}, bound to a free local port: {@link #send(byte[])}
   * goes there and only datagrams from there are received.
   */
  public static Task<DatagramEndpoint> connect(String host, int port) {
    Objects.requireNonNull(host, "host");
    LoopCore loop = LoopCore.currentOrThrow("DatagramEndpoint.connect");
    return open(loop, host, port, true);
  }

  private static Task<DatagramEndpoint> open(
      LoopCore loop, String host, int port, boolean connect) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    Task<InetAddress[]> lookup = Resolver.resolve(loop, host);
    Promise<DatagramEndpoint> result = new Promise<>(loop);
    Runnable finish =
        () -> {
          if (result.isDone()) {
            return;
          }
          Throwable failure = lookup.exceptionNow();
          if (failure != null) {
            result.fail(failure);
            return;
          }
          InetSocketAddress address = new InetSocketAddress(lookup.resultNow()[0], port);
          DatagramChannel channel = null;
          try {
            channel = DatagramChannel.open();
            channel.configureBlocking(false);
            if (connect) {
              channel.connect(address);
            } else {
              channel.bind(address);
            }
            result.complete(new DatagramEndpoint(loop, channel));
          } catch (Throwable e) {
            // An error too (no memory for the endpoint): the socket is closed and the task
            // fails, so that nothing leaks and nobody waits forever (issue 17).
            if (channel != null) {
              try {
                channel.close();
              } catch (IOException ignored) {
                // Nothing to do.
              }
            }
            result.fail(e);
            LoopCore.rethrowIfThreadDeath(e);
          }
        };
    if (lookup.isDone()) {
      finish.run();
    } else {
      lookup.whenDone(done -> finish.run());
    }
    return result;
  }

  /** The local address, or null once closed. */
  public InetSocketAddress localAddress() {
    try {
      return (InetSocketAddress) channel.getLocalAddress();
    } catch (IOException e) {
      return null;
    }
  }

  /** The connected peer, or null if not connected (or closed). */
  public InetSocketAddress remoteAddress() {
    try {
      return (InetSocketAddress) channel.getRemoteAddress();
    } catch (IOException e) {
      return null;
    }
  }

  /** The next datagram that arrives (or is already waiting in the kernel). */
  public Task<Datagram> receive() {
    LoopThread.check(loop, "DatagramEndpoint.receive");
    if (closed) {
      return Task.failed(new ClosedChannelException());
    }
    ReceiveOp op = new ReceiveOp(this);
    receivers.add(op);
    if (receivers.size() == 1) {
      readReady(); // a datagram may be waiting already
      if (!receivers.isEmpty()) {
        watch.setReader(onReadable, true);
      }
    }
    return op;
  }

  /** Sends {@code data} to the connected peer. */
  public Task<Void> send(byte[] data) {
    return send(data, null);
  }

  /**
   * Sends {@code data} (copied when it cannot leave at once) as one datagram to {@code target}
   * (null: the connected peer). Done once the kernel took it.
   */
  public Task<Void> send(byte[] data, SocketAddress target) {
    LoopThread.check(loop, "DatagramEndpoint.send");
    Objects.requireNonNull(data, "data");
    if (data.length > MAX_DATAGRAM) {
      throw new IllegalArgumentException(
          "a datagram holds at most " + MAX_DATAGRAM + " bytes, not " + data.length);
    }
    if (closed) {
      return Task.failed(new ClosedChannelException());
    }
    if (senders.isEmpty()) {
      try {
        if (sendNow(ByteBuffer.wrap(data), target)) {
          return Task.done();
        }
      } catch (IOException e) {
        return Task.failed(e);
      }
    }
    SendOp op = new SendOp(this, data.clone(), target);
    senders.add(op);
    watch.setWriter(onWritable, true);
    return op;
  }

  private boolean sendNow(ByteBuffer data, SocketAddress target) throws IOException {
    return target == null
        ? channel.write(data) > 0 || !data.hasRemaining()
        : channel.send(data, target) > 0;
  }

  private void readReady() {
    while (!receivers.isEmpty()) {
      ByteBuffer scratch = ReadBuffer.get();
      scratch.clear();
      InetSocketAddress sender;
      try {
        sender = (InetSocketAddress) channel.receive(scratch);
      } catch (IOException e) {
        receivers.poll().fail(e);
        continue;
      }
      if (sender == null) {
        return;
      }
      byte[] data = new byte[scratch.flip().remaining()];
      scratch.get(data);
      receivers.poll().complete(new Datagram(data, sender));
    }
    watch.clearReader();
  }

  private void writeReady() {
    while (!senders.isEmpty()) {
      SendOp op = senders.peek();
      try {
        if (!sendNow(ByteBuffer.wrap(op.data), op.target)) {
          return;
        }
      } catch (IOException e) {
        senders.poll();
        op.fail(e);
        continue;
      }
      senders.poll();
      op.complete(null);
    }
    watch.clearWriter();
  }

  /** Closes the socket; pending operations fail with {@link ClosedChannelException}. Idempotent. */
  @Override
  public void close() {
    LoopThread.check(loop, "DatagramEndpoint.close");
    if (closed) {
      return;
    }
    closed = true;
    watch.clear();
    try {
      channel.close();
    } catch (IOException e) {
      // Gone either way.
    }
    while (!receivers.isEmpty()) {
      receivers.poll().fail(new ClosedChannelException());
    }
    while (!senders.isEmpty()) {
      senders.poll().fail(new ClosedChannelException());
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public String toString() {
    return "DatagramEndpoint[" + channel + "]";
  }

  private static final class ReceiveOp extends Promise<Datagram> {
    private final DatagramEndpoint endpoint;

    ReceiveOp(DatagramEndpoint endpoint) {
      super(endpoint.loop);
      this.endpoint = endpoint;
    }

    @Override
    protected void onSettled() {
      if (endpoint.receivers.remove(this) && endpoint.receivers.isEmpty() && !endpoint.closed) {
        endpoint.watch.clearReader();
      }
    }

    @Override
    protected String describe() {
      return "DatagramEndpoint.receive";
    }
  }

  private static final class SendOp extends Promise<Void> {
    private final DatagramEndpoint endpoint;
    final byte[] data;
    final SocketAddress target;

    SendOp(DatagramEndpoint endpoint, byte[] data, SocketAddress target) {
      super(endpoint.loop);
      this.endpoint = endpoint;
      this.data = data;
      this.target = target;
    }

    @Override
    protected void onSettled() {
      if (endpoint.senders.remove(this) && endpoint.senders.isEmpty() && !endpoint.closed) {
        endpoint.watch.clearWriter();
      }
    }

    @Override
    protected String describe() {
      return "DatagramEndpoint.send";
    }
  }
}
