/**
 * The machinery under {@code dev.weft}, with no compatibility promise: the base class of the
 * state machines weft generates ({@link dev.weft.internal.Coroutine}), the loop's core ({@link
 * dev.weft.internal.LoopCore}: ready queue, timer heap, thread-safe inbox, selector), and the
 * task types behind {@code Tasks} (sleeps, bridges to {@code CompletionStage}, combinators).
 *
 * <p>Generated code uses exactly {@code Coroutine}'s protected members; application code should
 * use nothing here. Everything runs on the loop's thread unless a method says otherwise ({@code
 * LoopCore}'s {@code tryExecuteThreadsafe}, {@code executeThreadsafe}, {@code stop}, {@code now},
 * {@code inLoopThread} and {@code requireLoopThread} are the any-thread ones), and
 * the hot paths (suspend, resume, yield, sleep) allocate nothing beyond what their Javadoc says.
 */
package dev.weft.internal;
