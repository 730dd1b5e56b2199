package dev.weft;

import java.util.Set;

/**
 * What {@link Tasks#wait} gives: the tasks that were done when the wait ended and those that
 * were not (asyncio's {@code (done, pending)} pair). Both sets are unmodifiable, hold the tasks
 * that were passed in (not copies), iterate in the order the tasks were passed, and together hold
 * every task passed, each once.
 *
 * @param <T> the type of the tasks' values
 * @param done the tasks done when the wait ended
 * @param pending the tasks still running then; {@code wait} neither cancels nor awaits them
 */
public record WaitResult<T>(Set<Task<? extends T>> done, Set<Task<? extends T>> pending) {}
