package dev.weft;

import java.util.concurrent.CompletionStage;

/**
 * {@code await}, the suspension point of {@code @Async} methods: {@code import static
 * dev.weft.Await.await;}.
 *
 * <p>weft's annotation processor rewrites every call of these methods inside an {@code @Async}
 * method into a suspension of the generated state machine, so the bodies below never run there.
 * They run only when the original, untransformed method is called (for example on a plain
 * {@code new Foo()} instead of {@code new Foo_Async()}), and then they fail loudly rather than
 * block: silently blocking would stall the whole event loop.
 */
public final class Await {
  private Await() {}

  /**
   * Suspends the calling {@code @Async} method until {@code task} is done, then returns its
   * value or rethrows its exception, the same object, unwrapped. Does not suspend if the task is
   * already done. A cancellation of the calling task is delivered here.
   *
   * @throws IllegalStateException always, when it actually runs: see the class comment
   */
  public static <T> T await(Task<T> task) {
    throw notTransformed();
  }

  /**
   * Suspends the calling {@code @Async} method until {@code stage} completes, on any thread,
   * then resumes it on its own loop thread with the value, or rethrows the exception unwrapped
   * from {@code CompletionException} / {@code ExecutionException}.
   *
   * @throws IllegalStateException always, when it actually runs: see the class comment
   */
  public static <T> T await(CompletionStage<T> stage) {
    throw notTransformed();
  }

  private static IllegalStateException notTransformed() {
    StackWalker.StackFrame caller =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .walk(frames -> frames.skip(2).findFirst().orElse(null));
    if (caller == null) {
      return new IllegalStateException(
          "await(...) ran untransformed: call @Async methods through the generated _Async class");
    }
    String className = caller.getClassName();
    int dot = className.lastIndexOf('.');
    String simpleName = className.substring(dot + 1);
    String original = simpleName.replace('$', '.');
    String generated = simpleName.replace('$', '_') + "_Async";
    String method = caller.getMethodName();
    String insteadOf =
        isStatic(caller)
            ? generated + "." + method + "(...) instead of " + original + "." + method + "(...)"
            : "new "
                + generated
                + "(...)."
                + method
                + "(...) instead of new "
                + original
                + "(...)."
                + method
                + "(...)";
    String head =
        original
            + "."
            + method
            + " called await(...) without being transformed: await only works in an @Async method"
            + " called through the generated class "
            + generated;
    String message = head + " (" + insteadOf + ")";
    Class<?> generatedClass =
        generatedClass(caller.getDeclaringClass(), className.substring(0, dot + 1) + generated);
    if (generatedClass == null) {
      return new IllegalStateException(
          message
              + ". There is no class "
              + generated
              + ": weft's annotation processor did not run on "
              + original
              + " (add dev.weft:weft-processor to the annotation processor path: Maven"
              + " <annotationProcessorPaths> of maven-compiler-plugin 3.13.0 or later, Gradle"
              + " annotationProcessor, javac -processorpath weft-processor.jar), or "
              + method
              + " is not annotated @dev.weft.annotation.Async");
    }
    if (!declares(generatedClass, method)) {
      return new IllegalStateException(
          message
              + ". "
              + generated
              + " has no "
              + method
              + ": annotate "
              + original
              + "."
              + method
              + " with @dev.weft.annotation.Async");
    }
    if (!isStatic(caller)
        && java.lang.reflect.Modifier.isAbstract(caller.getDeclaringClass().getModifiers())) {
      // no `new Job_Async(...)`: the object is of a subclass, which must extend Job_Async
      return new IllegalStateException(
          head
              + ", and "
              + original
              + " is abstract, so the object's class extends "
              + original
              + ": declare it `extends "
              + generated
              + "` instead (a "
              + original
              + " whose @Async methods are transformed)");
    }
    return new IllegalStateException(message);
  }

  /** The class weft generated beside {@code original}, or null when there is none. */
  private static Class<?> generatedClass(Class<?> original, String generatedName) {
    try {
      return Class.forName(generatedName, false, original.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /** Whether {@code type} declares a method {@code name} (a transformed one, in an _Async class). */
  private static boolean declares(Class<?> type, String name) {
    try {
      for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
        if (m.getName().equals(name)) {
          return true;
        }
      }
      return false;
    } catch (LinkageError | SecurityException e) {
      return true; // cannot tell: say only what is certain
    }
  }

  private static boolean isStatic(StackWalker.StackFrame frame) {
    try {
      return java.lang.reflect.Modifier.isStatic(
          frame
              .getDeclaringClass()
              .getDeclaredMethod(frame.getMethodName(), frame.getMethodType().parameterArray())
              .getModifiers());
    } catch (NoSuchMethodException | SecurityException e) {
      return false;
    }
  }
}
