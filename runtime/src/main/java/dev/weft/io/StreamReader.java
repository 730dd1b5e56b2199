package dev.weft.io;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.internal.LoopCore;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The reading half of a stream connection (asyncio's {@code StreamReader}): buffered reads that
 * give a {@link Task} to await.
 *
 * <p><b>Thread.</b> Loop thread only; the tasks complete there. One read at a time: starting a read
 * while another is pending fails with {@link IllegalStateException}.
 *
 * <p><b>Buffering and limit.</b> Bytes arrive into one array owned by the reader, which is reused
 * (compacted, grown only when unread data needs it): no allocation per read in the steady state.
 * The {@linkplain #limit() limit} (64 KiB by default) bounds what a separator read may buffer; once
 * more than twice the limit is buffered and no read waits, the transport stops reading from the
 * socket (back-pressure to the peer) until the buffer falls to the limit again.
 *
 * <p><b>Cancellation.</b> Cancelling a pending read consumes nothing: the bytes stay buffered for
 * the next read, and the connection stays open.
 *
 * <p><b>Exceptions.</b> Once the connection failed (a reset, say), every read fails with that
 * {@link java.io.IOException}, the same object, even if bytes are still buffered.
 */
public final class StreamReader implements Inbound {
  /** The default limit of a separator read: 64 KiB, as asyncio's. */
  public static final int DEFAULT_LIMIT = 64 * 1024;

  private static final byte[] EMPTY = new byte[0];
  private static final int SHRINK_ABOVE = 1024 * 1024;
  private static final byte[] NEWLINE = {'\n'};
  private static final Object NOT_READY = new Object();

  private static final int READ = 0;
  private static final int EXACTLY = 1;
  private static final int UNTIL = 2;
  private static final int LINE = 3;
  private static final int INTO = 4;

  /** The result of a read into the caller's buffer at the end of the stream. */
  private static final Integer END_OF_STREAM = -1;

  private final int limit;
  private final LoopCore loop;
  private Transport transport;

  private byte[] buffer = EMPTY;

  /** Unread bytes are {@code buffer[start, end)}. */
  private int start;

  private int end;

  /** Where a pending separator search resumes: bytes before it were already searched. */
  private int scanned;

  private boolean eof;
  private Throwable exception;
  private ReadOp<?> waiter;

  /**
   * A reader of the running loop with the given limit, fed by hand ({@link #feedData}, {@link
   * #feedEof}) or by a transport. Loop thread only.
   *
   * @throws IllegalArgumentException if {@code limit} is not positive
   * @throws IllegalStateException if no loop runs on this thread
   */
  public StreamReader(int limit) {
    this(LoopCore.currentOrThrow("new StreamReader"), limit);
  }

  StreamReader(LoopCore loop, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    this.loop = loop;
    this.limit = limit;
  }

  void setTransport(Transport transport) {
    this.transport = transport;
  }

  /** The default limit of {@link #readLine()} and {@link #readUntil(byte[])}. */
  public int limit() {
    return limit;
  }

  /** How many bytes are buffered, unread. */
  public int buffered() {
    return end - start;
  }

  /** Whether the stream ended and every byte was read (asyncio's {@code at_eof}). */
  public boolean atEof() {
    return eof && start == end;
  }

  /** The exception the connection failed with, or null. */
  public Throwable exception() {
    return exception;
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  /**
   * Reads up to {@code n} bytes: whatever is buffered, or the next bytes to arrive, at least one;
   * an empty array at the end of the stream. {@code n < 0} reads everything up to the end of the
   * stream; {@code n == 0} gives an empty array at once.
   */
  public Task<byte[]> read(int n) {
    return submit(READ, n, null, 0, null);
  }

  /**
   * Reads into {@code into}: up to its remaining bytes, whatever is buffered or the next bytes to
   * arrive, at least one; the task gives how many were read (and {@code into}'s position has moved
   * by that many), or -1 at the end of the stream; 0 at once if {@code into} has no room. Nothing
   * is allocated for the bytes: with a buffer reused from read to read, this is the streams read of
   * the steady state (no new array per message), and bytes arriving while it waits go from the
   * socket's read buffer straight into {@code into}. Do not touch {@code into} until the task is
   * done; cancelling it leaves {@code into} as it was.
   */
  public Task<Integer> readInto(ByteBuffer into) {
    if (into.isReadOnly()) {
      throw new ReadOnlyBufferException();
    }
    return submit(INTO, 0, null, 0, into);
  }

  /**
   * Reads into {@code len} bytes of {@code b} from {@code off}: as {@link #readInto(ByteBuffer)},
   * giving how many bytes were read, or -1 at the end of the stream (as {@code InputStream.read}).
   */
  public Task<Integer> read(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    return readInto(ByteBuffer.wrap(b, off, len));
  }

  /**
   * Reads exactly {@code n} bytes.
   *
   * <p>If the stream ends first the task fails with an {@link IncompleteReadException} carrying the
   * bytes that were read (they are consumed).
   */
  public Task<byte[]> readExactly(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n < 0: " + n);
    }
    return submit(EXACTLY, n, null, 0, null);
  }

  /**
   * Reads one line, decoded as UTF-8, without its line end ({@code \n} or {@code \r\n}). At the end
   * of the stream it gives the last, unterminated line if there is one, then {@code null}.
   *
   * <p>Fails with a {@link LimitOverrunException} when the line is longer than {@link #limit()}
   * bytes; the data stays buffered.
   */
  public Task<String> readLine() {
    return submit(LINE, 0, NEWLINE, limit, null);
  }

  /** {@link #readLine()} with a limit of {@code limit} bytes for this call. */
  public Task<String> readLine(int limit) {
    return submit(LINE, 0, NEWLINE, positive(limit), null);
  }

  /**
   * Reads up to and including {@code separator}.
   *
   * <p>If the stream ends first the task fails with an {@link IncompleteReadException} carrying the
   * bytes that were read (consumed). If more than {@link #limit()} bytes come before the separator
   * (or are buffered without it) it fails with a {@link LimitOverrunException} and the data stays
   * buffered.
   */
  public Task<byte[]> readUntil(byte[] separator) {
    return readUntil(separator, limit);
  }

  /** {@link #readUntil(byte[])} with a limit of {@code limit} bytes for this call. */
  public Task<byte[]> readUntil(byte[] separator, int limit) {
    if (separator == null || separator.length == 0) {
      throw new IllegalArgumentException("the separator must not be empty");
    }
    return submit(UNTIL, 0, separator.clone(), positive(limit), null);
  }

  private static int positive(int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    return limit;
  }

  @SuppressWarnings("unchecked")
  private <T> Task<T> submit(int kind, int n, byte[] separator, int callLimit, ByteBuffer into) {
    LoopThread.check(loop, "StreamReader.read");
    if (waiter != null) {
      throw new IllegalStateException(
          "another read is pending on this StreamReader: await it before reading again");
    }
    Object result;
    try {
      result = attempt(kind, n, separator, callLimit, into);
    } catch (Throwable e) {
      return Task.failed(e);
    }
    if (result != NOT_READY) {
      return Task.of((T) result);
    }
    ReadOp<T> op = new ReadOp<>(this, kind, n, separator, callLimit, into);
    waiter = op;
    if (transport != null) {
      transport.resumeReading(); // whoever waits needs bytes, whatever is buffered
    }
    return op;
  }

  /** The result of a read, or NOT_READY; throws what the read fails with. */
  private Object attempt(int kind, int n, byte[] separator, int callLimit, ByteBuffer into)
      throws Throwable {
    if (exception != null) {
      throw exception;
    }
    int available = end - start;
    switch (kind) {
      case INTO:
        if (!into.hasRemaining()) {
          return 0;
        }
        if (available > 0) {
          int taken = Math.min(into.remaining(), available);
          into.put(buffer, start, taken);
          consumed(start + taken);
          return taken;
        }
        return eof ? END_OF_STREAM : NOT_READY;
      case READ:
        if (n == 0) {
          return EMPTY;
        }
        if (n < 0) {
          return eof ? take(available) : NOT_READY;
        }
        if (available > 0) {
          return take(Math.min(n, available));
        }
        return eof ? EMPTY : NOT_READY;
      case EXACTLY:
        if (available >= n) {
          return take(n);
        }
        if (eof) {
          throw new IncompleteReadException(take(available), n);
        }
        return NOT_READY;
      default:
        return attemptUntil(kind == LINE, separator, callLimit);
    }
  }

  private Object attemptUntil(boolean line, byte[] separator, int callLimit) throws Throwable {
    int found = indexOf(separator);
    if (found >= 0) {
      int chunk = found - start;
      if (chunk > callLimit) {
        throw new LimitOverrunException(
            "the separator was found after "
                + chunk
                + " bytes, more than the limit of "
                + callLimit,
            chunk);
      }
      int next = found + separator.length;
      if (!line) {
        return take(next - start);
      }
      int lineEnd = found > start && buffer[found - 1] == '\r' ? found - 1 : found;
      String text = new String(buffer, start, lineEnd - start, StandardCharsets.UTF_8);
      consumed(next);
      return text;
    }
    int available = end - start;
    if (eof) {
      if (line) {
        if (available == 0) {
          return null;
        }
        String text = new String(buffer, start, available, StandardCharsets.UTF_8);
        consumed(end);
        return text;
      }
      throw new IncompleteReadException(take(available), -1);
    }
    if (available - separator.length + 1 > callLimit) {
      throw new LimitOverrunException(
          "the separator was not found in the "
              + available
              + " bytes buffered, more than the limit of "
              + callLimit,
          available);
    }
    return NOT_READY;
  }

  /** The index of the separator in the unread bytes, or -1; remembers how far it searched. */
  private int indexOf(byte[] separator) {
    int from = Math.max(start, scanned);
    int last = end - separator.length;
    byte first = separator[0];
    for (int i = from; i <= last; i++) {
      if (buffer[i] == first && matchesAt(i, separator)) {
        return i;
      }
    }
    scanned = Math.max(start, last + 1);
    return -1;
  }

  private boolean matchesAt(int index, byte[] separator) {
    for (int j = 1; j < separator.length; j++) {
      if (buffer[index + j] != separator[j]) {
        return false;
      }
    }
    return true;
  }

  private byte[] take(int n) {
    if (n == 0) {
      return EMPTY;
    }
    byte[] data = Arrays.copyOfRange(buffer, start, start + n);
    consumed(start + n);
    return data;
  }

  private void consumed(int newStart) {
    start = newStart;
    scanned = newStart;
    if (start == end) {
      start = 0;
      end = 0;
      scanned = 0;
      if (buffer.length > SHRINK_ABOVE && buffer.length > 4 * limit) {
        buffer = EMPTY; // a burst (a large readExactly, say) is over: do not keep its memory
      }
    }
    if (transport != null && end - start <= limit) {
      transport.resumeReading();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Feeding, from the transport (or by hand)

  /**
   * Appends the bytes {@code data} has remaining (it is drained) and wakes a pending read. Loop
   * thread only.
   *
   * @throws IllegalStateException after {@link #feedEof()}
   */
  @Override
  public void feedData(ByteBuffer data) {
    LoopThread.check(loop, "StreamReader.feedData");
    if (eof) {
      throw new IllegalStateException("feedData after feedEof");
    }
    int n = data.remaining();
    if (n == 0) {
      return;
    }
    if (start == end && waiter != null && exception == null) {
      n -= deliverDirectly(data);
      if (n == 0) {
        return;
      }
    }
    ensureRoom(n);
    data.get(buffer, end, n);
    end += n;
    wakeWaiter();
    if (transport != null && waiter == null && end - start > 2 * limit) {
      transport.pauseReading();
    }
  }

  /**
   * The common case of a stream read (an echo, a request/response protocol): nothing is buffered
   * and a {@code read(n)} or {@code readExactly(n)} waits. Copies its bytes from {@code data}
   * straight into the array it returns, instead of through the buffer: one copy, not two, and
   * the same outcome as appending and then waking the read. Returns how many bytes it took (0 if
   * the pending read cannot be served from {@code data} alone).
   */
  private int deliverDirectly(ByteBuffer data) {
    ReadOp<?> op = waiter;
    int available = data.remaining();
    if (op.kind == INTO && op.into.hasRemaining()) {
      int n = Math.min(op.into.remaining(), available);
      int limit = data.limit();
      data.limit(data.position() + n);
      op.into.put(data);
      data.limit(limit);
      waiter = null;
      op.deliver(n);
      return n;
    }
    int n;
    if (op.kind == READ && op.n > 0) {
      n = Math.min(op.n, available);
    } else if (op.kind == EXACTLY && op.n > 0 && op.n <= available) {
      n = op.n;
    } else {
      return 0;
    }
    byte[] result = new byte[n];
    data.get(result);
    waiter = null;
    op.deliver(result);
    return n;
  }

  /** Appends {@code data} (copied) and wakes a pending read. Loop thread only. */
  public void feedData(byte[] data) {
    feedData(ByteBuffer.wrap(data));
  }

  /** Marks the end of the stream and wakes a pending read. Loop thread only. Idempotent. */
  @Override
  public void feedEof() {
    LoopThread.check(loop, "StreamReader.feedEof");
    eof = true;
    wakeWaiter();
  }

  /**
   * Fails the stream with {@code failure}: the pending read and every later read fail with it. Loop
   * thread only. The first exception wins.
   */
  @Override
  public void setException(Throwable failure) {
    LoopThread.check(loop, "StreamReader.setException");
    if (exception == null) {
      exception = failure;
    }
    wakeWaiter();
  }

  /** Room for {@code n} more bytes after {@code end}: compact first, grow only if needed. */
  private void ensureRoom(int n) {
    if (buffer.length - end >= n) {
      return;
    }
    int unread = end - start;
    if (buffer.length - unread >= n) {
      System.arraycopy(buffer, start, buffer, 0, unread);
    } else {
      int capacity = Math.max(buffer.length, 1024);
      while (capacity - unread < n) {
        capacity *= 2;
      }
      byte[] grown = new byte[capacity];
      System.arraycopy(buffer, start, grown, 0, unread);
      buffer = grown;
    }
    scanned -= start;
    if (scanned < 0) {
      scanned = 0;
    }
    start = 0;
    end = unread;
  }

  private void wakeWaiter() {
    ReadOp<?> op = waiter;
    if (op == null) {
      return;
    }
    Object result;
    try {
      result = attempt(op.kind, op.n, op.separator, op.callLimit, op.into);
    } catch (Throwable e) {
      waiter = null;
      op.fail(e);
      return;
    }
    if (result != NOT_READY) {
      waiter = null;
      op.deliver(result);
    }
  }

  void waiterSettled(ReadOp<?> op) {
    if (waiter == op) {
      waiter = null;
    }
  }

  @Override
  public String toString() {
    return "StreamReader[buffered="
        + (end - start)
        + (eof ? ", eof" : "")
        + (exception != null ? ", failed: " + exception : "")
        + "]";
  }

  /** A pending read: the read's parameters, retried as bytes arrive. */
  static final class ReadOp<T> extends Promise<T> {
    private final StreamReader reader;
    final int kind;
    final int n;
    final byte[] separator;
    final int callLimit;

    /** The caller's buffer of a {@link StreamReader#readInto}, else null. */
    final ByteBuffer into;

    ReadOp(
        StreamReader reader, int kind, int n, byte[] separator, int callLimit, ByteBuffer into) {
      super(reader.loop);
      this.reader = reader;
      this.kind = kind;
      this.n = n;
      this.separator = separator;
      this.callLimit = callLimit;
      this.into = into;
    }

    @SuppressWarnings("unchecked")
    void deliver(Object result) {
      complete((T) result);
    }

    @Override
    protected void onSettled() {
      reader.waiterSettled(this);
    }

    @Override
    protected String describe() {
      return "StreamReader."
          + (kind == READ
              ? "read"
              : kind == INTO
                  ? "readInto"
                  : kind == EXACTLY ? "readExactly" : kind == LINE ? "readLine" : "readUntil");
    }
  }
}
