package dev.weft.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.weft.EventLoop;
import dev.weft.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every frame of a generated state machine, and every async frame an await adds, names the
 * user's exact line, whatever the construct around it (resources/traces/*.java; issue 17).
 */
class StackTraceLinesTest {
    private static final Path TRACES = GoldenTest.RESOURCES.resolve("traces");

    private static ClassLoader compile(String name) throws Exception {
        Compilation c = CompileSupport.compile(JavaFileObjects.forSourceString("s." + name,
                Files.readString(TRACES.resolve(name + ".java"))));
        assertWithMessage(CompileSupport.errors(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        return CompileSupport.loader(c);
    }

    private static Throwable failureOf(ClassLoader loader, String type, String method) throws Exception {
        Object target = loader.loadClass(type).getConstructor().newInstance();
        java.lang.reflect.Method m = target.getClass().getDeclaredMethod(method);
        m.setAccessible(true);
        try {
            EventLoop.run(() -> {
                try {
                    return (Task<?>) m.invoke(target);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            });
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("no failure");
    }

    /** The frames in the user's classes (the entry points of Foo_Async are left out). */
    private static List<String> userFrames(Throwable t) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().startsWith("s.") && !f.getClassName().endsWith("_Async")) {
                out.add(f.getMethodName() + ":" + f.getLineNumber());
            }
        }
        return out;
    }

    @Test
    void anAwaitInsideTryFinallyIsNamedAtItsOwnLine() throws Exception {
        Throwable t = failureOf(compile("Chain"), "s.Chain_Async", "top");
        // leaf throws at 14; middle awaits it at 20 (not the finally at 22); top at 30
        assertWithMessage("frames").that(userFrames(t)).containsExactly("leaf:14", "middle$await:20", "top$await:30")
                .inOrder();
    }

    @Test
    void linesAfterAnAwaitSplitOverSeveralLinesStayExact() throws Exception {
        ClassLoader loader = compile("Split");
        assertWithMessage("one").that(userFrames(failureOf(loader, "s.Split_Async", "one"))).containsExactly("one:15");
        assertWithMessage("two").that(userFrames(failureOf(loader, "s.Split_Async", "two"))).containsExactly("two:26");
    }
}
