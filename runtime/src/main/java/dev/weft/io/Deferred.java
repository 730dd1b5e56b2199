package dev.weft.io;

import dev.weft.internal.LoopCore;

/** Work that must wait for the loop's next poll of its selector. */
final class Deferred {
  private Deferred() {}

  /**
   * Runs {@code work} on the loop after its selector has been polled at least once more. A channel
   * closed while registered keeps its descriptor until that poll deregisters its cancelled key; so
   * does a port. Every loop iteration polls the selector before it runs the callbacks that were
   * ready at its start, so two hops through the ready queue are enough wherever this is called from
   * (the I/O phase or a callback).
   */
  static void afterNextSelect(LoopCore loop, Runnable work) {
    loop.schedule(() -> loop.schedule(work));
  }
}
