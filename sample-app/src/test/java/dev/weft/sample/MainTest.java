package dev.weft.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line: help, errors, and the chat server stopped by a signal, in its own JVM. */
class MainTest {
  @Test
  void helpListsEveryCommandAndExitsZero() {
    for (String[] args : new String[][] {{"--help"}, {"-h"}, {"help"}, {"crawl", "--help"}}) {
      Outcome outcome = run(args);
      assertEquals(0, outcome.status);
      assertEquals(Main.USAGE, outcome.out);
      assertEquals("", outcome.err);
    }
    String[] commands = {
      "crawl", "overlap", "gather", "countdown", "pipeline", "chat-server", "chat-client"
    };
    for (String command : commands) {
      assertTrue(Main.USAGE.contains("\n  " + command + " "), command);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "frobnicate                        | unknown command: frobnicate",
        "overlap now                       | unexpected argument: now",
        "gather --fast yes                 | unknown option --fast",
        "crawl --concurrency 0             | --concurrency takes a number from 1 to 10000, not 0",
        "crawl --concurrency many          | --concurrency takes a number from 1 to 10000, not"
            + " many",
        "crawl --timeout                   | --timeout needs a value",
        "crawl --retries 1 --retries 2     | --retries given twice",
        "crawl ftp://example.com/          | not an http:// or https:// URL: ftp://example.com/",
        "chat-server --port 70000          | --port takes a number from 0 to 65535, not 70000",
        "chat-client --nick ada            | unknown option --nick",
      })
  void badArgumentsExitTwoWithTheReasonAndTheUsage(String args, String reason) {
    Outcome outcome = run(args.split(" "));
    assertEquals(2, outcome.status);
    assertEquals("", outcome.out);
    assertEquals("error: " + reason + "\n\n" + Main.USAGE, outcome.err);
  }

  @Test
  void theChatServerSaysGoodbyeOnSigterm() throws Exception {
    Process server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "chat-server",
                "--port",
                "0")
            .redirectErrorStream(true)
            .start();
    try (BufferedReader log = reader(server.getInputStream())) {
      String banner = log.readLine();
      Matcher port = Pattern.compile("^chat server on 127\\.0\\.0\\.1:(\\d+): ").matcher(banner);
      assertTrue(port.find(), banner);
      try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(port.group(1)))) {
        socket.setSoTimeout(60_000); // a safety net against a hang, not a timing assertion
        BufferedReader chat = reader(socket.getInputStream());
        assertEquals("Welcome to weft chat! Your nickname?", chat.readLine());
        socket.getOutputStream().write("dave\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("* dave joined; 1 here. /who, /nick NAME, /quit", chat.readLine());

        // SIGTERM; the shutdown hook hands stop() to the loop. (Process.destroy() would also
        // close our end of its output.)
        assertTrue(server.toHandle().destroy());
        assertEquals("* the server is shutting down, goodbye", chat.readLine());
        assertEquals(null, chat.readLine()); // then the server closed the connection
      }
      assertEquals("* dave joined; 1 here. /who, /nick NAME, /quit", log.readLine());
      assertEquals("shutting down: 1 connected", log.readLine());
      assertEquals("* the server is shutting down, goodbye", log.readLine());
      assertEquals("stopped", log.readLine());
      assertEquals(null, log.readLine());
    } finally {
      server.destroyForcibly();
    }
    assertTrue(server.waitFor(60, TimeUnit.SECONDS));
  }

  private static BufferedReader reader(java.io.InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  record Outcome(int status, String out, String err) {}

  static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(
        status,
        out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"),
        err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
  }
}
