/**
 * The concurrent web crawler: {@link dev.weft.sample.crawl.CrawlExample} runs it, {@link
 * dev.weft.sample.crawl.Crawler} does the crawling (a task per page, a {@code Semaphore}, timeouts,
 * retries with back-off, a {@code TaskGroup}), {@link dev.weft.sample.crawl.HttpClient} speaks
 * HTTP/1.1 over weft's streams, and {@link dev.weft.sample.crawl.SiteServer} serves the synthetic
 * site it crawls when no URL is given.
 */
package dev.weft.sample.crawl;
