package dev.weft.sample.crawl;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A response as {@link HttpClient} read it.
 *
 * @param status the status code, such as 200
 * @param reason the reason phrase, such as {@code OK}
 * @param headers header names lower-cased
 * @param body the body, de-chunked
 * @param reusable whether the connection may carry another request (keep-alive)
 */
public record HttpResponse(
    int status, String reason, Map<String, String> headers, byte[] body, boolean reusable) {
  /** The body decoded as UTF-8. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** {@code HTTP 404 Not Found}. */
  public String statusText() {
    return "HTTP " + status + (reason.isEmpty() ? "" : " " + reason);
  }
}
