package dev.weft.io;

import java.io.EOFException;

/**
 * The stream ended before a read could be satisfied (asyncio's {@code IncompleteReadError}): {@link
 * StreamReader#readExactly} got fewer bytes than asked, or {@link StreamReader#readUntil} met the
 * end before the separator. The bytes that were read are consumed from the stream and carried here,
 * in {@link #partial()}.
 */
public class IncompleteReadException extends EOFException {
  private static final long serialVersionUID = 1L;

  private final byte[] partial;
  private final int expected;

  /**
   * @param partial the bytes read before the end of the stream (kept, not copied)
   * @param expected the number of bytes asked for, or -1 when it was a separator
   */
  public IncompleteReadException(byte[] partial, int expected) {
    super(
        partial.length
            + " bytes read at the end of the stream, "
            + (expected < 0 ? "without the separator" : "of " + expected + " expected"));
    this.partial = partial;
    this.expected = expected;
  }

  /** The bytes read before the stream ended. */
  public byte[] partial() {
    return partial;
  }

  /** The number of bytes asked for, or -1 when the read waited for a separator. */
  public int expected() {
    return expected;
  }
}
