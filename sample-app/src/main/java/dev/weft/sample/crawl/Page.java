package dev.weft.sample.crawl;

import java.net.URI;
import java.util.List;

/**
 * What the crawler learned about one URL.
 *
 * @param url the page's address
 * @param status the HTTP status of the last attempt, or 0 if no response came
 * @param bytes the size of the body
 * @param links the links found in a successful page, resolved against its URL
 * @param attempts how many requests it took
 * @param failure why the page failed, or null if it did not
 */
public record Page(URI url, int status, long bytes, List<URI> links, int attempts, String failure) {
  public boolean ok() {
    return failure == null;
  }
}
