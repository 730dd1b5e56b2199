package dev.weft.io;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.internal.IoRegistry;
import dev.weft.internal.LoopCore;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A connected, non-blocking TCP socket on the loop (asyncio's {@code _SelectorSocketTransport}).
 *
 * <p>Reading stays on while the connection is open and the reader's buffer has room; bytes go from
 * the socket into the thread's scratch buffer and from there into the {@link StreamReader}. Writing
 * goes straight to the socket while nothing is queued; only what the kernel does not take is copied
 * into the outgoing buffer (one reused array), and only then is the socket watched for writability.
 * Both readiness callbacks run inline in the loop's I/O phase: they move bytes and complete
 * promises, whose awaiters resume through the ready queue.
 *
 * <p>Loop thread only.
 */
final class SocketTransport extends Transport {
  private static final byte[] EMPTY = new byte[0];
  private static final int SHRINK_ABOVE = 1024 * 1024;

  private static final ThreadLocal<ByteBuffer> WRITE_SCRATCH =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(ReadBuffer.SIZE));

  private final LoopCore loop;
  private final SocketChannel channel;
  private final IoRegistry.Watch watch;
  private final StreamReader reader;

  /** Where read bytes go: the reader, or the TLS layer once one is started. */
  private Inbound inbound;

  private final boolean serverSide;
  private final String peerHost;
  private final Runnable onReadable = this::readReady;
  private final Runnable onWritable = this::writeReady;
  private final Promise<Void> closed;
  private Runnable closeListener;
  /** The stream writer, or null for a {@link Protocol}'s connection. */
  private final StreamWriter writer;

  /** The protocol's side, or null for a stream connection. */
  private ProtocolTransport protocolSide;

  /** Outgoing bytes not yet taken by the kernel: {@code out[outStart, outEnd)}. */
  private byte[] out = EMPTY;

  private ByteBuffer outView = ByteBuffer.wrap(EMPTY);
  private int outStart;
  private int outEnd;

  private int highWater;
  private int lowWater;
  private boolean writingPaused;
  private List<DrainWaiter> drainWaiters;

  private boolean readingPaused;
  private boolean eofReceived;
  private boolean eofRequested;
  private boolean outputShut;
  private boolean closing;
  private boolean isClosed;
  private Throwable failure;

  SocketTransport(
      LoopCore loop,
      SocketChannel channel,
      StreamReader reader,
      StreamOptions options,
      boolean serverSide,
      String peerHost) {
    this.loop = loop;
    this.inbound = reader;
    this.serverSide = serverSide;
    this.peerHost = peerHost;
    this.channel = channel;
    this.watch = IoRegistry.watch(loop, channel);
    watch.setOwner(this::fail); // an error in our I/O callbacks fails this connection only
    this.reader = reader;
    this.writer = reader != null ? new StreamWriter(this) : null;
    this.closed = new Promise<>(loop);
    this.highWater = options.highWater();
    this.lowWater = options.lowWater();
    if (reader != null) {
      reader.setTransport(this);
    }
  }

  /** Starts reading, unless reading was paused or the transport closed meanwhile. */
  void start() {
    if (!readingPaused && !closing) {
      watch.setReader(onReadable, true);
    }
  }

  /** Tells {@code side} of write flow and of the close: a {@link Protocol}'s connection. */
  void setProtocolSide(ProtocolTransport side) {
    this.protocolSide = side;
  }

  /** Whether bytes are read from the socket: not paused, not closing, no end of stream yet. */
  boolean isReading() {
    return !readingPaused && !closing && !eofReceived;
  }

  /** Closes for the server: through the writer (so through TLS) on a stream connection. */
  void closeFromServer() {
    if (writer != null) {
      writer.closeFromServer();
    } else {
      close();
    }
  }

  void setCloseListener(Runnable listener) {
    this.closeListener = listener;
  }

  StreamReader streamReader() {
    return reader;
  }

  StreamWriter streamWriter() {
    return writer;
  }

  @Override
  LoopCore loop() {
    return loop;
  }

  /** Whether a server accepted this connection (TLS then takes the server's side). */
  boolean isServerSide() {
    return serverSide;
  }

  /** The host name or address the client side connected to, or null on the server side. */
  String peerHost() {
    return peerHost;
  }

  /** Sends what is read to {@code next} from now on (TLS taking over the connection). */
  void setInbound(Inbound next) {
    this.inbound = next;
  }

  /** Fails the connection with {@code error}: closes it at once and reports the error. */
  void fail(Throwable error) {
    closeNow(error);
  }

  SocketChannel channel() {
    return channel;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  private void readReady() {
    ByteBuffer scratch = ReadBuffer.get();
    scratch.clear();
    int n;
    try {
      n = channel.read(scratch);
    } catch (IOException e) {
      closeNow(e);
      return;
    }
    if (n > 0) {
      scratch.flip();
      inbound.feedData(scratch);
    } else if (n < 0) {
      eofReceived = true;
      watch.clearReader();
      inbound.feedEof();
    }
  }

  @Override
  void pauseReading() {
    if (!readingPaused && !isClosed) {
      readingPaused = true;
      watch.clearReader();
    }
  }

  @Override
  void resumeReading() {
    if (readingPaused) {
      readingPaused = false;
      if (!closing && !eofReceived) {
        watch.setReader(onReadable, true);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  @Override
  void write(byte[] data, int offset, int length) {
    if (!acceptsWrite() || length == 0) {
      return;
    }
    if (outStart == outEnd) {
      // Nothing queued: hand the bytes to the kernel now, and queue only what it refuses. The
      // copy into the direct scratch buffer is the one the JDK would make for a heap array.
      ByteBuffer scratch = WRITE_SCRATCH.get();
      try {
        while (length > 0) {
          int chunk = Math.min(length, scratch.capacity());
          scratch.clear();
          scratch.put(data, offset, chunk).flip();
          int written = channel.write(scratch);
          offset += written;
          length -= written;
          if (written < chunk) {
            break;
          }
        }
      } catch (IOException e) {
        closeNow(e);
        return;
      }
      if (length == 0) {
        return;
      }
    }
    int at = reserve(length); // first: it may replace out
    System.arraycopy(data, offset, out, at, length);
    queued();
  }

  /**
   * Writes {@code data}'s remaining bytes and consumes them. A direct buffer with nothing queued
   * goes to the kernel as it is: no copy at all (the echo of a protocol's read buffer, say).
   */
  @Override
  void write(ByteBuffer data) {
    if (!data.isDirect()) {
      super.write(data);
      return;
    }
    if (!acceptsWrite() || !data.hasRemaining()) {
      data.position(data.limit());
      return;
    }
    if (outStart == outEnd) {
      try {
        channel.write(data);
      } catch (IOException e) {
        data.position(data.limit());
        closeNow(e);
        return;
      }
      if (!data.hasRemaining()) {
        return;
      }
    }
    int length = data.remaining();
    int at = reserve(length); // first: it may replace out
    data.get(out, at, length);
    queued();
  }

  /** False when writes are dropped (the connection failed); throws when they are refused. */
  private boolean acceptsWrite() {
    if (failure != null) {
      return false; // after a failure writes are dropped; drain() reports it
    }
    if (closing || eofRequested) {
      throw new IllegalStateException(
          closing ? "write after close(): the connection is closing" : "write after writeEof()");
    }
    return true;
  }

  /** Bytes were queued: watch for writability, and pause the writer above the high-water mark. */
  private void queued() {
    if (!watch.hasWriter()) {
      watch.setWriter(onWritable, true);
    }
    if (outEnd - outStart > highWater && !writingPaused) {
      writingPaused = true;
      tellProtocol(true);
    }
  }

  /**
   * The protocol's pauseWriting / resumeWriting. What they throw is reported and fails this
   * connection, as for the protocol's other callbacks (issue 17's error policy).
   */
  private void tellProtocol(boolean paused) {
    ProtocolTransport side = protocolSide;
    if (side == null) {
      return;
    }
    try {
      if (paused) {
        side.writingPaused();
      } else {
        side.writingResumed();
      }
    } catch (Throwable e) {
      LoopCore.rethrowIfThreadDeath(e);
      loop.reportUncaught(
          "Protocol." + (paused ? "pauseWriting" : "resumeWriting") + " of " + side.protocol(), e);
      closeNow(e);
    }
  }

  /** Room for {@code length} more queued bytes: returns where they go in {@code out}. */
  private int reserve(int length) {
    if (out.length - outEnd < length) {
      int queued = outEnd - outStart;
      if (out.length - queued >= length) {
        System.arraycopy(out, outStart, out, 0, queued);
      } else {
        int capacity = Math.max(out.length, 4096);
        while (capacity - queued < length) {
          capacity *= 2;
        }
        byte[] grown = new byte[capacity];
        System.arraycopy(out, outStart, grown, 0, queued);
        out = grown;
        outView = ByteBuffer.wrap(out);
      }
      outStart = 0;
      outEnd = queued;
    }
    int at = outEnd;
    outEnd += length;
    return at;
  }

  private void writeReady() {
    outView.limit(outEnd).position(outStart);
    try {
      outStart += channel.write(outView);
    } catch (IOException e) {
      closeNow(e);
      return;
    }
    if (outStart == outEnd) {
      outStart = 0;
      outEnd = 0;
      if (out.length > SHRINK_ABOVE) {
        out = EMPTY; // a burst is over: do not keep its memory per connection
        outView = ByteBuffer.wrap(EMPTY);
      }
      watch.clearWriter();
      if (eofRequested && !outputShut) {
        shutdownOutput();
      }
      if (closing) {
        closeNow(null);
        return;
      }
    }
    if (writingPaused && outEnd - outStart <= lowWater) {
      writingPaused = false;
      wakeDrainWaiters(null);
      tellProtocol(false);
    }
  }

  @Override
  Task<Void> drain() {
    if (failure != null) {
      return Task.failed(failure);
    }
    if (!writingPaused) {
      return Task.done();
    }
    DrainWaiter waiter = new DrainWaiter(this);
    if (drainWaiters == null) {
      drainWaiters = new ArrayList<>(2);
    }
    drainWaiters.add(waiter);
    return waiter;
  }

  private void wakeDrainWaiters(Throwable error) {
    List<DrainWaiter> waiters = drainWaiters;
    if (waiters == null || waiters.isEmpty()) {
      return;
    }
    DrainWaiter[] snapshot = waiters.toArray(new DrainWaiter[0]);
    waiters.clear();
    for (DrainWaiter waiter : snapshot) {
      if (error == null) {
        waiter.complete(null);
      } else {
        waiter.fail(error);
      }
    }
  }

  @Override
  int bufferedBytes() {
    return outEnd - outStart;
  }

  @Override
  void setWaterMarks(int highWater, int lowWater) {
    this.highWater = highWater;
    this.lowWater = lowWater;
    if (outEnd - outStart > highWater) {
      if (!writingPaused) {
        writingPaused = true;
        tellProtocol(true);
      }
    } else if (writingPaused && outEnd - outStart <= lowWater) {
      writingPaused = false;
      wakeDrainWaiters(null);
      tellProtocol(false);
    }
  }

  @Override
  int highWater() {
    return highWater;
  }

  @Override
  int lowWater() {
    return lowWater;
  }

  // ---------------------------------------------------------------------------------------------
  // Closing

  @Override
  void writeEof() {
    if (closing || eofRequested) {
      return;
    }
    eofRequested = true;
    if (outStart == outEnd) {
      shutdownOutput();
    }
  }

  private void shutdownOutput() {
    outputShut = true;
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      closeNow(e);
    }
  }

  @Override
  boolean canWriteEof() {
    return true;
  }

  @Override
  void close() {
    if (closing) {
      return;
    }
    closing = true;
    if (!readingPaused) {
      readingPaused = true;
      watch.clearReader();
    }
    if (outStart == outEnd || failure != null) {
      closeNow(null);
    }
  }

  @Override
  void abort() {
    if (isClosed) {
      return;
    }
    try {
      // A zero linger makes close() send a reset (RST) instead of a FIN.
      channel.setOption(StandardSocketOptions.SO_LINGER, 0);
    } catch (IOException | RuntimeException e) {
      // Closing anyway.
    }
    closeNow(null);
  }

  /** Closes the socket now; {@code error} is the failure that ends the connection, if any. */
  private void closeNow(Throwable error) {
    if (isClosed) {
      return;
    }
    isClosed = true;
    closing = true;
    if (error != null && failure == null) {
      failure = error;
    }
    watch.clear();
    try {
      channel.close();
    } catch (IOException e) {
      // The socket is gone either way.
    }
    outStart = 0;
    outEnd = 0;
    out = EMPTY;
    outView = ByteBuffer.wrap(EMPTY);
    Inbound in = inbound; // null for a protocol's socket closed before its protocol was made
    if (error != null) {
      if (in != null) {
        in.setException(error);
      }
      wakeDrainWaiters(error);
    } else {
      if (in != null) {
        in.feedEof();
      }
      wakeDrainWaiters(new ClosedChannelException());
    }
    Deferred.afterNextSelect(loop, () -> closed(error));
  }

  /**
   * The second half of closing, once the selector has dropped the channel's key: only then has the
   * JDK really closed a socket that was registered when it was closed (it defers that to the
   * deregistration), so {@code waitClosed()} means the descriptor is gone.
   */
  private void closed(Throwable error) {
    if (error != null) {
      closed.fail(error);
      // Nobody is obliged to await waitClosed(): the error reached whoever reads or drains, so
      // mark it retrieved, or debug mode would report it when the loop closes (asyncio does the
      // same in StreamReaderProtocol by calling exception() on its closed future).
      closed.exceptionNow();
    } else {
      closed.complete(null);
    }
    ProtocolTransport side = protocolSide;
    protocolSide = null;
    if (side != null) {
      side.lost(error);
    }
    Runnable listener = closeListener;
    closeListener = null;
    if (listener != null) {
      listener.run();
    }
  }

  @Override
  boolean isClosing() {
    return closing;
  }

  boolean isClosed() {
    return isClosed;
  }

  @Override
  Task<Void> closed() {
    return closed;
  }

  @Override
  SocketAddress localAddress() {
    try {
      return channel.getLocalAddress();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  SocketAddress remoteAddress() {
    try {
      return channel.getRemoteAddress();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "SocketTransport[" + channel + ", buffered=" + (outEnd - outStart) + "]";
  }

  /** A pending {@code drain()}; cancelling it only stops waiting. */
  static final class DrainWaiter extends Promise<Void> {
    private final SocketTransport transport;

    DrainWaiter(SocketTransport transport) {
      super(transport.loop);
      this.transport = transport;
    }

    @Override
    protected void onSettled() {
      List<DrainWaiter> waiters = transport.drainWaiters;
      if (waiters != null) {
        waiters.remove(this);
      }
    }

    @Override
    protected String describe() {
      return "StreamWriter.drain";
    }
  }
}
