package dev.weft.sample.basics;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Countdowns interleaving on one thread: each {@code await} is where a task steps aside and the
 * event loop runs whichever other task is ready. No locks, no thread pools: every line it prints
 * comes from the same thread, and a task's code between two awaits never interleaves with
 * another's.
 *
 * <p>Run it: {@code Main countdown}.
 */
public class Countdown {
  final PrintStream out;

  public Countdown(PrintStream out) {
    this.out = out;
  }

  @Async
  public Task<Void> countdown(String name, int from, Duration step) {
    for (int n = from; n > 0; n--) {
      out.println(
          "T-minus " + n + " (" + name + ", thread " + Thread.currentThread().getName() + ")");
      await(Tasks.sleep(step));
    }
    out.println("Lift-off! (" + name + ")");
    return Task.done();
  }

  @Async
  public Task<Void> main() {
    long start = Seconds.now();
    await(
        Tasks.gather(
            countdown("A", 4, Duration.ofMillis(400)), countdown("B", 3, Duration.ofMillis(700))));
    out.println("both lifted off after " + Seconds.since(start) + ", on one thread");
    return Task.done();
  }
}
