package dev.weft.benchmarks;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The benchmark workloads as a weft user writes them; the harness runs {@code Workloads_Async}. */
public class Workloads {
  /** W1: one task yields to the loop {@code n} times. */
  @Async
  public Task<Integer> yieldMany(int n) {
    for (int i = 0; i < n; i++) {
      await(Tasks.yieldNow());
    }
    return Task.of(n);
  }

  /** W1b: {@code tasks} tasks each yield {@code perTask} times; all awaited. */
  @Async
  public Task<Integer> manyYielders(int tasks, int perTask) {
    List<Task<Integer>> yielders = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      yielders.add(yieldMany(perTask));
    }
    int total = 0;
    for (int count : await(Tasks.gather(yielders))) {
      total += count;
    }
    return Task.of(total);
  }

  /** W2, one task: yields once and returns its index. */
  @Async
  public Task<Integer> yieldOnce(int index) {
    await(Tasks.yieldNow());
    return Task.of(index);
  }

  /** W2: {@code n} tasks that each yield once, gathered; the sum of their indexes. */
  @Async
  public Task<Long> spawnAndGather(int n) {
    List<Task<Integer>> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      tasks.add(yieldOnce(i));
    }
    long sum = 0;
    for (int index : await(Tasks.gather(tasks))) {
      sum += index;
    }
    return Task.of(sum);
  }

  /** W3, one task: suspended in a long sleep until cancelled. */
  @Async
  public Task<Void> sleepLong() {
    await(Tasks.sleep(Duration.ofSeconds(60)));
    return Task.done();
  }
}
