package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.handwritten.Chain;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void runsAHandWrittenStateMachine() {
    assertEquals(5, EventLoop.run(() -> Chain.addAfterYield(2, 3)));
  }

  @Test
  void deepRecursionCompletes() {
    assertEquals(100_000L, EventLoop.run(() -> Chain.countDown(100_000)));
  }
}
