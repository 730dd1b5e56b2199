package dev.weft.internal;

import dev.weft.Task;

/**
 * Something a pending task tells when it settles: a state machine suspended on it, a
 * combinator, a bridge to a {@code CompletableFuture}.
 *
 * <p>Called inline, on the loop's thread, from inside the completion of {@code task}. An
 * implementation must not run user code there (user code could complete further tasks and
 * recurse without bound): a state machine only schedules itself on the ready queue.
 */
@FunctionalInterface
public interface Awaiter {
  /** {@code task}, which this awaiter was registered on, has just settled. Loop thread. */
  void taskCompleted(Task<?> task);
}
