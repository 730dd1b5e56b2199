package dev.weft.internal;

import java.nio.channels.SelectionKey;

/**
 * The attachment of a {@link SelectionKey} registered with a loop's selector: told when its
 * channel is ready. Called inline in the loop's I/O phase, so it should only complete tasks or
 * schedule callbacks, not run user code.
 */
@FunctionalInterface
public interface IoHandler {
  /** {@code key}'s channel is ready for some of its interest set. Loop thread. */
  void ioReady(SelectionKey key);
}
