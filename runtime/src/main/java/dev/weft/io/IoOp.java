package dev.weft.io;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.internal.IoRegistry;
import dev.weft.internal.LoopCore;
import java.nio.channels.SelectableChannel;

/**
 * One awaitable I/O operation on a non-blocking channel: it tries at once, and if the channel is
 * not ready registers itself as the channel's reader or writer (inline: it only moves bytes and
 * completes itself) until it can finish.
 *
 * <p>However it ends (done, failed or cancelled) {@link #onSettled()} removes its registration, so
 * a cancelled operation leaves no interest behind, and the key is cancelled when nothing else waits
 * on the channel. Loop thread only.
 */
abstract class IoOp<T> extends Promise<T> implements Runnable {
  final IoRegistry.Watch watch;
  private final boolean writer;
  private boolean registered;

  IoOp(LoopCore loop, SelectableChannel channel, boolean writer) {
    super(loop);
    this.watch = IoRegistry.watch(loop, channel);
    this.writer = writer;
  }

  /** Makes progress; completes this promise when the operation is over. */
  abstract void attempt() throws Exception;

  /** Called once the operation ended without a value (failure or cancellation). */
  void abandoned() {}

  /** Tries now; registers for readiness only if it could not finish. */
  final Task<T> begin() {
    if (writer ? watch.hasWriter() : watch.hasReader()) {
      // Taking the registration over would leave the other operation waiting forever.
      fail(
          new IllegalStateException(
              "another operation already waits to "
                  + (writer ? "write to" : "read from")
                  + " "
                  + watch.channel()
                  + ": await it first"));
      return this;
    }
    run();
    if (!isDone()) {
      try {
        registered = true;
        if (writer) {
          watch.setWriter(this, true);
        } else {
          watch.setReader(this, true);
        }
      } catch (RuntimeException e) {
        registered = false;
        fail(e);
      }
    }
    return this;
  }

  /** Readiness (or the first try): never throws. */
  @Override
  public final void run() {
    if (isDone()) {
      return;
    }
    try {
      attempt();
    } catch (Throwable e) {
      fail(e);
    }
  }

  @Override
  protected void onSettled() {
    if (registered) {
      registered = false;
      if (writer) {
        watch.clearWriter();
      } else {
        watch.clearReader();
      }
    }
    if (!isSucceeded()) {
      abandoned();
    }
  }
}
