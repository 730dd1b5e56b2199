package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.handwritten.Chain;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TaskLocal}: a snapshot inherited at start, as contextvars. */
@org.junit.jupiter.api.extension.ExtendWith(FailOnUncaught.class)
class TaskLocalTest {
  private static final TaskLocal<String> REQUEST = new TaskLocal<>("request", "none");

  @Test
  void aTaskSeesWhatWasSetBeforeItStartedAndNotAfter() {
    assertEquals("none/a/a-changed", EventLoop.run(() -> Chain.setThenStart(REQUEST, "a")));
  }

  @Test
  void tasksStartedFromOutsideTasksInheritTheLoopsValue() {
    List<String> seen =
        EventLoop.run(
            () -> {
              REQUEST.set("root");
              Task<String> inherits = Chain.readAfterYield(REQUEST);
              Task<String> ownValue = Chain.setThenStart(REQUEST, "own");
              return Tasks.gather(inherits, ownValue, Chain.readAfterYield(REQUEST));
            });
    assertEquals(List.of("root", "root/own/own-changed", "root"), seen);
  }

  @Test
  void valuesBelongToTheirLoopAndRemoveRestoresTheDefault() {
    EventLoop.run(
        () -> {
          REQUEST.set("x");
          REQUEST.remove();
          assertEquals("none", REQUEST.get());
          REQUEST.set("left behind");
          return Task.done();
        });
    assertEquals("none", EventLoop.run(() -> Task.of(REQUEST.get())), "a new loop starts clean");
    assertThrows(IllegalStateException.class, REQUEST::get);
  }
}
