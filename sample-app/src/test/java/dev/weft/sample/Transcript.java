package dev.weft.sample;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A {@link PrintStream} whose text the test reads back. */
public final class Transcript {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  public final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  /** Everything printed so far, with {@code \n} line ends whatever the platform. */
  public String text() {
    return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }
}
