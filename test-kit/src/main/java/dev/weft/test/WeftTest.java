package dev.weft.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test method that returns a {@code Task} and runs on a fresh event loop, as
 * kotlinx-coroutines-test's {@code runTest}:
 *
 * <pre>{@code
 * @WeftTest
 * Task<Void> cacheExpiresAfterAnHour() {
 *   cache.put("k", "v");
 *   await(Tasks.sleep(Duration.ofHours(1)));   // completes at once: virtual time
 *   assertNull(cache.get("k"));
 *   return Task.done();
 * }
 * }</pre>
 *
 * (the method is {@code @Async} in a class the weft processor transforms, or returns a task it
 * builds otherwise). The test passes when the task succeeds and fails with its exception, with
 * an async stack trace, otherwise. Then it fails if it left behind:
 *
 * <ul>
 *   <li>tasks still pending (listed with {@code EventLoop.dumpTasks()}); they are cancelled;
 *   <li>channels still registered with the loop (sockets, servers not closed);
 *   <li>exceptions that reached the loop's exception handler (a callback that threw).
 * </ul>
 *
 * <p><b>Virtual time</b> (the default): the clock starts at 0 and moves only when nothing is
 * left to do but wait for a timer, straight to that timer's deadline; timers fire in deadline
 * order, FIFO among equal deadlines; a sleep of an hour takes no real time. Real I/O still
 * works, but a timer due while I/O is awaited fires early; set {@code virtualTime = false} for
 * tests that wait on real sockets or threads with timeouts.
 *
 * <p>A parameter of type {@code EventLoop} receives the test's loop. When the test methods are
 * themselves {@code @Async} instance methods of the test class, also put {@code
 * @ExtendWith(WeftTestExtension.class)} on the class: JUnit then makes the test instance from the
 * generated {@code FooTest_Async}, where they run transformed.
 *
 * <p>The method is a JUnit {@link TestFactory} under the hood (JUnit's {@code @Test} methods must
 * return void): it reports as a container holding one test named after the method.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestFactory
@ExtendWith(WeftTestExtension.class)
public @interface WeftTest {
  /** Virtual time (the default), or the real clock. */
  boolean virtualTime() default true;

  /**
   * Nonzero: run the callbacks and task resumptions that are ready at the same moment in an order
   * drawn from this seed instead of FIFO, to expose code that depends on that order; the same
   * seed gives the same order. The system property {@code weft.test.shuffleSeed} sets it for
   * every test that leaves it 0. A failure names the seed.
   */
  long shuffleSeed() default 0;

  /** Debug mode for the loop (slow callbacks, unretrieved failures, the watchdog). */
  boolean debug() default false;

  /** Whether tasks and channels left behind are allowed (they are still cancelled and closed). */
  boolean allowLeftovers() default false;
}
