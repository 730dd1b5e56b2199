package dev.weft.io;

import dev.weft.internal.LoopCore;

/**
 * The thread check of this package's loop-side objects (issue 17): readers, writers, servers and
 * endpoints belong to the loop that made them, and refuse calls that act from other threads.
 */
final class LoopThread {
  private LoopThread() {}

  /**
   * Refuses {@code operation} on a thread other than {@code loop}'s while it runs; one volatile
   * read and a comparison, cheap enough for every read and write.
   *
   * @throws IllegalStateException naming the thread-safe way to reach the loop
   */
  static void check(LoopCore loop, String operation) {
    loop.requireLoopThread(
        operation,
        "I/O objects are not thread-safe and belong to their event loop: from other threads hand"
            + " the call to the loop with loop.callSoonThreadsafe(() -> ...) or"
            + " loop.submit(() -> ...)");
  }
}
