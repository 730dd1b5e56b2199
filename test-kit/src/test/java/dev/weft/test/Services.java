package dev.weft.test;

import static dev.weft.Await.await;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code @Async} methods the debugging tests fail, stall and dump; markers name their lines. */
class Services {
  @Async
  Task<String> fetch(String url) throws IOException {
    await(Tasks.sleep(Duration.ofSeconds(1)));
    throw new IOException("connection reset while fetching " + url); //@fetch-throw
  }

  @Async
  Task<Integer> size(String url) throws IOException {
    String body = await(fetch(url)); //@size-await
    return Task.of(body.length());
  }

  @Async
  Task<Integer> total() throws IOException {
    int a = await(size("a")); //@total-await
    return Task.of(a);
  }

  @Async
  Task<Integer> check(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative: " + n); //@check-throw
    }
    return Task.of(n);
  }

  @Async
  Task<Integer> checkTwice(int n) {
    int once = await(check(n)); //@check-await
    await(Tasks.yieldNow());
    return Task.of(once + await(check(n)));
  }

  @Async
  Task<Integer> parse(String text) {
    await(Tasks.yieldNow());
    return Task.of(Integer.parseInt(text)); //@parse-call
  }

  @Async
  Task<Integer> leaf(int seconds) {
    await(Tasks.sleep(Duration.ofSeconds(seconds))); //@leaf-sleep
    return Task.of(seconds);
  }

  @Async
  Task<Integer> middle() {
    List<Integer> both = await(Tasks.gather(leaf(1), leaf(2))); //@middle-gather
    return Task.of(both.get(0) + both.get(1));
  }

  @Async
  Task<Integer> middleWithin(Duration limit) {
    Tasks.timeout(limit);
    int sum = await(middle()); //@scope-await
    return Task.of(sum);
  }

  @Async
  Task<Void> blocking(CountDownLatch release) {
    await(Tasks.yieldNow());
    hold(release); //@blocking-call
    return Task.done();
  }

  /** Blocks the calling thread (the loop's, here) until {@code release} opens. */
  static void hold(CountDownLatch release) {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Async
  Task<Void> outerBlocking(CountDownLatch release) {
    await(blocking(release)); //@outer-await
    return Task.done();
  }

  /** Issue 17: blocks two lines after its await, so the await's line is not the blocking one. */
  @Async
  Task<Void> blockingAfterAwait(CountDownLatch release) {
    await(Tasks.yieldNow()); //@after-await
    String why = "the next line blocks";
    hold(release); //@after-block
    return Task.of(why).isDone() ? Task.done() : Task.done();
  }

  /**
   * Issue 17: a task resumed from the ready queue that starts a chain of tasks eagerly, the last
   * of which runs {@code atOnce} (blocks, dumps the tasks...) before its first await.
   */
  @Async
  Task<Void> eagerRoot(Runnable atOnce) {
    await(Tasks.yieldNow());
    await(eagerChain(1, atOnce)); //@eager-root
    return Task.done();
  }

  /** {@code levels} tasks, each started eagerly by the one above, over {@link #blockingAtOnce}. */
  @Async
  Task<Void> eagerChain(int levels, Runnable atOnce) {
    await(levels == 0 ? blockingAtOnce(atOnce) : eagerChain(levels - 1, atOnce)); //@eager-chain
    return Task.done();
  }

  /** Runs {@code atOnce} before its first await: started eagerly, on its callers' stack. */
  @Async
  Task<Void> blockingAtOnce(Runnable atOnce) {
    atOnce.run(); //@eager-block
    await(Tasks.yieldNow());
    return Task.done();
  }

  @Async
  Task<Void> awaitsEagerRoot(Runnable atOnce) {
    await(eagerRoot(atOnce)); //@eager-awaiter
    return Task.done();
  }

  @Async
  Task<Void> append(List<String> log, String item) {
    await(Tasks.yieldNow());
    log.add(item);
    return Task.done();
  }

  @Async
  Task<Void> sleepThenLog(List<String> log, int hours, EventLoop loop) {
    await(Tasks.sleep(Duration.ofHours(hours)));
    log.add(hours + "h at " + loop.time() / Duration.ofHours(1).toNanos() + "h");
    return Task.done();
  }
}
