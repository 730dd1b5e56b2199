package dev.weft.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The line numbers of {@code //@marker} comments in this module's test sources. */
final class Lines {
  private Lines() {}

  static int of(String file, String marker) {
    try {
      List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/weft/test", file));
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).endsWith("//@" + marker)) {
          return i + 1;
        }
      }
      throw new AssertionError("no //@" + marker + " in " + file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code dev.weft.test.Services.fetch(Services.java:N)} at the marker's line. */
  static String frame(String method, String marker) {
    return "dev.weft.test.Services." + method + "(Services.java:" + of("Services.java", marker) + ")";
  }
}
