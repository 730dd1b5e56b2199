package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.internal.Coroutine;
import dev.weft.internal.LoopCore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Shared helpers of the I/O tests: running a scenario on a fresh loop while checking that no socket
 * or selector descriptor outlives it, and small combinators written as the state machines weft
 * generates (the processor is not used by the runtime's tests).
 */
final class IoTesting {
  private IoTesting() {}

  /** The main task of a test, which may throw while it starts. */
  @FunctionalInterface
  interface Scenario<T> {
    Task<T> start() throws Exception;
  }

  /** A step of a chain: the next task from the previous value. */
  @FunctionalInterface
  interface Step<T, U> {
    Task<U> apply(T value) throws Throwable;
  }

  /**
   * Runs {@code scenario} on a new loop and returns its value, asserting that no exception reached
   * the loop's exception handler, and that the process has exactly as many sockets, pipes and
   * anonymous inodes (epoll, eventfd) open afterwards as before: nothing leaked.
   */
  static <T> T runWithoutLeaks(Scenario<T> scenario) {
    JdkWarmUp.done();
    List<String> before = openDescriptors();
    List<String> uncaught = new ArrayList<>();
    T result =
        EventLoop.run(
            () -> {
              // An exception that reaches the loop's handler is a failure nobody expected.
              EventLoop.current()
                  .setExceptionHandler(
                      (loop, context, exception) -> uncaught.add(context + ": " + exception));
              try {
                return scenario.start();
              } catch (Exception e) {
                return Task.failed(e);
              }
            });
    assertEquals(List.of(), uncaught, "exceptions reported to the loop");
    List<String> after = openDescriptors();
    assertEquals(before.size(), after.size(), "descriptors before " + before + ", after " + after);
    return result;
  }

  /**
   * Makes the descriptors the JDK opens once per process and keeps: closing a channel that is still
   * registered with a selector duplicates a JDK-wide "pre-close" socket onto its descriptor, and
   * that socket is made on first use. Counting before it exists would call it a leak.
   */
  private static final class JdkWarmUp {
    static {
      try (Selector selector = Selector.open();
          ServerSocketChannel listener = ServerSocketChannel.open()) {
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel client = SocketChannel.open(listener.getLocalAddress());
        try (SocketChannel accepted = listener.accept()) {
          client.configureBlocking(false);
          client.register(selector, SelectionKey.OP_READ);
          client.close(); // closed while registered: the pre-close path
        }
      } catch (IOException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    static void done() {}
  }

  /** The kinds of this process's file descriptors that I/O can leak: sockets, pipes, inodes. */
  static List<String> openDescriptors() {
    List<String> kinds = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException gone) {
          continue; // the directory stream's own descriptor, closed meanwhile
        }
        if (target.startsWith("socket:")
            || target.startsWith("pipe:")
            || target.startsWith("anon_inode:")) {
          kinds.add(target.replaceAll("\\[\\d+\\]", ""));
        }
      }
    } catch (IOException e) {
      throw new AssertionError("cannot list /proc/self/fd", e);
    }
    return kinds;
  }

  /** The number of valid keys registered with the running loop's selector. */
  static long registeredKeys() {
    return LoopCore.currentOrThrow("registeredKeys").selector().keys().stream()
        .filter(key -> key.isValid())
        .count();
  }

  /**
   * Awaits {@code first}, then returns the task {@code next} makes from its value: {@code then(a, x
   * -> b(x))} is {@code return b(await(a));}.
   */
  static <T, U> Task<U> then(Task<T> first, Step<? super T, U> next) {
    return new Then<>(first, next).start();
  }

  static final class Then<T, U> extends Coroutine<U> {
    private final Task<T> first;
    private final Step<? super T, U> next;

    Then(Task<T> first, Step<? super T, U> next) {
      this.first = first;
      this.next = next;
    }

    @Override
    protected void resume() throws Throwable {
      switch (state) {
        case 0:
          if (suspendOn(first, 1)) {
            return;
          }
        case 1:
          T value = awaited();
          returnTask(next.apply(value));
          return;
        default:
          throw new IllegalStateException("state " + state);
      }
    }
  }

  /**
   * Awaits {@code task} and gives its exception (null if it succeeded): {@code try { await(task);
   * return null; } catch (Throwable e) { return e; }}.
   */
  static Task<Throwable> failureOf(Task<?> task) {
    return new FailureOf(task).start();
  }

  static final class FailureOf extends Coroutine<Throwable> {
    private final Task<?> task;

    FailureOf(Task<?> task) {
      this.task = task;
    }

    @Override
    protected void resume() throws Throwable {
      switch (state) {
        case 0:
          if (suspendOn(task, 1)) {
            return;
          }
        case 1:
          try {
            awaited();
            returnValue(null);
          } catch (Throwable e) {
            returnValue(e);
          }
          return;
        default:
          throw new IllegalStateException("state " + state);
      }
    }
  }

  /** Done when every task is done; fails with the first failure met, in list order. */
  static Task<Void> all(List<? extends Task<?>> tasks) {
    return new All(tasks).start();
  }

  static final class All extends Coroutine<Void> {
    private final List<? extends Task<?>> tasks;
    private int index;

    All(List<? extends Task<?>> tasks) {
      this.tasks = tasks;
    }

    @Override
    protected void resume() throws Throwable {
      for (; ; ) {
        switch (state) {
          case 0:
            // for (index = 0; index < tasks.size(); index++) await(tasks.get(index));
            if (index == tasks.size()) {
              returnValue(null);
              return;
            }
            if (suspendOn(tasks.get(index), 1)) {
              return;
            }
          case 1:
            awaited();
            index++;
            state = 0;
            continue;
          default:
            throw new IllegalStateException("state " + state);
        }
      }
    }
  }

  /** Lets the loop run {@code turns} iterations (so cancelled keys are deregistered). */
  static Task<Void> turns(int turns) {
    if (turns == 0) {
      return Task.done();
    }
    return then(Tasks.yieldNow(), ignored -> turns(turns - 1));
  }

  /** A promise of the running loop. */
  static <T> Promise<T> promise() {
    return new Promise<>();
  }

  /**
   * The echo handler, as the processor would generate it from:
   *
   * <pre>{@code
   * @Async Task<Void> echo(StreamReader reader, StreamWriter writer) {
   *   for (;;) {
   *     byte[] data = await(reader.read(8192));
   *     if (data.length == 0) break;
   *     writer.write(data);
   *     await(writer.drain());
   *   }
   *   writer.close();
   *   return Task.done();
   * }
   * }</pre>
   */
  static Task<Void> echo(StreamReader reader, StreamWriter writer) {
    return new Echo(reader, writer).start();
  }

  static final class Echo extends Coroutine<Void> {
    private final StreamReader reader;
    private final StreamWriter writer;

    Echo(StreamReader reader, StreamWriter writer) {
      this.reader = reader;
      this.writer = writer;
    }

    @Override
    protected void resume() throws Throwable {
      for (; ; ) {
        switch (state) {
          case 0:
            // byte[] data = await(reader.read(8192));
            if (suspendOn(reader.read(8192), 1)) {
              return;
            }
          case 1:
            byte[] data = awaited();
            if (data.length == 0) {
              writer.close();
              returnValue(null);
              return;
            }
            writer.write(data);
            // await(writer.drain());
            if (suspendOn(writer.drain(), 2)) {
              return;
            }
          case 2:
            awaited();
            state = 0;
            continue;
          default:
            throw new IllegalStateException("state " + state);
        }
      }
    }

    @Override
    protected String describe() {
      return "IoTesting.echo";
    }
  }
}
