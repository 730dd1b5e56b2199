package dev.weft.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose body weft's annotation processor rewrites into a state machine.
 *
 * <p>The method must return {@code dev.weft.Task<T>} and must not be {@code private},
 * {@code final} or {@code abstract}. Inside it, {@code Await.await(task)} suspends the method
 * until {@code task} completes, without blocking the event loop's thread. For a class
 * {@code Foo}, the processor writes {@code Foo_Async}: a subclass that runs each instance
 * {@code @Async} method as a state machine, and static entry points for static ones.
 *
 * <p>Retained in class files only so that tools reading bytecode can see which methods were
 * transformed; nothing reads it reflectively at run time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Async {}
