package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.handwritten.Chain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What other threads may do with a loop: hand it work, wait for its tasks, cancel them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@org.junit.jupiter.api.extension.ExtendWith(FailOnUncaught.class)
class ThreadsTest {
  private static final int THREADS = 4;
  private static final int PER_THREAD = 10_000;

  /** A loop running on a thread of its own, stopped and closed by {@link #close()}. */
  private static final class BackgroundLoop implements AutoCloseable {
    final EventLoop loop = new EventLoop();
    final Thread thread = new Thread(loop::runForever, "weft-test-loop");
    final List<Throwable> uncaught = new ArrayList<>();

    BackgroundLoop() {
      loop.setExceptionHandler((where, context, exception) -> uncaught.add(exception));
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      loop.stop();
      thread.join();
      loop.close();
      assertEquals(List.of(), uncaught);
    }
  }

  @Test
  void callSoonThreadsafeRunsEverythingOnceInPerThreadOrder() throws Exception {
    int[][] seen = new int[THREADS][PER_THREAD];
    int[] next = new int[THREADS];
    int[] total = {0};
    Thread[] loopThread = new Thread[1];
    CountDownLatch go = new CountDownLatch(1);
    try (EventLoop loop = new EventLoop()) {
      List<Thread> producers =
          startProducers(
              go,
              (producer, n) ->
                  loop.callSoonThreadsafe(
                      () -> {
                        assertSame(loopThread[0], Thread.currentThread());
                        seen[producer][next[producer]++] = n;
                        if (++total[0] == THREADS * PER_THREAD) {
                          loop.stop();
                        }
                      }));
      loop.callSoon(
          () -> {
            loopThread[0] = Thread.currentThread();
            go.countDown();
          });
      loop.runForever();
      for (Thread producer : producers) {
        producer.join();
      }
    }
    assertEquals(THREADS * PER_THREAD, total[0]);
    for (int t = 0; t < THREADS; t++) {
      assertEquals(PER_THREAD, next[t]);
      for (int i = 0; i < PER_THREAD; i++) {
        assertEquals(i, seen[t][i], "producer " + t + " position " + i);
      }
    }
  }

  @Test
  void submitStartsEveryTaskOnceInPerThreadOrder() throws Exception {
    List<List<Integer>> started = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      started.add(new ArrayList<>());
    }
    List<List<CompletableFuture<Integer>>> futures = new ArrayList<>();
    try (BackgroundLoop background = new BackgroundLoop()) {
      CountDownLatch go = new CountDownLatch(1);
      for (int t = 0; t < THREADS; t++) {
        futures.add(new ArrayList<>());
      }
      List<Thread> producers =
          startProducers(
              go,
              (producer, n) ->
                  futures
                      .get(producer)
                      .add(
                          background.loop.submit(
                              () -> {
                                started.get(producer).add(n);
                                return Chain.addAfterYield(n, producer);
                              })));
      go.countDown();
      for (Thread producer : producers) {
        producer.join();
      }
      for (int t = 0; t < THREADS; t++) {
        for (int i = 0; i < PER_THREAD; i++) {
          assertEquals(i + t, futures.get(t).get(i).get());
        }
      }
    }
    for (int t = 0; t < THREADS; t++) {
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < PER_THREAD; i++) {
        expected.add(i);
      }
      assertEquals(expected, started.get(t));
    }
  }

  @Test
  void submitDeliversFailuresUnwrapped() throws Exception {
    IllegalStateException failure = new IllegalStateException("no");
    try (BackgroundLoop background = new BackgroundLoop()) {
      CompletableFuture<Object> future =
          background.loop.submit(() -> Chain.failAfterYield(failure));
      java.util.concurrent.ExecutionException e =
          assertThrows(java.util.concurrent.ExecutionException.class, future::get);
      assertSame(failure, e.getCause());
    }
  }

  @Test
  void cancellingASubmissionsFutureCancelsItsTask() throws Exception {
    List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    try (BackgroundLoop background = new BackgroundLoop()) {
      CompletableFuture<Task<Integer>> started = new CompletableFuture<>();
      CompletableFuture<Integer> future =
          background.loop.submit(
              () -> {
                Task<Integer> task = Chain.sleepThen(Duration.ofHours(1), log, "s");
                started.complete(task);
                return task;
              });
      Task<Integer> task = started.get();
      future.cancel(false);
      assertThrows(CancelledException.class, task::join);
      assertTrue(task.isCancelled());
      assertEquals(List.of("s:start", "s:finally"), log);
    }
  }

  @Test
  void joinWaitsFromAnotherThread() throws Exception {
    try (BackgroundLoop background = new BackgroundLoop()) {
      CompletableFuture<Task<Integer>> handOver = new CompletableFuture<>();
      background.loop.callSoonThreadsafe(
          () -> handOver.complete(Chain.sleepThen(Duration.ofMillis(1), new ArrayList<>(), "abc")));
      assertEquals(3, handOver.get().join());
    }
  }

  @Test
  void joinRefusesOnALoopThreadEvenForADoneTask() {
    IllegalStateException e =
        EventLoop.run(
            () -> Task.of(assertThrows(IllegalStateException.class, () -> Task.of(1).join())));
    assertTrue(e.getMessage().contains("await(task)"), e.getMessage());
  }

  @Test
  void cancelFromAnotherThreadIsDeliveredOnTheLoop() throws Exception {
    List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    try (BackgroundLoop background = new BackgroundLoop()) {
      CompletableFuture<Task<Integer>> handOver = new CompletableFuture<>();
      background.loop.callSoonThreadsafe(
          () -> handOver.complete(Chain.sleepThen(Duration.ofHours(1), log, "t")));
      Task<Integer> task = handOver.get();
      assertTrue(task.cancel());
      assertThrows(CancelledException.class, task::join);
      assertTrue(task.isCancelled());
      assertEquals(List.of("t:start", "t:finally"), log);
    }
  }

  @Test
  void cancelAfterTheLoopClosedReturnsFalse() {
    Task<?>[] leftover = new Task<?>[1];
    EventLoop loop = new EventLoop();
    loop.runUntilComplete(
        () -> {
          leftover[0] = Chain.sleepThen(Duration.ofHours(1), new ArrayList<>(), "x");
          return Task.done();
        });
    loop.close();
    assertEquals(false, leftover[0].cancel());
    CompletionException e =
        assertThrows(CompletionException.class, () -> leftover[0].toCompletableFuture().join());
    assertTrue(e.getCause() instanceof IllegalStateException);
  }

  @Test
  void awaitingATaskOfAnotherLoopResumesOnTheAwaitersLoop() throws Exception {
    try (BackgroundLoop background = new BackgroundLoop()) {
      CompletableFuture<Task<Integer>> handOver = new CompletableFuture<>();
      background.loop.callSoonThreadsafe(
          () ->
              handOver.complete(Chain.sleepThen(Duration.ofMillis(1), new ArrayList<>(), "four")));
      Task<Integer> foreign = handOver.get();
      int value =
          EventLoop.run(() -> Chain.guarded(Chain.awaitPrevious(foreign), new ArrayList<>(), "g"));
      assertEquals(5, value);
    }
  }

  /** What one producer thread does for its {@code n}-th item. */
  private interface Producer {
    void produce(int producer, int n);
  }

  /** Starts {@link #THREADS} threads that, once {@code go} opens, produce {@link #PER_THREAD}. */
  private static List<Thread> startProducers(CountDownLatch go, Producer body) {
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int producer = t;
      Thread thread =
          new Thread(
              () -> {
                awaitQuietly(go);
                for (int i = 0; i < PER_THREAD; i++) {
                  body.produce(producer, i);
                }
              });
      producers.add(thread);
      thread.start();
    }
    return producers;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
