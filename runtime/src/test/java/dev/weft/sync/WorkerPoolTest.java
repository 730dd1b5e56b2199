package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Tasks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * asyncio's queue example (workers, {@code join}, then shutdown) with hand-written {@link
 * Worker} state machines: producers feed a bounded queue, workers share the jobs fairly.
 */
class WorkerPoolTest {
  @Test
  void workersShareTheJobsInOrderAndStopAtShutdown() {
    List<String> log = new ArrayList<>();
    Object result =
        EventLoop.run(
            () -> {
              Queue<String> jobs = new Queue<>(2);
              List<Task<Integer>> workers = new ArrayList<>();
              for (String name : List.of("w1", "w2", "w3")) {
                workers.add(Worker.work(jobs, log, name));
              }
              Script.Step[] produce = new Script.Step[9];
              for (int i = 0; i < produce.length; i++) {
                String job = "j" + i;
                produce[i] = p -> jobs.put(job);
              }
              Task<Object> producer = Script.start("producer", produce);
              return Script.start(
                  "main",
                  p -> producer,
                  p -> jobs.join(),
                  p -> {
                    assertEquals(0, jobs.unfinishedTasks());
                    jobs.shutdown();
                    return Tasks.gather(workers);
                  });
            });
    @SuppressWarnings("unchecked")
    List<Integer> counts = (List<Integer>) result;
    assertEquals(9, counts.stream().mapToInt(Integer::intValue).sum());
    List<String> order = new ArrayList<>();
    for (String entry : log) {
      order.add(entry.substring(entry.indexOf(':') + 1));
    }
    assertEquals(List.of("j0", "j1", "j2", "j3", "j4", "j5", "j6", "j7", "j8"), order);
    // Fair: the waiting workers take turns.
    assertTrue(counts.stream().allMatch(n -> n == 3), counts.toString());
  }
}
