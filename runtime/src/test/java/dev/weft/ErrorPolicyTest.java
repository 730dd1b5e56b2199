package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.handwritten.Chain;
import dev.weft.internal.IoRegistry;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 17, item 4: one policy for errors. Whatever a callback of any kind throws, errors such as
 * OutOfMemoryError included, goes to the exception handler and the loop goes on; a callback with
 * an owner fails that owner; a task step fails its task; only ThreadDeath ends the run. Before,
 * an OutOfMemoryError or InternalError thrown by a plain or I/O callback escaped runForever and
 * stopped the whole loop.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ErrorPolicyTest {
  @Test
  void errorsInEveryKindOfCallbackAreReportedAndTheLoopGoesOn() throws Exception {
    List<String> reported = Collections.synchronizedList(new ArrayList<>());
    Pipe pipe = Pipe.open();
    try (EventLoop loop = new EventLoop();
        Pipe.SourceChannel source = pipe.source();
        Pipe.SinkChannel sink = pipe.sink()) {
      loop.setExceptionHandler((where, context, e) -> reported.add(e.getMessage()));
      source.configureBlocking(false);
      sink.write(ByteBuffer.wrap(new byte[] {1}));
      List<Task<?>> ran = new ArrayList<>();
      Promise<Void> callSoon = promise(loop, ran);
      loop.callSoon(() -> throwAfter(callSoon, new OutOfMemoryError("callSoon")));
      Promise<Void> callLater = promise(loop, ran);
      loop.callLater(Duration.ZERO, () -> throwAfter(callLater, new InternalError("callLater")));
      Promise<Void> threadsafe = promise(loop, ran);
      loop.callSoonThreadsafe(
          () -> throwAfter(threadsafe, new StackOverflowError("callSoonThreadsafe")));
      Promise<Void> reader = promise(loop, ran);
      loop.addReader(
          source,
          () -> {
            loop.removeReader(source);
            throwAfter(reader, new OutOfMemoryError("I/O readiness"));
          });
      OutOfMemoryError inTask = new OutOfMemoryError("task step");
      List<Object> outcomes =
          loop.runUntilComplete(
              () -> {
                List<Task<?>> all = new ArrayList<>(ran);
                all.add(Chain.failAfterYield(inTask));
                return Tasks.gatherReturningExceptions(all);
              });
      assertSame(inTask, outcomes.get(outcomes.size() - 1)); // a task step fails its task
    }
    assertEquals(
        List.of("callSoon", "callSoonThreadsafe", "callLater", "I/O readiness"),
        sortedLike(reported));
  }

  /** The order of the reports depends on iterations only; compare them as a set, in one order. */
  private static List<String> sortedLike(List<String> reported) {
    List<String> order = List.of("callSoon", "callSoonThreadsafe", "callLater", "I/O readiness");
    List<String> sorted = new ArrayList<>(reported);
    sorted.sort(java.util.Comparator.comparingInt(order::indexOf));
    return sorted;
  }

  @Test
  void theLoopRunsEveryCallbackEvenAfterErrors() {
    List<String> reported = new ArrayList<>();
    try (EventLoop loop = new EventLoop()) {
      loop.setExceptionHandler((where, context, e) -> reported.add(e.getMessage()));
      List<Task<?>> ran = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Promise<Void> p = promise(loop, ran);
        String name = "oom " + i;
        loop.callSoon(() -> throwAfter(p, new OutOfMemoryError(name)));
      }
      loop.runUntilComplete(() -> Tasks.gather(ran));
      assertEquals(List.of("oom 0", "oom 1", "oom 2"), reported);
      assertTrue(loop.runUntilComplete(() -> Chain.addAfterYield(1, 2)) == 3); // still usable
    }
  }

  @Test
  void anErrorInAnInlineIoCallbackFailsTheChannelsOwnerAndIsReported() throws Exception {
    List<Throwable> reported = new ArrayList<>();
    List<Throwable> ownerFailures = new ArrayList<>();
    OutOfMemoryError error = new OutOfMemoryError("no buffer for this connection");
    Pipe pipe = Pipe.open();
    try (EventLoop loop = new EventLoop();
        Pipe.SourceChannel source = pipe.source();
        Pipe.SinkChannel sink = pipe.sink()) {
      loop.setExceptionHandler((where, context, e) -> reported.add(e));
      source.configureBlocking(false);
      sink.write(ByteBuffer.wrap(new byte[] {1}));
      Promise<Void> done = new Promise<>(loop.core());
      loop.runUntilComplete(
          () -> {
            IoRegistry.Watch watch = IoRegistry.watch(loop.core(), source);
            watch.setOwner(
                e -> {
                  ownerFailures.add(e);
                  watch.clear();
                  done.complete(null);
                });
            watch.setReader(
                () -> {
                  throw error;
                },
                true);
            return done;
          });
    }
    assertEquals(List.of(error), reported);
    assertEquals(List.of(error), ownerFailures);
  }

  @Test
  @SuppressWarnings("deprecation") // ThreadDeath: the one error that ends a run
  void threadDeathAloneEndsTheRunAndTheLoopCanRunAgain() {
    try (EventLoop loop = new EventLoop()) {
      ThreadDeath death = new ThreadDeath();
      loop.callSoon(
          () -> {
            throw death;
          });
      assertSame(death, assertThrows(ThreadDeath.class, loop::runForever));
      assertEquals(3, loop.runUntilComplete(() -> Chain.addAfterYield(1, 2)));
    }
  }

  private static Promise<Void> promise(EventLoop loop, List<Task<?>> all) {
    Promise<Void> p = new Promise<>(loop.core());
    all.add(p);
    return p;
  }

  private static void throwAfter(Promise<Void> ran, Error error) {
    ran.complete(null);
    throw error;
  }
}
