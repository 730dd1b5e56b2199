package dev.weft.sync;

import static dev.weft.sync.Script.caught;
import static dev.weft.sync.Script.settle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.internal.BlockingCalls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code EventLoop.runInExecutor}, {@code Tasks.toThread} and {@code Tasks.fromFuture}. The
 * threads synchronise with the loop through futures awaited on the loop, never by sleeping.
 */
class BlockingCallsTest {
  @Test
  void toThreadRunsTheCallOnADefaultThreadAndResumesOnTheLoopThread() {
    List<Thread> threads = new ArrayList<>();
    String result =
        EventLoop.run(
                () -> {
                  Thread loopThread = Thread.currentThread();
                  return Script.start(
                      "main",
                      p ->
                          Tasks.toThread(
                              () -> {
                                threads.add(Thread.currentThread());
                                return "computed";
                              }),
                      value -> {
                        assertSame(loopThread, Thread.currentThread());
                        return Task.of(value);
                      });
                })
            .toString();
    assertEquals("computed", result);
    Thread worker = threads.get(0);
    assertNotSame(Thread.currentThread(), worker);
    assertTrue(worker.getName().startsWith("weft-blocking-"), worker.getName());
    assertTrue(worker.isDaemon()); // platform daemon thread, or a virtual one (always daemon)
  }

  @Test
  void theDefaultExecutorUsesVirtualThreadsWhenTheJvmHasThem() {
    boolean expected = Runtime.version().feature() >= 21;
    assertEquals(expected, BlockingCalls.hasVirtualThreads());
  }

  @Test
  void theCallsExceptionComesBackUnwrapped() {
    IOException failure = new IOException("disk on fire");
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                EventLoop.run(
                    () ->
                        Tasks.toThread(
                            () -> {
                              throw failure;
                            })));
    assertSame(failure, thrown);
  }

  @Test
  void cancellingInterruptsTheThreadAndDropsTheLateResult() {
    CompletableFuture<Void> started = new CompletableFuture<>();
    CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
    CompletableFuture<Void> returned = new CompletableFuture<>();
    List<Throwable> uncaught = new ArrayList<>();
    try (EventLoop loop = new EventLoop()) {
      loop.setExceptionHandler((l, context, e) -> uncaught.add(e));
      loop.runUntilComplete(
          () -> {
            Task<String> call =
                Tasks.toThread(
                    () -> {
                      started.complete(null);
                      try {
                        new CountDownLatch(1).await(); // blocks until interrupted
                        return "never";
                      } catch (InterruptedException e) {
                        interrupted.complete(true);
                        return "late result";
                      } finally {
                        returned.complete(null);
                      }
                    });
            return Script.start(
                "main",
                p -> Tasks.fromFuture(started),
                p -> {
                  assertTrue(call.cancel());
                  assertTrue(call.isCancelled()); // ends at once, without waiting for the thread
                  return Tasks.fromFuture(interrupted);
                },
                p -> Tasks.fromFuture(returned),
                p -> settle(),
                p -> {
                  assertTrue(call.isCancelled());
                  assertInstanceOf(CancelledException.class, call.exceptionNow());
                  return null;
                });
          });
    }
    assertEquals(List.of(), uncaught);
  }

  @Test
  void aCallCancelledBeforeItStartsNeverRuns() throws InterruptedException {
    ExecutorService single = Executors.newSingleThreadExecutor();
    CompletableFuture<Void> blockerStarted = new CompletableFuture<>();
    CountDownLatch releaseBlocker = new CountDownLatch(1);
    AtomicBoolean secondRan = new AtomicBoolean();
    try {
      EventLoop.run(
          () -> {
            EventLoop loop = EventLoop.current();
            Task<Object> blocker =
                loop.runInExecutor(
                    single,
                    () -> {
                      blockerStarted.complete(null);
                      releaseBlocker.await();
                      return null;
                    });
            Task<Object> second =
                loop.runInExecutor(
                    single,
                    () -> {
                      secondRan.set(true);
                      return null;
                    });
            return Script.start(
                "main",
                p -> Tasks.fromFuture(blockerStarted),
                p -> {
                  second.cancel();
                  releaseBlocker.countDown();
                  return blocker;
                },
                p -> {
                  assertTrue(second.isCancelled());
                  return null;
                });
          });
    } finally {
      single.shutdown();
      assertTrue(single.awaitTermination(1, TimeUnit.MINUTES));
    }
    assertFalse(secondRan.get());
  }

  @Test
  void runInExecutorUsesTheGivenExecutor() throws InterruptedException {
    ExecutorService named =
        Executors.newSingleThreadExecutor(work -> new Thread(work, "my-blocking-thread"));
    try {
      String name =
          EventLoop.run(
              () ->
                  EventLoop.current().runInExecutor(named, () -> Thread.currentThread().getName()));
      assertEquals("my-blocking-thread", name);
    } finally {
      named.shutdown();
      assertTrue(named.awaitTermination(1, TimeUnit.MINUTES));
    }
  }

  @Test
  void aShutDownDefaultExecutorRefusesCalls() {
    EventLoop.run(
        () -> {
          EventLoop loop = EventLoop.current();
          loop.shutdownDefaultExecutor();
          assertThrows(RejectedExecutionException.class, () -> loop.runInExecutor(() -> 1));
          return Task.done();
        });
  }

  @Test
  void aClosedLoopRefusesBlockingCalls() {
    EventLoop loop = new EventLoop();
    loop.runUntilComplete(() -> loop.runInExecutor(() -> "before close"));
    loop.close();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> loop.runInExecutor(() -> "after"));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void aResultArrivingAfterTheLoopClosedIsDropped() throws Exception {
    CompletableFuture<Void> started = new CompletableFuture<>();
    CountDownLatch finish = new CountDownLatch(1);
    CompletableFuture<Void> returned = new CompletableFuture<>();
    List<Throwable> uncaught = new ArrayList<>();
    EventLoop loop = new EventLoop();
    loop.setExceptionHandler((l, context, e) -> uncaught.add(e));
    Task<?>[] call = new Task<?>[1];
    loop.runUntilComplete(
        () -> {
          call[0] =
              loop.runInExecutor(
                  () -> {
                    started.complete(null);
                    try {
                      finish.await();
                      return "too late";
                    } finally {
                      returned.complete(null);
                    }
                  });
          return Tasks.fromFuture(started);
        });
    loop.close();
    finish.countDown();
    returned.get(1, TimeUnit.MINUTES);
    assertFalse(call[0].isDone()); // the loop that could complete it is gone
    assertEquals(List.of(), uncaught);
  }

  @Test
  void fromFutureResumesOnTheLoopThreadAndCancelsTheFuture() {
    CompletableFuture<String> answered = new CompletableFuture<>();
    CompletableFuture<String> abandoned = new CompletableFuture<>();
    EventLoop.run(
        () -> {
          Thread loopThread = Thread.currentThread();
          Task<String> abandonedTask = Tasks.fromFuture(abandoned);
          new Thread(() -> answered.complete("from elsewhere")).start();
          return Script.start(
              "main",
              p -> Tasks.fromFuture(answered),
              value -> {
                assertEquals("from elsewhere", value);
                assertSame(loopThread, Thread.currentThread());
                abandonedTask.cancel();
                return abandonedTask;
              },
              caught(
                  failure -> {
                    assertInstanceOf(CancelledException.class, failure);
                    assertTrue(abandoned.isCancelled());
                    return null;
                  }));
        });
  }
}
