/**
 * The classic asyncio examples in weft, each a class with a {@code main()} {@code @Async} method:
 * {@link dev.weft.sample.basics.Overlap} (two tasks started, then awaited), {@link
 * dev.weft.sample.basics.GatherFactorials} ({@code Tasks.gather}), {@link
 * dev.weft.sample.basics.Countdown} (interleaving on one thread), {@link
 * dev.weft.sample.basics.Pipeline} (producer and workers through a bounded {@code Queue}). Their
 * tests run them on a loop with virtual time, so the times they print are exact.
 */
package dev.weft.sample.basics;
