package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EventLoop;
import dev.weft.TaskTimeoutException;
import dev.weft.Tasks;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Async stack traces on real failures: frames at the original lines, async frames per await. */
class AsyncStackTraceTest {
  private final Services services = new Services_Async();

  private static List<String> frames(Throwable e) {
    return Arrays.stream(e.getStackTrace()).map(String::valueOf).collect(Collectors.toList());
  }

  private dev.weft.Task<Integer> total() {
    try {
      return services.total();
    } catch (IOException notThrownByAStart) {
      throw new AssertionError(notThrownByAStart);
    }
  }

  @Test
  void aFailureCarriesTheOriginalThrowLineAndOneAsyncFramePerAwait() {
    IOException e = assertThrows(IOException.class, () -> EventLoop.run(this::total));
    List<String> frames = frames(e);
    // The throw, mapped from the generated Services_Async$Fetch.resume to Services.fetch.
    assertEquals(Lines.frame("fetch", "fetch-throw"), frames.get(0), String.join("\n", frames));
    // Then the awaits it passed through, innermost first, marked with $await, before the loop.
    assertEquals(Lines.frame("size$await", "size-await"), frames.get(1));
    assertEquals(Lines.frame("total$await", "total-await"), frames.get(2));
    assertTrue(frames.get(3).startsWith("dev.weft.internal."), frames.get(3));
    assertTrue(
        frames.stream().noneMatch(f -> f.contains("_Async$")),
        "no frame of generated state machines is left:\n" + String.join("\n", frames));
  }

  @Test
  void aFrameThrownBelowTheStateMachineMapsItsCallerToTheOriginalLine() {
    NumberFormatException e =
        assertThrows(NumberFormatException.class, () -> EventLoop.run(() -> services.parse("x")));
    List<String> frames = frames(e);
    int parse = frames.indexOf(Lines.frame("parse", "parse-call"));
    assertTrue(parse > 0, String.join("\n", frames));
    assertTrue(frames.get(parse - 1).contains("java.lang.Integer.parseInt"), frames.get(parse - 1));
  }

  @Test
  void aTimeoutSaysWhatWasStillAwaited() {
    TaskTimeoutException e =
        assertThrows(
            TaskTimeoutException.class,
            () ->
                WeftTests.runTest(
                    () -> Tasks.waitFor(services.middle(), Duration.ofMillis(500))));
    List<String> chain =
        e.stillAwaiting().stream().map(String::valueOf).collect(Collectors.toList());
    assertEquals(Lines.frame("middle", "middle-gather"), chain.get(0), chain.toString());
    assertTrue(chain.get(1).contains("gather@"), chain.toString());
    assertTrue(e.getMessage().contains("still awaiting:\n\tat " + chain.get(0)), e.getMessage());
  }

  @Test
  void anExpiredTimeoutScopeSaysWhatWasStillAwaitedAndWhere() {
    TaskTimeoutException e =
        assertThrows(
            TaskTimeoutException.class,
            () -> WeftTests.runTest(() -> services.middleWithin(Duration.ofMillis(1500))));
    List<String> chain =
        e.stillAwaiting().stream().map(String::valueOf).collect(Collectors.toList());
    assertEquals(
        List.of(
            Lines.frame("middleWithin", "scope-await"), Lines.frame("middle", "middle-gather")),
        chain.subList(0, 2),
        chain.toString());
    assertTrue(chain.get(2).contains("gather@"), chain.toString());
    // Thrown by the runtime at the await, which is where the trace leaves the runtime's frames.
    String firstUserFrame =
        frames(e).stream().filter(f -> !f.startsWith("dev.weft.internal.")).findFirst().get();
    assertEquals(Lines.frame("middleWithin", "scope-await"), firstUserFrame);
  }

  @Test
  void aFailureDuringAnEagerStartKeepsTheCallersRealFrameOnce() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> EventLoop.run(() -> services.checkTwice(-1)));
    List<String> frames = frames(e);
    assertEquals(Lines.frame("check", "check-throw"), frames.get(0), String.join("\n", frames));
    String caller = Lines.frame("checkTwice", "check-await");
    assertEquals(1, frames.stream().filter(caller::equals).count(), String.join("\n", frames));
    assertTrue(frames.stream().noneMatch(f -> f.contains("$await")), String.join("\n", frames));
  }
}
