/**
 * weft's annotation processor. {@link dev.weft.processor.WeftProcessor} is thin: it finds the
 * classes with {@code @Async} methods, defers those that mention classes not generated yet, and
 * runs the phases, each in its own package and depending only on earlier ones: {@code validation}
 * (what is accepted), {@code analysis} (attributed bodies, awaits, types, source text),
 * {@code lowering} (control flow into states) and {@code emit} (Java text through JavaPoet).
 * {@link dev.weft.processor.Diagnostics} prints every message with its stable code at its exact
 * position. {@link dev.weft.processor.JavacEnvironments} finds javac's processing environment
 * behind the wrappers of build tools (Gradle's, IntelliJ's proxies).
 */
package dev.weft.processor;
