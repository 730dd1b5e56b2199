package dev.weft.sample.basics;

import static dev.weft.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import dev.weft.sample.Transcript;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The basic examples, end to end, on an event loop with virtual time: sleeps take no real time and
 * end exactly on time, so the whole output, times included, is the same on every run.
 */
class BasicsTest {
  /** Runs {@code example} on a virtual-time loop; what it printed. */
  static String run(Function<PrintStream, Task<?>> example) {
    Transcript transcript = new Transcript();
    try (EventLoop loop = EventLoop.withVirtualTime()) {
      loop.runUntilComplete(() -> example.apply(transcript.out));
    }
    return transcript.text();
  }

  @Test
  void overlappingTasksTakeTheLongestNotTheSum() {
    assertEquals(
        """
        started both tasks
        hello (after 1.00 s)
        world (after 2.00 s)
        total 2.00 s for 1.00 s + 2.00 s of sleeping: the tasks overlapped
        """,
        run(out -> new Overlap_Async(out).main()));
  }

  @Test
  void gatherStepsTheFactorialsTurnByTurnAndKeepsArgumentOrder() {
    assertEquals(
        """
        Task A: compute factorial(2), currently i=2...
        Task B: compute factorial(3), currently i=2...
        Task C: compute factorial(4), currently i=2...
        Task A: factorial(2) = 2
        Task B: compute factorial(3), currently i=3...
        Task C: compute factorial(4), currently i=3...
        Task B: factorial(3) = 6
        Task C: compute factorial(4), currently i=4...
        Task C: factorial(4) = 24
        [2, 6, 24] in 1.50 s (six steps of 0.50 s, three at a time)
        """,
        run(out -> new GatherFactorials_Async(out).main()));
  }

  @Test
  void countdownsInterleaveOnOneThread() {
    String thread = Thread.currentThread().getName();
    assertEquals(
        """
        T-minus 4 (A, thread %1$s)
        T-minus 3 (B, thread %1$s)
        T-minus 3 (A, thread %1$s)
        T-minus 2 (B, thread %1$s)
        T-minus 2 (A, thread %1$s)
        T-minus 1 (A, thread %1$s)
        T-minus 1 (B, thread %1$s)
        Lift-off! (A)
        Lift-off! (B)
        both lifted off after 2.10 s, on one thread
        """
            .formatted(thread),
        run(out -> new Countdown_Async(out).main()));
  }

  @Test
  void pipelineWorkersShareTheJobsAndTheQueueHoldsThemBack() {
    // Jobs take 170, 240, 310, 380, 150, 220, 290, 360, 130 and 200 ms. The first three go
    // straight to the waiting workers; then the queue fills up to 3, and each job done frees a
    // slot for the producer's next put.
    assertEquals(
        """
        queued job 1 (0 waiting)
        queued job 2 (0 waiting)
        queued job 3 (0 waiting)
        queued job 4 (1 waiting)
        queued job 5 (2 waiting)
        queued job 6 (3 waiting)
        worker-1 did job 1 in 0.17 s
        queued job 7 (3 waiting)
        worker-2 did job 2 in 0.24 s
        queued job 8 (3 waiting)
        worker-3 did job 3 in 0.31 s
        queued job 9 (3 waiting)
        worker-2 did job 5 in 0.15 s
        queued job 10 (3 waiting)
        worker-3 did job 6 in 0.22 s
        worker-1 did job 4 in 0.38 s
        worker-2 did job 7 in 0.29 s
        worker-1 did job 9 in 0.13 s
        worker-2 did job 10 in 0.20 s
        worker-3 did job 8 in 0.36 s
        10 jobs, 2.45 s of work, done by 3 workers in 0.89 s
        """,
        run(out -> new Pipeline_Async(out).main()));
  }

  @Test
  void aJobWhoseWorkerIsCancelledStillCountsAsDone() {
    assertEquals(
        "job 1 counted as done after 1.00 s\n", run(out -> new BasicsTest_Async().cancelMidJob(out)));
  }

  /** Cancels a worker in the middle of its job: its finally marks the job done, so join returns. */
  @Async
  Task<Void> cancelMidJob(PrintStream out) {
    long start = Seconds.now();
    Pipeline pipeline = new Pipeline_Async(out);
    pipeline.jobs.putNow(new Pipeline.Job(1, Duration.ofSeconds(10)));
    Task<Void> worker = pipeline.work("worker");
    await(Tasks.sleep(Duration.ofSeconds(1)));
    worker.cancel();
    await(Tasks.waitFor(pipeline.jobs.join(), Duration.ofMinutes(1))); // fails, not hangs, if not
    out.println("job 1 counted as done after " + Seconds.since(start));
    return Task.done();
  }
}
