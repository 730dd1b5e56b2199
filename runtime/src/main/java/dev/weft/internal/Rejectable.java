package dev.weft.internal;

/**
 * Work handed to a loop (its ready queue or its thread-safe inbox) that wants to know when the
 * loop is closed before running it, so that whoever waits for it is not left waiting forever: a
 * {@code submit} completes its future exceptionally, for example. Also a waiter on another
 * thread or loop for a task of the loop ({@link LoopCore#addForeignWaiter}), told when the loop
 * closes while that task is pending (issue 17).
 */
public interface Rejectable {
  /** The loop closed without running this work. Called on the thread that closed the loop. */
  void rejected(IllegalStateException reason);
}
