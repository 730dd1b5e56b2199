package dev.weft.processor;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * javac's own {@link ProcessingEnvironment} behind the wrappers that build tools put around it.
 *
 * <p>Gradle hands an incremental (isolating) processor its {@code IncrementalProcessingEnvironment},
 * which keeps javac's environment in a field named {@code delegate} and wraps its {@code Filer} to
 * record each generated file's originating element; {@link Trees#instance(ProcessingEnvironment)}
 * accepts only javac's class itself. So, as other processors that read javac's trees do (Lombok,
 * for one), follow {@code delegate} fields, and the handler of a {@link Proxy} (IntelliJ wraps the
 * environment in one), until {@code Trees} accepts what is found.
 *
 * <p>Only reading goes to the environment found here (trees, elements, the class path through its
 * {@code Filer}). Generated files are still written through the environment the processor was
 * given, so that Gradle sees them and their originating elements.
 */
final class JavacEnvironments {
    /** How many wrappers deep to look; the tools seen wrap once or twice. */
    private static final int MAX_DEPTH = 8;

    private JavacEnvironments() {}

    /** {@code env} itself or the javac environment it wraps; null when there is none (ECJ, say). */
    static ProcessingEnvironment unwrap(ProcessingEnvironment env) {
        ProcessingEnvironment current = env;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (isJavacs(current)) {
                return current;
            }
            current = wrapped(current);
        }
        return null;
    }

    private static boolean isJavacs(ProcessingEnvironment env) {
        try {
            Trees.instance(env);
            return true;
        } catch (IllegalArgumentException notJavacs) {
            return false;
        }
    }

    /** The environment {@code wrapper} delegates to, or null when it shows none. */
    private static ProcessingEnvironment wrapped(ProcessingEnvironment wrapper) {
        boolean proxy = Proxy.isProxyClass(wrapper.getClass());
        Object holder = proxy ? Proxy.getInvocationHandler(wrapper) : wrapper;
        for (Class<?> c = holder.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (java.lang.reflect.Modifier.isStatic(field.getModifiers())
                        || !proxy && !field.getName().equals("delegate")) {
                    continue;
                }
                Object value = read(field, holder);
                if (value instanceof ProcessingEnvironment && value != wrapper) {
                    return (ProcessingEnvironment) value;
                }
            }
        }
        return null;
    }

    private static Object read(Field field, Object holder) {
        try {
            field.setAccessible(true);
            return field.get(holder);
        } catch (ReflectiveOperationException | RuntimeException inaccessible) {
            return null; // a field of a module that does not open it: not a wrapper we can see through
        }
    }
}
