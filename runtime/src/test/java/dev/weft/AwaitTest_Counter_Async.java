package dev.weft;

/** Stands for what the processor generates for {@link AwaitTest.Counter}: only {@code next} is @Async. */
class AwaitTest_Counter_Async extends AwaitTest.Counter {
  @Override
  Task<Integer> next() {
    return Task.of(2);
  }
}
