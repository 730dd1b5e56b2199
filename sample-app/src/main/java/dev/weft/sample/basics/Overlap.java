package dev.weft.sample.basics;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Two tasks started, then awaited: they run at the same time. asyncio's first example, {@code
 * create_task(say_after(1, "hello"))} and {@code create_task(say_after(2, "world"))}, then {@code
 * await} both.
 *
 * <p>Calling an {@code @Async} method starts it at once: it runs until its first {@code await} that
 * has to wait, then hands back a {@link Task}. Both sleeps are under way before {@code main} awaits
 * anything, so the whole takes as long as the longest sleep (2 s), not the sum (3 s), and all of it
 * runs on one thread.
 *
 * <p>Run it: {@code Main overlap}. The program runs {@code new Overlap_Async(System.out).main()}:
 * {@code Overlap_Async} is the class weft generates from this one.
 */
public class Overlap {
  // Not private: the generated Overlap_Async, a subclass in this package, reads it.
  final PrintStream out;

  public Overlap(PrintStream out) {
    this.out = out;
  }

  /** Waits {@code delay}, prints {@code what}, and returns how long it took. */
  @Async
  public Task<Long> sayAfter(Duration delay, String what) {
    long start = Seconds.now();
    await(Tasks.sleep(delay));
    long tookNanos = Seconds.now() - start;
    out.println(what + " (after " + Seconds.format(tookNanos) + ")");
    return Task.of(tookNanos);
  }

  @Async
  public Task<Void> main() {
    long start = Seconds.now();
    Task<Long> hello = sayAfter(Duration.ofSeconds(1), "hello"); // started, sleeping
    Task<Long> world = sayAfter(Duration.ofSeconds(2), "world"); // started too
    out.println("started both tasks");

    long helloNanos = await(hello);
    long worldNanos = await(world); // already asleep for 1 s of its 2
    out.println(
        "total "
            + Seconds.since(start)
            + " for "
            + Seconds.format(helloNanos)
            + " + "
            + Seconds.format(worldNanos)
            + " of sleeping: the tasks overlapped");
    return Task.done();
  }
}
