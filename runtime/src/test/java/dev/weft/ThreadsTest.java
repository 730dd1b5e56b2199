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

  // ---- Issue 17, item 1: loop-only calls from other threads ------------------------------------

  @Test
  void promiseCompleteFromAnotherThreadIsRefusedAndCompleteThreadsafeDelivers() throws Exception {
    try (BackgroundLoop background = new BackgroundLoop()) {
      CompletableFuture<Promise<Integer>> promise = new CompletableFuture<>();
      CompletableFuture<Integer> awaited =
          background.loop.submit(
              () -> {
                Promise<Integer> p = new Promise<>();
                promise.complete(p);
                return Chain.awaitPrevious(p);
              });
      Promise<Integer> p = promise.get();
      // Before issue 17 this returned true, resumed the awaiter on this thread and could lose it.
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.complete(1));
      assertTrue(e.getMessage().contains("completeThreadsafe"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> p.fail(new RuntimeException()));
      assertTrue(!p.isDone());
      assertTrue(p.completeThreadsafe(41));
      assertEquals(42, awaited.get());
      assertEquals(41, p.join());
    }
  }

  /**
   * The stress test of issue 17: {@link #THREADS} threads complete 50,000 promises each, awaited
   * by as many tasks, through both thread-safe ways; every resumption arrives, exactly once.
   */
  @Test
  void promisesCompletedFromManyThreadsLoseNoResumption() throws Exception {
    int perThread = 50_000;
    int total = THREADS * perThread;
    try (BackgroundLoop background = new BackgroundLoop()) {
      @SuppressWarnings("unchecked")
      Promise<Integer>[] promises = new Promise[total];
      CountDownLatch created = new CountDownLatch(1);
      CompletableFuture<List<Integer>> all =
          background.loop.submit(
              () -> {
                List<Task<Integer>> awaiters = new ArrayList<>();
                for (int i = 0; i < total; i++) {
                  promises[i] = new Promise<>();
                  awaiters.add(Chain.awaitPrevious(promises[i]));
                }
                created.countDown();
                return Tasks.gather(awaiters);
              });
      List<Thread> completers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t * perThread;
        Thread thread =
            new Thread(
                () -> {
                  awaitQuietly(created);
                  for (int i = first; i < first + perThread; i++) {
                    Promise<Integer> p = promises[i];
                    int value = i;
                    if (i % 2 == 0) {
                      assertTrue(p.completeThreadsafe(value));
                    } else {
                      background.loop.callSoonThreadsafe(() -> p.complete(value));
                    }
                  }
                });
        completers.add(thread);
        thread.start();
      }
      for (Thread thread : completers) {
        thread.join();
      }
      List<Integer> values = all.get();
      assertEquals(total, values.size());
      for (int i = 0; i < total; i++) {
        assertEquals(i + 1, values.get(i), "resumption " + i);
      }
    }
  }

  @Test
  void everyLoopOnlyCallRefusesAnotherThreadAndNamesTheAlternative() throws Exception {
    java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
    try (BackgroundLoop background = new BackgroundLoop();
        java.nio.channels.Pipe.SourceChannel source = pipe.source();
        java.nio.channels.Pipe.SinkChannel sink = pipe.sink()) {
      EventLoop loop = background.loop;
      CompletableFuture<Object[]> made = new CompletableFuture<>();
      loop.callSoonThreadsafe(
          () -> {
            Handle timer = loop.callLater(Duration.ofHours(1), () -> {});
            Handle soon = loop.callSoon(() -> {});
            made.complete(new Object[] {timer, soon, new Promise<Integer>()});
          });
      Object[] objects = made.get();
      Handle timer = (Handle) objects[0];
      @SuppressWarnings("unchecked")
      Promise<Integer> promise = (Promise<Integer>) objects[2];
      List<org.junit.jupiter.api.function.Executable> refused =
          List.of(
              () -> loop.callSoon(() -> {}),
              () -> loop.callLater(Duration.ZERO, () -> {}),
              timer::cancel,
              () -> promise.whenDone(t -> {}),
              () -> promise.fail(new RuntimeException()),
              loop::allTasks,
              loop::currentTask,
              () -> loop.setDebug(true),
              () -> loop.setSlowCallbackDuration(Duration.ofSeconds(1)),
              () -> loop.addReader(source, () -> {}),
              () -> loop.runInExecutor(() -> 1));
      for (org.junit.jupiter.api.function.Executable call : refused) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertTrue(
            e.getMessage().contains("Threadsafe") || e.getMessage().contains("submit"),
            e.getMessage());
      }
      // What is safe from any thread still works from here.
      assertTrue(((Handle) objects[1]).cancel());
      assertTrue(loop.dumpTasks().contains("live task"), loop.dumpTasks());
      assertTrue(promise.cancel());
      assertThrows(CancelledException.class, promise::join);
      assertTrue(!timer.isCancelled());
      loop.callSoonThreadsafe(timer::cancel); // the thread-safe way the refusal names
    }
  }

  // ---- Issue 17, item 3: waits on tasks of a loop that closes ----------------------------------

  /**
   * Closing a loop with a task pending fails every wait on it from other threads and loops: a
   * {@code join}, a future, an await from another loop, a {@code submit}. Before issue 17 each
   * of them waited forever.
   */
  @Test
  void closingALoopFailsEveryForeignWaitOnItsPendingTasks() throws Exception {
    BackgroundLoop background = new BackgroundLoop();
    CompletableFuture<Task<Integer>> handOver = new CompletableFuture<>();
    CompletableFuture<Integer> submitted =
        background.loop.submit(
            () -> {
              Task<Integer> pending = Chain.sleepThen(Duration.ofHours(1), new ArrayList<>(), "p");
              handOver.complete(pending);
              return pending;
            });
    Task<Integer> pending = handOver.get();
    CompletableFuture<Integer> future = pending.toCompletableFuture();
    CompletableFuture<Throwable> joined = new CompletableFuture<>();
    Thread joiner =
        new Thread(
            () -> {
              try {
                joined.complete(new AssertionError("joined a value: " + pending.join()));
              } catch (Throwable e) {
                joined.complete(e);
              }
            });
    joiner.start();
    CompletableFuture<Throwable> awaitedFromOtherLoop = new CompletableFuture<>();
    CountDownLatch otherLoopWaits = new CountDownLatch(1);
    Thread otherLoop =
        new Thread(
            () -> {
              try {
                EventLoop.run(
                    () -> {
                      Task<Integer> awaiting = Chain.awaitPrevious(pending);
                      otherLoopWaits.countDown();
                      return awaiting;
                    });
                awaitedFromOtherLoop.complete(new AssertionError("no failure"));
              } catch (Throwable e) {
                awaitedFromOtherLoop.complete(e);
              }
            });
    otherLoop.start();
    otherLoopWaits.await();
    // Our own registrations ran once a later submission of ours has (one thread's work is FIFO).
    background.loop.submit(() -> Task.done()).get();
    background.close();
    joiner.join();
    otherLoop.join();
    for (Throwable failure :
        List.of(
            joined.get(),
            awaitedFromOtherLoop.get(),
            causeOf(future),
            causeOf(submitted))) {
      assertTrue(failure instanceof IllegalStateException, String.valueOf(failure));
      assertTrue(failure.getMessage().contains("closed"), failure.getMessage());
    }
    assertTrue(!pending.isDone());
  }

  private static Throwable causeOf(CompletableFuture<?> future) {
    java.util.concurrent.ExecutionException e =
        assertThrows(java.util.concurrent.ExecutionException.class, future::get);
    return e.getCause();
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
