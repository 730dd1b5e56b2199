package dev.weft.internal;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * Reader and writer callbacks on {@link SelectableChannel}s, over a loop's selector (asyncio's
 * {@code add_reader} / {@code add_writer} / {@code remove_reader} / {@code remove_writer}).
 *
 * <p>A channel has at most one {@link SelectionKey} with the loop's selector, whose attachment is
 * its {@link Watch}: the watch holds one reader and one writer callback and keeps the key's
 * interest set equal to the callbacks present. When neither remains the key is cancelled, so a
 * channel nobody waits on is not registered at all.
 *
 * <p>Java defers the deregistration of a cancelled key to the selector's next {@code select}, and
 * refuses to register the channel again before that ({@link CancelledKeyException}). A reader added
 * again in that window (the common "receive, resume, receive again" pattern) is therefore
 * registered by a retry queued on the ready queue: the loop always polls its selector before it
 * runs the next batch of ready callbacks, so the retry finds the old key gone.
 *
 * <p>Loop thread only. Nothing here allocates once a channel's watch exists, except the
 * registration itself.
 */
public final class IoRegistry {
  private IoRegistry() {}

  /**
   * The watch of {@code channel} on {@code loop}: the attachment of its key, or a new, unregistered
   * one. Internal users (transports) keep the watch they get here for the life of the channel.
   */
  public static Watch watch(LoopCore loop, SelectableChannel channel) {
    SelectionKey key = channel.keyFor(loop.selector());
    if (key != null && key.attachment() instanceof Watch) {
      return (Watch) key.attachment();
    }
    return new Watch(loop, channel);
  }

  /**
   * Calls {@code callback} on the loop's ready queue whenever {@code channel} is readable (or, for
   * a server channel, has a connection to accept), until {@link #removeReader}; replaces the
   * channel's previous reader.
   */
  public static void addReader(LoopCore loop, SelectableChannel channel, Runnable callback) {
    watch(loop, channel).setReader(callback, false);
  }

  /** Like {@link #addReader}, for writability (or the end of a pending connect). */
  public static void addWriter(LoopCore loop, SelectableChannel channel, Runnable callback) {
    watch(loop, channel).setWriter(callback, false);
  }

  /** Removes the channel's reader; false if it had none. */
  public static boolean removeReader(LoopCore loop, SelectableChannel channel) {
    SelectionKey key = channel.keyFor(loop.selector());
    return key != null
        && key.attachment() instanceof Watch
        && ((Watch) key.attachment()).clearReader();
  }

  /** Removes the channel's writer; false if it had none. */
  public static boolean removeWriter(LoopCore loop, SelectableChannel channel) {
    SelectionKey key = channel.keyFor(loop.selector());
    return key != null
        && key.attachment() instanceof Watch
        && ((Watch) key.attachment()).clearWriter();
  }

  /**
   * The registration of one channel with one loop: its reader and writer callbacks and its key.
   *
   * <p>A callback added {@code inline} runs inside the loop's I/O phase, as soon as the selector
   * reports the channel (weft's own transports use this: they only move bytes and complete
   * promises, whose awaiters resume through the ready queue). Any other callback is put on the
   * ready queue, as asyncio does, through a trampoline allocated once per watch.
   */
  public static final class Watch implements IoHandler {
    private final LoopCore loop;
    private final SelectableChannel channel;
    private final int readOp;
    private final Runnable readerTrampoline = this::fireReader;
    private final Runnable writerTrampoline = this::fireWriter;
    private final Runnable retry = this::retryRegistration;

    private SelectionKey key;
    private Runnable reader;
    private Runnable writer;
    private boolean readerInline;
    private boolean writerInline;
    private boolean readerQueued;
    private boolean writerQueued;
    private boolean retryQueued;

    /** OP_WRITE, or OP_CONNECT for a socket whose connect is pending when the writer is added. */
    private int writeOp = SelectionKey.OP_WRITE;

    Watch(LoopCore loop, SelectableChannel channel) {
      this.loop = loop;
      this.channel = channel;
      this.readOp = channel.validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
    }

    /** The channel watched. */
    public SelectableChannel channel() {
      return channel;
    }

    /** Sets the reader (replacing any) and updates the interest set. */
    public void setReader(Runnable callback, boolean inline) {
      if (callback == null) {
        throw new NullPointerException("callback");
      }
      reader = callback;
      readerInline = inline;
      update();
    }

    /** Sets the writer (replacing any) and updates the interest set. */
    public void setWriter(Runnable callback, boolean inline) {
      if (callback == null) {
        throw new NullPointerException("callback");
      }
      writer = callback;
      writerInline = inline;
      writeOp =
          channel instanceof SocketChannel && ((SocketChannel) channel).isConnectionPending()
              ? SelectionKey.OP_CONNECT
              : SelectionKey.OP_WRITE;
      update();
    }

    /** Removes the reader; false if there was none. */
    public boolean clearReader() {
      if (reader == null) {
        return false;
      }
      reader = null;
      update();
      return true;
    }

    /** Removes the writer; false if there was none. */
    public boolean clearWriter() {
      if (writer == null) {
        return false;
      }
      writer = null;
      update();
      return true;
    }

    /** Whether a reader is set. */
    public boolean hasReader() {
      return reader != null;
    }

    /** Whether a writer is set. */
    public boolean hasWriter() {
      return writer != null;
    }

    /** Drops both callbacks and cancels the key: for a channel being closed. Never throws. */
    public void clear() {
      reader = null;
      writer = null;
      SelectionKey current = key;
      key = null;
      if (current != null) {
        current.cancel();
      }
    }

    private int wantedOps() {
      return (reader != null ? readOp : 0) | (writer != null ? writeOp : 0);
    }

    private void update() {
      int wanted = wantedOps();
      SelectionKey current = key;
      if (current != null && current.isValid()) {
        if (wanted == 0) {
          key = null;
          current.cancel();
        } else if (current.interestOps() != wanted) {
          current.interestOps(wanted);
        }
        return;
      }
      key = null;
      if (wanted != 0) {
        register(wanted);
      }
    }

    private void register(int wanted) {
      SelectionKey existing = channel.keyFor(loop.selector());
      if (existing != null && existing.isValid() && existing.attachment() != this) {
        if (!(existing.attachment() instanceof Watch)) {
          reader = null;
          writer = null;
          throw new IllegalStateException(
              "the channel is registered with the loop's selector by other code: " + channel);
        }
        // Another watch registered the channel after our key was deregistered: hand it ours.
        Watch other = (Watch) existing.attachment();
        other.absorb(this);
        reader = null;
        writer = null;
        return;
      }
      if (existing != null && !existing.isValid()) {
        // Cancelled, deregistered at the next select: register after it (see the class comment).
        if (!retryQueued && channel.isOpen()) {
          retryQueued = true;
          loop.schedule(retry);
        }
        return;
      }
      try {
        key = channel.register(loop.selector(), wanted, this);
      } catch (ClosedChannelException e) {
        reader = null;
        writer = null;
        throw new IllegalStateException("the channel is closed: " + channel, e);
      }
    }

    private void absorb(Watch older) {
      if (reader == null && older.reader != null) {
        reader = older.reader;
        readerInline = older.readerInline;
      }
      if (writer == null && older.writer != null) {
        writer = older.writer;
        writerInline = older.writerInline;
        writeOp = older.writeOp;
      }
      update();
    }

    private void retryRegistration() {
      retryQueued = false;
      if (!channel.isOpen()) {
        reader = null;
        writer = null;
        return;
      }
      update();
    }

    @Override
    public void ioReady(SelectionKey readyKey) {
      int ready;
      try {
        ready = readyKey.readyOps();
      } catch (CancelledKeyException e) {
        return;
      }
      if ((ready & readOp) != 0 && reader != null) {
        if (readerInline) {
          runInline(reader);
        } else if (!readerQueued) {
          readerQueued = true;
          loop.schedule(readerTrampoline);
        }
      }
      if ((ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0 && writer != null) {
        if (writerInline) {
          runInline(writer);
        } else if (!writerQueued) {
          writerQueued = true;
          loop.schedule(writerTrampoline);
        }
      }
    }

    /**
     * Who to tell when an inline callback throws (issue 17's error policy): the channel's owner,
     * which fails and closes itself (a connection); null when nobody owns the channel but the
     * callbacks.
     */
    private java.util.function.Consumer<Throwable> owner;

    /**
     * Makes {@code failOwner} the channel's owner: an exception or error thrown by an inline
     * callback of this watch is reported to the loop's exception handler and then handed to it,
     * to fail (and close) what it owns. Loop thread.
     */
    public void setOwner(java.util.function.Consumer<Throwable> failOwner) {
      this.owner = failOwner;
    }

    /**
     * Inside the selector's dispatch nothing may escape: it would end the loop. Whatever the
     * callback throws, errors such as OutOfMemoryError included, is reported, and the channel's
     * owner fails with it; the loop goes on (see {@link LoopCore#runCallback}).
     */
    private void runInline(Runnable callback) {
      try {
        callback.run();
      } catch (Throwable e) {
        LoopCore.rethrowIfThreadDeath(e);
        loop.reportUncaught("I/O callback " + callback + " on " + channel, e);
        java.util.function.Consumer<Throwable> failOwner = owner;
        if (failOwner != null) {
          try {
            failOwner.accept(e);
          } catch (Throwable second) {
            LoopCore.rethrowIfThreadDeath(second);
            loop.reportUncaught("failing the owner of " + channel, second);
          }
        }
      }
    }

    private void fireReader() {
      readerQueued = false;
      Runnable callback = reader;
      if (callback != null) {
        callback.run();
      }
    }

    private void fireWriter() {
      writerQueued = false;
      Runnable callback = writer;
      if (callback != null) {
        callback.run();
      }
    }

    @Override
    public String toString() {
      return "Watch[" + channel + ", reader=" + reader + ", writer=" + writer + "]";
    }
  }
}
