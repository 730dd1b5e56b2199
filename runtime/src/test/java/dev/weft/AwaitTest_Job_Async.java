package dev.weft;

/** Stands for what the processor generates for {@link AwaitTest.Job}, an abstract class. */
abstract class AwaitTest_Job_Async extends AwaitTest.Job {
  @Override
  Task<String> run() {
    return Task.of("ran " + name());
  }
}
