package dev.weft.sync;

import dev.weft.internal.LoopCore;

/**
 * What every primitive of this package shares: it belongs to the event loop of its first use
 * (asyncio's {@code _LoopBoundMixin}), and refuses to be used from any other thread afterwards.
 *
 * <p>A primitive may be created anywhere. Calls made where no loop runs, before the primitive
 * is bound, are allowed for the calls that never wait (filling a queue before the loop starts);
 * the first call made on a loop thread binds it to that loop.
 */
abstract class LoopBound {
  /** The loop of the first call made on a loop thread; written and read on that thread only. */
  private LoopCore loop;

  LoopBound() {}

  /** What the primitive is, for messages: the simple class name. */
  String kind() {
    return getClass().getSimpleName();
  }

  /**
   * Checks that a call that does not wait may run here, binding the primitive to the calling
   * thread's loop on first use.
   *
   * @return the primitive's loop, or null when it is unbound and no loop runs here
   * @throws IllegalStateException when the primitive belongs to another loop, or to a loop while
   *     the calling thread runs none
   */
  final LoopCore checkLoop(String operation) {
    LoopCore current = LoopCore.current();
    LoopCore bound = loop;
    if (bound == current) {
      return bound;
    }
    if (bound == null) {
      loop = current;
      return current;
    }
    throw wrongLoop(operation, current);
  }

  /**
   * Like {@link #checkLoop}, for a call that may wait: a loop must run on the calling thread.
   *
   * @throws IllegalStateException when no loop runs here, or the primitive belongs to another
   */
  final LoopCore requireLoop(String operation) {
    LoopCore current = LoopCore.currentOrThrow(kind() + "." + operation);
    LoopCore bound = loop;
    if (bound == null) {
      loop = current;
    } else if (bound != current) {
      throw wrongLoop(operation, current);
    }
    return current;
  }

  private IllegalStateException wrongLoop(String operation, LoopCore current) {
    String thread = Thread.currentThread().getName();
    return new IllegalStateException(
        kind()
            + "."
            + operation
            + " called on thread '"
            + thread
            + "', "
            + (current == null ? "which runs no event loop" : "which runs a different event loop")
            + ", but this "
            + kind()
            + " belongs to the event loop that first used it: a weft primitive is not"
            + " thread-safe and serves one loop; use it only from that loop's tasks (other"
            + " threads can hand work over with loop.submit), and make one per loop");
  }
}
