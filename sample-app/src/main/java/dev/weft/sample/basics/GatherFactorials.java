package dev.weft.sample.basics;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@link Tasks#gather} over coroutines: asyncio's {@code gather(factorial("A", 2), factorial("B",
 * 3), factorial("C", 4))}. Three computations step forward turn by turn, and {@code gather} hands
 * back their results in argument order, whichever finished first.
 *
 * <p>Run it: {@code Main gather}.
 */
public class GatherFactorials {
  static final Duration STEP = Duration.ofMillis(500);

  final PrintStream out;

  public GatherFactorials(PrintStream out) {
    this.out = out;
  }

  @Async
  public Task<Long> factorial(String name, int number) {
    long f = 1;
    for (int i = 2; i <= number; i++) {
      out.println("Task " + name + ": compute factorial(" + number + "), currently i=" + i + "...");
      await(Tasks.sleep(STEP)); // the other two tasks run meanwhile
      f *= i;
    }
    out.println("Task " + name + ": factorial(" + number + ") = " + f);
    return Task.of(f);
  }

  @Async
  public Task<List<Long>> main() {
    long start = Seconds.now();
    List<Long> results =
        await(Tasks.gather(factorial("A", 2), factorial("B", 3), factorial("C", 4)));
    out.println(
        results + " in " + Seconds.since(start) + " (six steps of 0.50 s, three at a time)");
    return Task.of(results);
  }
}
