package dev.weft.io;

import java.io.IOException;

/**
 * A read that looks for a separator ({@link StreamReader#readLine}, {@link StreamReader#readUntil})
 * found more than its limit of bytes before the separator, or buffered more than that without
 * finding it (asyncio's {@code LimitOverrunError}).
 *
 * <p>The data is kept: it stays in the reader's buffer, untouched, so the caller can take it with
 * {@link StreamReader#read}/{@link StreamReader#readExactly} (for example {@code
 * readExactly(e.consumed())}), skip it, or give up and close the connection.
 */
public class LimitOverrunException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int consumed;

  /**
   * @param message what was exceeded
   * @param consumed how many bytes of the buffer the read had to look at (the separator's position
   *     when it was found past the limit)
   */
  public LimitOverrunException(String message, int consumed) {
    super(message);
    this.consumed = consumed;
  }

  /** How many buffered bytes the read looked at before giving up; they are still buffered. */
  public int consumed() {
    return consumed;
  }
}
