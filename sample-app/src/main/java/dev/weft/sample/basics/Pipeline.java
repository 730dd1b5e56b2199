package dev.weft.sample.basics;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import dev.weft.sync.Queue;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A producer and three workers connected by a bounded {@link Queue}, as in asyncio's queue example.
 * {@code put} waits while the queue is full, so the producer slows down to the pace of the workers
 * (back-pressure); {@code get} waits while it is empty. {@code join} waits until every job put has
 * been marked done with {@code taskDone}; then the workers, idle in {@code get}, are cancelled.
 *
 * <p>Run it: {@code Main pipeline}.
 */
public class Pipeline {
  /** A unit of work: how long it takes is part of it. */
  public record Job(int number, Duration work) {}

  final PrintStream out;
  final Queue<Job> jobs = new Queue<>(3); // at most 3 jobs waiting
  long busyNanos;

  public Pipeline(PrintStream out) {
    this.out = out;
  }

  @Async
  public Task<Void> produce(int count) {
    for (int i = 1; i <= count; i++) {
      Job job = new Job(i, Duration.ofMillis(100 + i * 70 % 300));
      await(jobs.put(job)); // waits while the queue is full
      out.println("queued job " + i + " (" + jobs.size() + " waiting)");
    }
    return Task.done();
  }

  @Async
  public Task<Void> work(String name) {
    for (; ; ) {
      Job job = await(jobs.get()); // waits while the queue is empty
      try {
        await(Tasks.sleep(job.work()));
        busyNanos += job.work().toNanos();
        out.println(
            name + " did job " + job.number() + " in " + Seconds.format(job.work().toNanos()));
      } finally {
        jobs.taskDone(); // a failed or cancelled job counts as done too, or join() would hang
      }
    }
  }

  @Async
  public Task<Void> main() {
    long start = Seconds.now();
    List<Task<Void>> workers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      workers.add(work("worker-" + i));
    }
    await(produce(10));
    await(jobs.join()); // every job taken and done
    for (Task<Void> worker : workers) {
      worker.cancel(); // each is waiting in get(): the cancellation ends it there
    }
    await(Tasks.gatherReturningExceptions(workers)); // wait until they have all stopped
    out.println(
        "10 jobs, "
            + Seconds.format(busyNanos)
            + " of work, done by 3 workers in "
            + Seconds.since(start));
    return Task.done();
  }
}
