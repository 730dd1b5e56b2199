package dev.weft.io;

import dev.weft.Task;
import dev.weft.internal.Awaiter;
import dev.weft.internal.LoopCore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * Awaitable operations on non-blocking sockets, asyncio's {@code loop.sock_*}: each tries at once
 * and, if the socket is not ready, waits for readiness through the loop's selector.
 *
 * <p><b>Thread.</b> Call on the loop thread (inside an {@code @Async} method or a loop callback);
 * the tasks complete there.
 *
 * <p><b>Cancellation.</b> Cancelling one of these tasks removes its interest in the socket at once
 * (the selection key is cancelled when nothing else waits on the socket). {@link #sockConnect} owns
 * the socket while connecting: a cancelled or failed connect closes it. The others leave the socket
 * open; bytes already moved by a cancelled {@link #sockSendAll} stay sent.
 *
 * <p><b>Exceptions.</b> I/O errors fail the task with the {@link IOException} the channel threw; a
 * blocking-mode channel fails it with {@link java.nio.channels.IllegalBlockingModeException}. One
 * operation of each direction at a time per socket: a receive (or accept) started while another
 * waits on the same socket, or a send while another send waits, fails with an {@link
 * IllegalStateException}, and the one waiting goes on.
 */
public final class Sockets {
  private Sockets() {}

  /**
   * Connects {@code channel} (non-blocking) to {@code remote}. An unresolved {@link
   * InetSocketAddress} is resolved on a background thread first, never on the loop.
   *
   * @return a task done when the connection is established; on failure or cancellation the channel
   *     has been closed
   */
  public static Task<Void> sockConnect(SocketChannel channel, SocketAddress remote) {
    Objects.requireNonNull(remote, "remote");
    LoopCore loop = LoopCore.currentOrThrow("Sockets.sockConnect");
    ConnectOp op = new ConnectOp(loop, Objects.requireNonNull(channel, "channel"));
    if (remote instanceof InetSocketAddress && ((InetSocketAddress) remote).isUnresolved()) {
      InetSocketAddress unresolved = (InetSocketAddress) remote;
      op.resolveThenConnect(
          Resolver.resolve(loop, unresolved.getHostString()), unresolved.getPort());
      return op;
    }
    op.remote = remote;
    return op.begin();
  }

  /**
   * Accepts one connection on {@code server} (non-blocking). The accepted channel is put in
   * non-blocking mode; the caller owns it.
   */
  public static Task<SocketChannel> sockAccept(ServerSocketChannel server) {
    LoopCore loop = LoopCore.currentOrThrow("Sockets.sockAccept");
    return new AcceptOp(loop, Objects.requireNonNull(server, "server")).begin();
  }

  /**
   * Receives up to {@code maxBytes} bytes: as many as are available once any are (at least one). At
   * the end of the stream the array is empty.
   */
  public static Task<byte[]> sockRecv(SocketChannel channel, int maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes < 0: " + maxBytes);
    }
    LoopCore loop = LoopCore.currentOrThrow("Sockets.sockRecv");
    return new RecvOp(loop, Objects.requireNonNull(channel, "channel"), maxBytes).begin();
  }

  /**
   * Receives into {@code buffer}, from its position up to its limit, once any bytes are available.
   * The buffer is the caller's and is reused as it is: no allocation per receive.
   *
   * @return the number of bytes read, or -1 at the end of the stream
   */
  public static Task<Integer> sockRecvInto(SocketChannel channel, ByteBuffer buffer) {
    LoopCore loop = LoopCore.currentOrThrow("Sockets.sockRecvInto");
    return new RecvIntoOp(
            loop, Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(buffer))
        .begin();
  }

  /**
   * Sends every remaining byte of {@code buffer}, waiting for writability as often as needed. The
   * buffer's position advances as bytes go out; the task is done when none remain.
   */
  public static Task<Void> sockSendAll(SocketChannel channel, ByteBuffer buffer) {
    LoopCore loop = LoopCore.currentOrThrow("Sockets.sockSendAll");
    return new SendAllOp(
            loop, Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(buffer))
        .begin();
  }

  // ---------------------------------------------------------------------------------------------

  static final class ConnectOp extends IoOp<Void> implements Awaiter {
    private final SocketChannel channel;
    SocketAddress remote;
    private boolean started;
    private Task<InetAddress[]> resolving;
    private int port;

    ConnectOp(LoopCore loop, SocketChannel channel) {
      super(loop, channel, true);
      this.channel = channel;
    }

    void resolveThenConnect(Task<InetAddress[]> lookup, int port) {
      this.port = port;
      if (lookup.isDone()) {
        taskCompleted(lookup);
      } else {
        resolving = lookup;
        addAwaiter(lookup, this);
      }
    }

    @Override
    public void taskCompleted(Task<?> lookup) {
      resolving = null;
      if (isDone()) {
        return;
      }
      Throwable failure = lookup.exceptionNow();
      if (failure != null) {
        fail(failure);
        return;
      }
      remote = new InetSocketAddress(((InetAddress[]) lookup.resultNow())[0], port);
      begin();
    }

    @Override
    void attempt() throws IOException {
      if (!started) {
        started = true;
        if (channel.connect(remote)) {
          complete(null);
        }
      } else if (channel.finishConnect()) {
        complete(null);
      }
    }

    @Override
    void abandoned() {
      Task<?> lookup = resolving;
      resolving = null;
      if (lookup != null) {
        removeAwaiter(lookup, this);
      }
      watch.clear();
      try {
        channel.close();
      } catch (IOException e) {
        // Closing a socket that never connected: nothing to report.
      }
    }

    @Override
    protected String describe() {
      return "sockConnect";
    }
  }

  static final class AcceptOp extends IoOp<SocketChannel> {
    private final ServerSocketChannel server;

    AcceptOp(LoopCore loop, ServerSocketChannel server) {
      super(loop, server, false);
      this.server = server;
    }

    @Override
    void attempt() throws IOException {
      SocketChannel accepted = server.accept();
      if (accepted != null) {
        try {
          accepted.configureBlocking(false);
        } catch (IOException e) {
          accepted.close();
          throw e;
        }
        complete(accepted);
      }
    }

    @Override
    protected String describe() {
      return "sockAccept";
    }
  }

  static final class RecvOp extends IoOp<byte[]> {
    private final SocketChannel channel;
    private final int maxBytes;

    RecvOp(LoopCore loop, SocketChannel channel, int maxBytes) {
      super(loop, channel, false);
      this.channel = channel;
      this.maxBytes = maxBytes;
    }

    @Override
    void attempt() throws IOException {
      if (maxBytes == 0) {
        complete(new byte[0]);
        return;
      }
      ByteBuffer scratch = ReadBuffer.get();
      scratch.clear().limit(Math.min(maxBytes, scratch.capacity()));
      int n = channel.read(scratch);
      if (n < 0) {
        complete(new byte[0]);
      } else if (n > 0) {
        byte[] data = new byte[n];
        scratch.flip().get(data);
        complete(data);
      }
    }

    @Override
    protected String describe() {
      return "sockRecv";
    }
  }

  static final class RecvIntoOp extends IoOp<Integer> {
    private final SocketChannel channel;
    private final ByteBuffer buffer;

    RecvIntoOp(LoopCore loop, SocketChannel channel, ByteBuffer buffer) {
      super(loop, channel, false);
      this.channel = channel;
      this.buffer = buffer;
    }

    @Override
    void attempt() throws IOException {
      if (!buffer.hasRemaining()) {
        complete(0);
        return;
      }
      int n = channel.read(buffer);
      if (n != 0) {
        complete(n);
      }
    }

    @Override
    protected String describe() {
      return "sockRecvInto";
    }
  }

  static final class SendAllOp extends IoOp<Void> {
    private final SocketChannel channel;
    private final ByteBuffer buffer;

    SendAllOp(LoopCore loop, SocketChannel channel, ByteBuffer buffer) {
      super(loop, channel, true);
      this.channel = channel;
      this.buffer = buffer;
    }

    @Override
    void attempt() throws IOException {
      while (buffer.hasRemaining()) {
        if (channel.write(buffer) == 0) {
          return;
        }
      }
      complete(null);
    }

    @Override
    protected String describe() {
      return "sockSendAll";
    }
  }
}
