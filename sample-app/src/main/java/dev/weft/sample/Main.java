package dev.weft.sample;

import dev.weft.EventLoop;
import dev.weft.sample.basics.Countdown_Async;
import dev.weft.sample.basics.GatherFactorials_Async;
import dev.weft.sample.basics.Overlap_Async;
import dev.weft.sample.basics.Pipeline_Async;
import dev.weft.sample.chat.ChatClient;
import dev.weft.sample.chat.ChatServer;
import dev.weft.sample.crawl.CrawlExample_Async;
import dev.weft.sample.crawl.Crawler;
import dev.weft.sample.crawl.Progress;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample app's one entry point: {@code Main [COMMAND] [OPTIONS]}, {@code crawl} when no command
 * is given. Each command runs one example class; {@code --help} lists them.
 *
 * <p>Every example starts the same way: {@link EventLoop#run} makes an event loop on this thread,
 * runs the example's {@code @Async} method on it until that finishes, and closes the loop. The
 * example is made with {@code new Example_Async(...)}: the subclass weft generates, whose
 * {@code @Async} methods run as state machines on the loop.
 */
public final class Main {
  static final String USAGE =
      """
      usage: Main [COMMAND] [OPTIONS]
         or: mvn -q -DskipTests package exec:java -pl sample-app -am -Dexec.args='COMMAND OPTIONS'

      The examples of weft, asyncio for Java made at compile time. Each command runs one class
      in sample-app/src/main/java/dev/weft/sample/; the code weft generates from it is in
      sample-app/target/generated-sources/annotations/.

      commands:
        crawl [URL...]   (the default) a concurrent web crawler. With no URL it serves a
                         local site, crawls it, crawls it again one page at a time, and
                         compares. Given http:// or https:// URLs, it fetches those.
            --concurrency N   requests at a time (default 10)
            --timeout MS      per request, connecting included (default 500; 10000 for URLs)
            --retries N       retries of a failed request (default 2)
            --backoff MS      wait before the first retry, doubled for each next (default 100)
        overlap          two tasks started, then awaited: they take the longest, not the sum
        gather           Tasks.gather over three coroutines
        countdown        countdowns interleaving on one thread
        pipeline         a producer and three workers connected by a bounded Queue
        chat-server      a line-based chat server; Ctrl-C stops it gracefully
            --host HOST       address to listen on (default 127.0.0.1)
            --port N          port to listen on (default 7777; 0 picks a free one)
        chat-client      a client for chat-server: type lines; /quit or Ctrl-D leaves
            --host HOST       (default 127.0.0.1)
            --port N          (default 7777)
        help             this text (also -h, --help)
      """;

  private Main() {}

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the command {@code args} name; the exit status: 0, 1 if it failed, 2 for bad usage. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> rest = new ArrayList<>(List.of(args));
    if (rest.contains("--help") || rest.contains("-h")) {
      out.print(USAGE);
      return 0;
    }
    boolean named =
        !rest.isEmpty() && !rest.get(0).startsWith("--") && !rest.get(0).contains("://");
    String command = named ? rest.remove(0) : "crawl";
    try {
      Options options = new Options(rest);
      switch (command) {
        case "crawl" -> crawl(options, out);
        case "overlap" -> {
          options.none();
          EventLoop.run(() -> new Overlap_Async(out).main());
        }
        case "gather" -> {
          options.none();
          EventLoop.run(() -> new GatherFactorials_Async(out).main());
        }
        case "countdown" -> {
          options.none();
          EventLoop.run(() -> new Countdown_Async(out).main());
        }
        case "pipeline" -> {
          options.none();
          EventLoop.run(() -> new Pipeline_Async(out).main());
        }
        case "chat-server" -> {
          String host = options.option("host", "127.0.0.1");
          int port = options.intOption("port", 7777, 0, 65535);
          options.none();
          ChatServer.runUntilSignalled(host, port, out);
        }
        case "chat-client" -> {
          String host = options.option("host", "127.0.0.1");
          int port = options.intOption("port", 7777, 1, 65535);
          options.none();
          BufferedReader keyboard =
              new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
          ChatClient.run(host, port, keyboard, out);
        }
        case "help" -> {
          options.none();
          out.print(USAGE);
        }
        default -> throw new UsageException("unknown command: " + command);
      }
      return 0;
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.println();
      err.print(USAGE);
      return 2;
    } catch (Exception e) {
      err.println("error: " + e);
      return 1;
    }
  }

  private static void crawl(Options options, PrintStream out) {
    int concurrency = options.intOption("concurrency", 10, 1, 10_000);
    int timeoutMillis = options.intOption("timeout", -1, 1, 3_600_000);
    int retries = options.intOption("retries", 2, 0, 100);
    int backoffMillis = options.intOption("backoff", 100, 0, 600_000);
    List<URI> urls = new ArrayList<>();
    for (String argument : options.arguments()) {
      urls.add(Options.httpUrl(argument));
    }
    Duration timeout =
        Duration.ofMillis(timeoutMillis > 0 ? timeoutMillis : urls.isEmpty() ? 500 : 10_000);
    Crawler.Options crawl =
        new Crawler.Options(concurrency, timeout, retries, Duration.ofMillis(backoffMillis), true);
    Progress.Style style =
        Progress.stdoutIsTerminal() ? Progress.Style.TERMINAL : Progress.Style.LINES;
    CrawlExample_Async example = new CrawlExample_Async(out, crawl, style);
    if (urls.isEmpty()) {
      EventLoop.run(() -> example.crawlDemoSite(Duration.ofMillis(10), Duration.ofMillis(80)));
    } else {
      EventLoop.run(() -> example.fetchAll(urls));
    }
  }
}
