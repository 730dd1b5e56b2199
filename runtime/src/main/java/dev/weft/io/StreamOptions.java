package dev.weft.io;

/**
 * Tuning of stream connections and servers: the reader's limit, the writer's water marks and the
 * listen backlog. Immutable; each {@code with...} method returns a copy. Any thread.
 */
public final class StreamOptions {
  private static final StreamOptions DEFAULTS =
      new StreamOptions(StreamReader.DEFAULT_LIMIT, 64 * 1024, 16 * 1024, 1024);

  private final int limit;
  private final int highWater;
  private final int lowWater;
  private final int backlog;

  private StreamOptions(int limit, int highWater, int lowWater, int backlog) {
    this.limit = limit;
    this.highWater = highWater;
    this.lowWater = lowWater;
    this.backlog = backlog;
  }

  /**
   * The defaults: a 64 KiB reader limit, a 64 KiB high-water and a 16 KiB low-water mark (as
   * asyncio), a backlog of 1024.
   */
  public static StreamOptions defaults() {
    return DEFAULTS;
  }

  /**
   * With the reader's limit: the most a separator read buffers, and (twice it) where reading
   * from the socket pauses.
   *
   * @throws IllegalArgumentException if not positive
   */
  public StreamOptions withLimit(int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    return new StreamOptions(limit, highWater, lowWater, backlog);
  }

  /**
   * With the writer's water marks: {@code drain()} waits once more than {@code highWater} bytes
   * are buffered, until they are down to {@code lowWater}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= lowWater <= highWater}
   */
  public StreamOptions withWaterMarks(int highWater, int lowWater) {
    checkWaterMarks(highWater, lowWater);
    return new StreamOptions(limit, highWater, lowWater, backlog);
  }

  /** With the listen backlog of servers (the kernel may cap it). */
  public StreamOptions withBacklog(int backlog) {
    if (backlog <= 0) {
      throw new IllegalArgumentException("backlog must be positive: " + backlog);
    }
    return new StreamOptions(limit, highWater, lowWater, backlog);
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

  @Override
  public String toString() {
    return "StreamOptions[limit=" + limit + ", highWater=" + highWater + ", lowWater=" + lowWater
        + ", backlog=" + backlog + "]";
  }
}
