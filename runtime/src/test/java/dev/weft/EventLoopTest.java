package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.handwritten.Chain;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Callbacks, timers, exceptions and the loop's lifecycle. */
@org.junit.jupiter.api.extension.ExtendWith(FailOnUncaught.class)
class EventLoopTest {
  @Test
  void callbacksRunInFifoOrder() {
    List<Integer> order = new ArrayList<>();
    try (EventLoop loop = new EventLoop()) {
      for (int i = 0; i < 100; i++) {
        int n = i;
        loop.callSoon(() -> order.add(n));
      }
      loop.callSoon(loop::stop);
      loop.runForever();
    }
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add(i);
    }
    assertEquals(expected, order);
  }

  @Test
  void callbacksScheduledByACallbackRunInALaterIteration() {
    List<String> order = new ArrayList<>();
    try (EventLoop loop = new EventLoop()) {
      loop.callSoon(
          () -> {
            order.add("a");
            loop.callSoon(() -> order.add("c"));
          });
      loop.callSoon(() -> order.add("b"));
      loop.callSoon(() -> loop.callSoon(loop::stop));
      loop.runForever();
    }
    assertEquals(List.of("a", "b", "c"), order);
  }

  @Test
  void timersFireInDeadlineOrderAndFifoAmongEqualDeadlines() {
    List<String> order = new ArrayList<>();
    try (EventLoop loop = new EventLoop()) {
      long base = loop.time() + Duration.ofMillis(5).toNanos();
      loop.callAt(base + 2, () -> order.add("late"));
      for (int i = 0; i < 20; i++) {
        int n = i;
        loop.callAt(base + 1, () -> order.add("tie" + n));
      }
      loop.callAt(base, () -> order.add("early"));
      loop.callAt(base + 3, loop::stop);
      loop.runForever();
    }
    List<String> expected = new ArrayList<>();
    expected.add("early");
    for (int i = 0; i < 20; i++) {
      expected.add("tie" + i);
    }
    expected.add("late");
    assertEquals(expected, order);
  }

  @Test
  void aCancelledTimerDoesNotRun() {
    List<String> order = new ArrayList<>();
    try (EventLoop loop = new EventLoop()) {
      Handle first = loop.callLater(Duration.ofMillis(1), () -> order.add("cancelled"));
      loop.callLater(Duration.ofMillis(2), () -> order.add("kept"));
      Handle soon = loop.callSoon(() -> order.add("cancelled too"));
      loop.callLater(Duration.ofMillis(3), loop::stop);
      assertTrue(first.cancel());
      assertFalse(first.cancel(), "a second cancel changes nothing");
      assertTrue(soon.cancel());
      assertTrue(first.isCancelled());
      loop.runForever();
    }
    assertEquals(List.of("kept"), order);
  }

  @Test
  void heavyCancellationCompactsTheTimerHeap() {
    try (EventLoop loop = new EventLoop()) {
      List<Handle> handles = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        handles.add(loop.callLater(Duration.ofHours(1), () -> {}));
      }
      assertEquals(10_000, loop.core().timers().size());
      for (int i = 0; i < 9_000; i++) {
        handles.get(i).cancel();
      }
      // Dead entries never outnumber live ones by much: the heap was rebuilt without them.
      assertTrue(loop.core().timers().size() < 2_500, "size " + loop.core().timers().size());
      assertEquals(1_000, loop.core().timers().pending());
    }
  }

  @Test
  void anExceptionInACallbackGoesToTheHandlerAndTheLoopGoesOn() {
    List<String> seen = new ArrayList<>();
    RuntimeException boom = new RuntimeException("boom");
    try (EventLoop loop = new EventLoop()) {
      loop.setExceptionHandler(
          (where, context, exception) -> {
            assertSame(loop, where);
            assertSame(boom, exception);
            seen.add("handler");
          });
      loop.callSoon(
          () -> {
            throw boom;
          });
      loop.callSoon(() -> seen.add("next callback"));
      loop.callLater(Duration.ofMillis(1), () -> seen.add("timer"));
      loop.callLater(Duration.ofMillis(2), loop::stop);
      loop.runForever();
    }
    assertEquals(List.of("handler", "next callback", "timer"), seen);
  }

  @Test
  void aClosedLoopRefusesNewWork() {
    EventLoop loop = new EventLoop();
    loop.close();
    loop.close(); // idempotent
    assertTrue(loop.isClosed());
    assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> {}));
    assertThrows(IllegalStateException.class, () -> loop.callLater(Duration.ZERO, () -> {}));
    assertThrows(IllegalStateException.class, () -> loop.callSoonThreadsafe(() -> {}));
    assertThrows(IllegalStateException.class, () -> loop.submit(() -> Task.of(1)));
    assertThrows(IllegalStateException.class, loop::runForever);
    assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(() -> Task.of(1)));
  }

  @Test
  void closingDropsQueuedWorkAndFailsItsSubmissions() {
    EventLoop loop = new EventLoop();
    List<String> ran = new ArrayList<>();
    loop.callSoon(() -> ran.add("callback"));
    var submitted = loop.submit(() -> Task.of(1));
    loop.close();
    CompletionException failure = assertThrows(CompletionException.class, submitted::join);
    assertTrue(failure.getCause() instanceof IllegalStateException);
    assertEquals(List.of(), ran);
  }

  @Test
  void aLoopCannotCloseWhileRunning() {
    try (EventLoop loop = new EventLoop()) {
      loop.callSoon(
          () -> {
            assertThrows(IllegalStateException.class, loop::close);
            loop.stop();
          });
      loop.runForever();
      assertFalse(loop.isClosed());
    }
  }

  @Test
  void stopBeforeRunStillRunsOneIteration() {
    List<String> ran = new ArrayList<>();
    try (EventLoop loop = new EventLoop()) {
      loop.callSoon(() -> ran.add("ready work"));
      loop.stop();
      loop.runForever();
      assertFalse(loop.isRunning());
    }
    assertEquals(List.of("ready work"), ran);
  }

  @Test
  void runUntilCompleteReturnsTheValueAndLeavesTheLoopReusable() {
    try (EventLoop loop = new EventLoop()) {
      assertEquals(5, loop.runUntilComplete(() -> Chain.addAfterYield(2, 3)));
      assertEquals(7, loop.runUntilComplete(() -> Chain.addAfterYield(3, 4)));
    }
  }

  @Test
  void runUntilCompleteRefusesOnARunningLoopWithoutStartingTheWork() {
    List<String> ran = new ArrayList<>();
    EventLoop.run(
        () -> {
          EventLoop loop = EventLoop.current();
          assertThrows(
              IllegalStateException.class,
              () -> loop.runUntilComplete(() -> Chain.guarded(Task.of(1), ran, "nested")));
          assertThrows(IllegalStateException.class, () -> EventLoop.run(Task::done));
          return Task.done();
        });
    assertEquals(List.of(), ran);
  }

  @Test
  void runRethrowsTheMainTasksExceptionUnwrapped() {
    IllegalArgumentException failure = new IllegalArgumentException("bad");
    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () -> EventLoop.run(() -> Chain.failAfterYield(failure)));
    assertSame(failure, thrown);
  }

  /** Stands for an {@code @Async} method declaring a checked exception, as generated code is. */
  private static Task<String> read(IOException failure) throws IOException {
    return Chain.failAfterYield(failure);
  }

  @Test
  void runDeclaresTheCheckedExceptionOfTheMethodItStarts() {
    IOException failure = new IOException("disk gone");
    IOException caught = null;
    try {
      EventLoop.run(() -> read(failure));
    } catch (IOException e) {
      caught = e;
    }
    assertSame(failure, caught);
  }

  @Test
  void runPassesOnACheckedExceptionThrownWhileStarting() {
    IOException failure = new IOException("refused at once");
    AsyncMain<String, IOException> main =
        () -> {
          throw failure;
        };
    assertSame(failure, assertThrows(IOException.class, () -> EventLoop.run(main)));
  }

  @Test
  void runOfALambdaThatThrowsNothingCheckedNeedsNoCatch() {
    // compiles in a method without a throws clause: X is inferred as RuntimeException
    String value = EventLoop.run(() -> Task.of("plain"));
    assertEquals("plain", value);
  }

  @Test
  void withoutALoopStartingATaskSaysHowToStartOne() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Chain.addAfterYield(1, 2));
    assertTrue(e.getMessage().contains("EventLoop.run"), e.getMessage());
    assertThrows(IllegalStateException.class, EventLoop::current);
    assertEquals(null, EventLoop.currentOrNull());
  }

  /** Collects what the loop logs at WARNING, as text with its parameters filled in. */
  private static final class Warnings extends java.util.logging.Handler implements AutoCloseable {
    final List<java.util.logging.LogRecord> records = new ArrayList<>();
    private final java.util.logging.Logger log =
        java.util.logging.Logger.getLogger("dev.weft.EventLoop");

    Warnings() {
      log.addHandler(this);
    }

    @Override
    public void publish(java.util.logging.LogRecord record) {
      if (record.getLevel() == java.util.logging.Level.WARNING) {
        records.add(record);
      }
    }

    String text(int index) {
      return new java.util.logging.SimpleFormatter().formatMessage(records.get(index));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      log.removeHandler(this);
    }
  }

  @Test
  void debugModeReportsFailuresNobodyRetrieved() {
    IllegalStateException lost = new IllegalStateException("lost");
    Task<?>[] seen = new Task<?>[1];
    try (Warnings warnings = new Warnings()) {
      try (EventLoop loop = new EventLoop()) {
        loop.setDebug(true);
        loop.runUntilComplete(
            () -> {
              Chain.failAfterYield(lost);
              seen[0] = Chain.failAfterYield(new IllegalStateException("seen"));
              return Tasks.gatherReturningExceptions(
                  Chain.failAfterYield(new IllegalStateException("awaited")));
            });
        assertEquals("seen", seen[0].exceptionNow().getMessage());
      }
      assertEquals(1, warnings.records.size(), warnings.records.toString());
      assertTrue(warnings.text(0).contains("Chain.failAfterYield"), warnings.text(0));
      assertSame(lost, warnings.records.get(0).getThrown());
    }
  }

  @Test
  void debugModeReportsSlowCallbacks() {
    try (Warnings warnings = new Warnings();
        EventLoop loop = new EventLoop()) {
      assertFalse(loop.isDebug());
      loop.setDebug(true);
      loop.setSlowCallbackDuration(Duration.ZERO);
      Runnable slow =
          new Runnable() {
            @Override
            public void run() {
              long start = System.nanoTime();
              while (System.nanoTime() == start) {
                Thread.onSpinWait();
              }
            }

            @Override
            public String toString() {
              return "the slow one";
            }
          };
      loop.callSoon(slow);
      loop.callSoon(loop::stop);
      loop.runForever();
      assertTrue(loop.isDebug());
      assertTrue(warnings.text(0).contains("the slow one"), warnings.text(0));
    }
  }

  @Test
  void timeIsMonotonic() {
    try (EventLoop loop = new EventLoop()) {
      long first = loop.time();
      assertTrue(loop.time() - first >= 0);
    }
  }
}
