package dev.weft;

import static dev.weft.Await.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code await} run untransformed fails loudly, naming the method and the class to use. */
@org.junit.jupiter.api.extension.ExtendWith(FailOnUncaught.class)
class AwaitTest {
  /** What a user class looks like when weft's processor did not run over it. */
  static class Greeter {
    Task<String> greet(String name) {
      String greeting = await(Task.of("hello "));
      return Task.of(greeting + name);
    }

    static Task<Integer> total() {
      return Task.of(await(CompletableFuture.completedFuture(1)));
    }
  }

  /** A class the processor did transform ({@link AwaitTest_Counter_Async}), used wrongly. */
  static class Counter {
    Task<Integer> next() {
      return Task.of(await(Task.of(1)) + 1);
    }

    Task<Integer> forgotten() {
      return Task.of(await(Task.of(1)));
    }
  }

  /** An abstract class the processor transformed ({@link AwaitTest_Job_Async}). */
  abstract static class Job {
    abstract String name();

    Task<String> run() {
      return Task.of(await(Task.of("ran ")) + name());
    }
  }

  /** Extends the original instead of AwaitTest_Job_Async: the mistake the message names. */
  static class PrintJob extends Job {
    @Override
    String name() {
      return "print";
    }
  }

  @Test
  void anAbstractClassSaysToExtendTheGeneratedOne() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new PrintJob().run());
    assertTrue(
        e.getMessage().endsWith("AwaitTest.Job is abstract, so the object's class extends"
            + " AwaitTest.Job: declare it `extends AwaitTest_Job_Async` instead (a AwaitTest.Job"
            + " whose @Async methods are transformed)"),
        e.getMessage());
  }

  @Test
  void anInstanceMethodSaysToUseTheGeneratedSubclass() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new Greeter().greet("ada"));
    assertTrue(e.getMessage().startsWith("AwaitTest.Greeter.greet called await"), e.getMessage());
    assertTrue(
        e.getMessage().contains("new AwaitTest_Greeter_Async(...).greet(...)"), e.getMessage());
  }

  @Test
  void aStaticMethodSaysToCallItOnTheGeneratedClass() {
    IllegalStateException e = assertThrows(IllegalStateException.class, Greeter::total);
    assertTrue(e.getMessage().startsWith("AwaitTest.Greeter.total called await"), e.getMessage());
    assertTrue(e.getMessage().contains("AwaitTest_Greeter_Async.total(...)"), e.getMessage());
  }

  @Test
  void withoutAGeneratedClassItSaysHowToAddTheProcessor() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new Greeter().greet("ada"));
    assertTrue(
        e.getMessage().contains("There is no class AwaitTest_Greeter_Async: weft's annotation"
            + " processor did not run on AwaitTest.Greeter (add dev.weft:weft-processor to the"
            + " annotation processor path"),
        e.getMessage());
  }

  @Test
  void withAGeneratedClassItSaysOnlyToUseIt() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new Counter().next());
    assertTrue(e.getMessage().contains("(new AwaitTest_Counter_Async(...).next(...) instead of new"
        + " AwaitTest.Counter(...).next(...))"), e.getMessage());
    assertTrue(!e.getMessage().contains("processor"), e.getMessage());
  }

  @Test
  void aMethodTheGeneratedClassLacksIsNotAnnotated() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new AwaitTest_Counter_Async().forgotten());
    assertTrue(e.getMessage().endsWith("AwaitTest_Counter_Async has no forgotten: annotate"
        + " AwaitTest.Counter.forgotten with @dev.weft.annotation.Async"), e.getMessage());
  }
}
