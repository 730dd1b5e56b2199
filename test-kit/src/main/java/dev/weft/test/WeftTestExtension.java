package dev.weft.test;

import dev.weft.EventLoop;
import dev.weft.Task;
import java.lang.reflect.Method;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestInstanceFactory;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstantiationException;

/**
 * The extension behind {@link WeftTest}: it gives the test method a fresh loop, calls the method
 * on that loop's thread, and runs the loop until the returned task is done (see {@link
 * WeftTests#runTest}).
 */
public final class WeftTestExtension
    implements InvocationInterceptor, ParameterResolver, TestInstanceFactory {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(WeftTestExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EventLoop.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return loopFor(context);
  }

  private static EventLoop loopFor(ExtensionContext context) {
    WeftTest test = annotation(context.getRequiredTestMethod());
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "loop",
            key -> new ClosingLoop(test == null || test.virtualTime()
                ? EventLoop.withVirtualTime() : new EventLoop()),
            ClosingLoop.class)
        .loop;
  }

  /** Closes the loop when JUnit closes the store, whatever happened. */
  private static final class ClosingLoop implements ExtensionContext.Store.CloseableResource {
    final EventLoop loop;

    ClosingLoop(EventLoop loop) {
      this.loop = loop;
    }

    @Override
    public void close() {
      loop.close();
    }
  }

  private static WeftTest annotation(Method method) {
    return org.junit.platform.commons.support.AnnotationSupport.findAnnotation(method, WeftTest.class)
        .orElse(null);
  }

  /**
   * Registered on the test class ({@code @ExtendWith(WeftTestExtension.class)}), it makes the
   * test instance from the class weft generated for it ({@code FooTest_Async} for {@code
   * FooTest}), so that the test's {@code @Async} instance methods run transformed. Without a
   * generated class, the test class itself.
   */
  @Override
  public Object createTestInstance(TestInstanceFactoryContext factory, ExtensionContext context) {
    Class<?> testClass = factory.getTestClass();
    Class<?> generated = generatedClass(testClass);
    // without a generated class the test has no instance @Async methods: use it as it is
    Class<?> type = generated != null ? generated : testClass;
    try {
      java.lang.reflect.Constructor<?> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new TestInstantiationException("cannot make an instance of " + type.getName(), e);
    }
  }

  /**
   * The subclass weft generated for {@code type}: {@code demo.FooTest_Async}, or {@code
   * demo.Outer_Inner_Async} for a nested class; null when there is none.
   */
  private static Class<?> generatedClass(Class<?> type) {
    String name = type.getName();
    int dot = name.lastIndexOf('.');
    String generated =
        name.substring(0, dot + 1) + name.substring(dot + 1).replace('$', '_') + "_Async";
    try {
      Class<?> candidate = Class.forName(generated, false, type.getClassLoader());
      return type.isAssignableFrom(candidate) ? candidate : null;
    } catch (ClassNotFoundException noGeneratedClass) {
      return null;
    }
  }

  /** Whether {@code generated} overrides {@code method}, that is, whether it is {@code @Async}. */
  private static boolean declaresTransformed(Class<?> generated, Method method) {
    try {
      generated.getDeclaredMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException notAsync) {
      return false;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T interceptTestFactoryMethod(
      Invocation<T> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    Method method = invocationContext.getExecutable();
    WeftTest test = annotation(method);
    if (test == null) {
      return invocation.proceed();
    }
    if (!Task.class.isAssignableFrom(method.getReturnType())) {
      invocation.skip();
      throw new org.junit.platform.commons.PreconditionViolationException(
          "@WeftTest method " + method.getName() + " must return a dev.weft.Task");
    }
    Object instance = invocationContext.getTarget().orElse(null);
    if (instance != null && instance.getClass() == context.getRequiredTestClass()) {
      Class<?> generated = generatedClass(instance.getClass());
      if (generated != null && declaresTransformed(generated, method)) {
        invocation.skip();
        throw new org.junit.platform.commons.PreconditionViolationException(
            "@WeftTest method "
                + method.getName()
                + " is @Async, but JUnit made the test instance from "
                + instance.getClass().getSimpleName()
                + ", not from the generated "
                + generated.getSimpleName()
                + ", so its await(...) would run untransformed: put"
                + " @ExtendWith(WeftTestExtension.class) on class "
                + instance.getClass().getSimpleName()
                + " (imports org.junit.jupiter.api.extension.ExtendWith and"
                + " dev.weft.test.WeftTestExtension)");
      }
    }
    EventLoop loop = loopFor(context);
    WeftTests.runOn(
        loop,
        WeftTests.Options.of(test),
        l -> {
          try {
            Task<?> task = (Task<?>) invocation.proceed();
            if (task == null) {
              throw new IllegalStateException(
                  "@WeftTest method " + method.getName() + " returned null instead of a task");
            }
            return task;
          } catch (RuntimeException | Error e) {
            throw e;
          } catch (Throwable e) {
            throw new java.lang.reflect.UndeclaredThrowableException(e);
          }
        });
    return (T) Stream.of(DynamicTest.dynamicTest(method.getName() + "()", () -> {}));
  }
}
