package dev.weft.sample.crawl;

import static dev.weft.Await.await;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TaskTimeoutException;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import dev.weft.sync.Semaphore;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A concurrent crawler: every URL gets a task of its own, started as soon as the URL is found, and
 * a {@link Semaphore} lets at most {@code concurrency} of them have a request out at a time. Each
 * request has a timeout; a failed one (timeout, broken connection, HTTP 5xx) is retried after a
 * back-off that doubles each time. The tasks belong to a {@link TaskGroup}, whose {@code join}
 * waits for all of them, those started while it waits included.
 *
 * <p>The same crawler with {@code concurrency} 1 fetches one page at a time: that is how the
 * example measures what concurrency buys. A crawler crawls once: make a new one for each crawl.
 */
public class Crawler {
  /**
   * How to crawl.
   *
   * @param concurrency the most requests out at a time
   * @param timeout the most one request may take, connecting included
   * @param retries how many times a failed request is tried again
   * @param backoff the wait before the first retry; it doubles for each further one
   * @param follow whether to follow links to pages of the same origin
   */
  public record Options(
      int concurrency, Duration timeout, int retries, Duration backoff, boolean follow) {
    /** These options with another concurrency. */
    public Options withConcurrency(int concurrency) {
      return new Options(concurrency, timeout, retries, backoff, follow);
    }

    /** These options, following links or not. */
    public Options withFollow(boolean follow) {
      return new Options(concurrency, timeout, retries, backoff, follow);
    }
  }

  private static final Pattern HREF = Pattern.compile("href=\"([^\"#]+)");

  final HttpClient http;
  final Options options;
  final Progress progress;
  final Semaphore requests;
  final Set<URI> seen = new HashSet<>();
  TaskGroup<Page> group; // the running crawl's: every page's task joins it

  /** A crawler of the event loop it is made on. */
  public Crawler(HttpClient http, Options options, Progress progress) {
    this.http = http;
    this.options = options;
    this.progress = progress;
    this.requests = new Semaphore(options.concurrency());
  }

  /** Crawls from {@code roots}; the pages in the order they were found. */
  @Async
  public Task<List<Page>> crawl(List<URI> roots) {
    // Leaving the block early, by an exception or a cancellation, cancels the pages still running.
    try (TaskGroup<Page> pages = TaskGroup.collectAll()) {
      group = pages;
      for (URI root : roots) {
        visitOnce(root);
      }
      List<Page> found = await(pages.join()); // every page, those found on the way included
      progress.end();
      return Task.of(found);
    }
  }

  /** Starts a task for {@code url}, unless one was started already. */
  void visitOnce(URI url) {
    if (seen.add(url)) {
      progress.started();
      group.add(visit(url)); // visit(url) runs at once, up to its first await that waits
    }
  }

  @Async
  Task<Page> visit(URI url) {
    Page page = await(fetch(url));
    progress.finished(page);
    if (options.follow()) {
      for (URI link : page.links()) {
        if (HttpClient.origin(link).equals(HttpClient.origin(url))) {
          visitOnce(link);
        }
      }
    }
    return Task.of(page);
  }

  /** Fetches {@code url}, retrying failures; never fails: a page that failed says why. */
  @Async
  Task<Page> fetch(URI url) {
    for (int attempt = 1; ; attempt++) {
      await(requests.acquire()); // waits while `concurrency` requests are out
      Page page;
      try {
        page = page(url, await(http.get(url, options.timeout())), attempt);
      } catch (TaskTimeoutException e) {
        page = failed(url, attempt, "timed out after " + seconds(options.timeout()));
      } catch (CancelledException e) {
        throw e; // not a failed page: the crawl is being stopped
      } catch (Exception e) {
        page = failed(url, attempt, e.toString()); // refused, reset, not HTTP...
      } finally {
        requests.release(); // however the request ended
      }
      if (page.ok() || !worthRetrying(page) || attempt > options.retries()) {
        return Task.of(page);
      }
      Duration delay = options.backoff().multipliedBy(1L << (attempt - 1));
      progress.retrying(page, delay);
      await(Tasks.sleep(delay)); // the other tasks use the free request slot meanwhile
    }
  }

  /** The page that {@code answer} makes. */
  Page page(URI url, HttpResponse answer, int attempt) {
    if (answer.status() != 200) {
      return new Page(
          url, answer.status(), answer.body().length, List.of(), attempt, answer.statusText());
    }
    return new Page(url, 200, answer.body().length, links(url, answer.text()), attempt, null);
  }

  /** A page that could not be fetched, and why. */
  static Page failed(URI url, int attempt, String why) {
    return new Page(url, 0, 0, List.of(), attempt, why);
  }

  /** Timeouts, broken connections and server errors may pass; a 404 will not. */
  static boolean worthRetrying(Page page) {
    return page.status() == 0 || page.status() >= 500;
  }

  /** The links of an HTML page, resolved against its URL. */
  static List<URI> links(URI base, String html) {
    List<URI> links = new ArrayList<>();
    Matcher href = HREF.matcher(html);
    while (href.find()) {
      try {
        URI link = base.resolve(href.group(1));
        if (link.getScheme() != null && link.getScheme().startsWith("http")) {
          links.add(link);
        }
      } catch (IllegalArgumentException e) {
        // Not a URI: skip it, as a browser would.
      }
    }
    return links;
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.2f s", duration.toNanos() / 1e9);
  }
}
