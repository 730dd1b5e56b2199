/**
 * weft's sample app: {@link dev.weft.sample.Main}, the one entry point, runs the examples of the
 * packages below, one class each, to be read next to the {@code _Async} class weft generates from
 * it.
 *
 * <ul>
 *   <li>{@link dev.weft.sample.basics}: the classic asyncio examples: tasks that overlap, {@code
 *       gather}, countdowns interleaving on one thread, a producer/consumer queue.
 *   <li>{@link dev.weft.sample.crawl}: a concurrent web crawler over weft's streams, with the
 *       HTTP/1.1 client and the local site it crawls.
 *   <li>{@link dev.weft.sample.chat}: a line-based chat server and its client.
 * </ul>
 */
package dev.weft.sample;
