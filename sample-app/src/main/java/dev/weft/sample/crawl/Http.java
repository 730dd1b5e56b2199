package dev.weft.sample.crawl;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.annotation.Async;
import dev.weft.io.StreamReader;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.net.ProtocolException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of HTTP/1.1 that the client and the server share: a header block, and the two ways a
 * body's length is known (RFC 9112: {@code Content-Length}, or {@code Transfer-Encoding: chunked}).
 *
 * <p>The {@code @Async} methods here are static: other classes call them through the generated
 * class, {@code Http_Async.readHeaders(in)}.
 */
public class Http {
  /** Header lines and chunk-size lines longer than this are refused. */
  static final int MAX_LINE = 8 * 1024;

  /** The most bytes a body may have. */
  static final int MAX_BODY = 16 * 1024 * 1024;

  /**
   * Reads header lines up to the empty line that ends them. Names are lower-cased; a header sent
   * twice has its values joined with {@code ", "}.
   */
  @Async
  public static Task<Map<String, String>> readHeaders(StreamReader in) throws ProtocolException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (; ; ) {
      String line = await(in.readLine(MAX_LINE));
      if (line == null) {
        throw new ProtocolException("the connection closed inside the headers");
      }
      if (line.isEmpty()) {
        return Task.of(headers);
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("not a header line: " + line);
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      headers.merge(name, line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
    }
  }

  /**
   * Reads a body sent with {@code Transfer-Encoding: chunked}: chunks, each preceded by its size in
   * hexadecimal, up to a chunk of size 0, then trailer headers (read and dropped).
   */
  @Async
  public static Task<byte[]> readChunkedBody(StreamReader in)
      throws ProtocolException, EOFException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (; ; ) {
      int size = chunkSize(await(in.readLine(MAX_LINE)));
      if (size == 0) {
        break;
      }
      if (body.size() + size > MAX_BODY) {
        throw new ProtocolException("a body larger than " + MAX_BODY + " bytes");
      }
      body.writeBytes(await(in.readExactly(size)));
      if (!"".equals(await(in.readLine(MAX_LINE)))) {
        throw new ProtocolException("a chunk not followed by CRLF");
      }
    }
    await(readHeaders(in)); // the trailers
    return Task.of(body.toByteArray());
  }

  /** The size in a chunk-size line ({@code 1a3f}, maybe followed by {@code ;extensions}). */
  static int chunkSize(String line) throws ProtocolException, EOFException {
    if (line == null) {
      throw new EOFException("the connection closed inside a chunked body");
    }
    int semicolon = line.indexOf(';');
    String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
    try {
      int size = Integer.parseInt(hex, 16);
      if (size < 0) {
        throw new NumberFormatException();
      }
      return size;
    } catch (NumberFormatException e) {
      throw new ProtocolException("not a chunk size: " + line);
    }
  }

  /** The value of a {@code Content-Length} header, or -1 if there is none. */
  static int contentLength(Map<String, String> headers) throws ProtocolException {
    String value = headers.get("content-length");
    if (value == null) {
      return -1;
    }
    try {
      int length = Integer.parseInt(value.trim());
      if (length < 0 || length > MAX_BODY) {
        throw new NumberFormatException();
      }
      return length;
    } catch (NumberFormatException e) {
      throw new ProtocolException("a bad Content-Length: " + value);
    }
  }

  /** Whether the message's body is sent in chunks. */
  static boolean isChunked(Map<String, String> headers) {
    String encoding = headers.get("transfer-encoding");
    return encoding != null && encoding.toLowerCase(Locale.ROOT).endsWith("chunked");
  }

  /**
   * Whether a {@code Connection} header holds {@code token} ({@code close}, {@code keep-alive}).
   */
  static boolean connectionHas(Map<String, String> headers, String token) {
    String value = headers.get("connection");
    if (value == null) {
      return false;
    }
    for (String part : value.split(",")) {
      if (part.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }
}
