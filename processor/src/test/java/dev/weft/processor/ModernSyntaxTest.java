package dev.weft.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.weft.EventLoop;
import dev.weft.Task;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Java 21 syntax (pattern-matching switch, record patterns, instanceof patterns) in {@code @Async}
 * bodies compiled by javac 21+ with a 21 target, and unnamed variables (22): transformed
 * correctly; never an error in generated code. {@link PatternSwitchTest} has awaits inside
 * pattern switches.
 */
class ModernSyntaxTest {
    static final String GOOD = String.join("\n",
            "package m;",
            "import dev.weft.Task;",
            "import dev.weft.Tasks;",
            "import dev.weft.annotation.Async;",
            "import static dev.weft.Await.await;",
            "public class Shapes {",
            "    sealed interface Shape permits Circle, Square {}",
            "    record Circle(int r) implements Shape {}",
            "    record Square(int side) implements Shape {}",
            "    Task<Shape> fetch(int i) { return Task.of(i % 2 == 0 ? new Circle(i) : new Square(i)); }",
            "    @Async",
            "    public Task<String> describe(int n) {",
            "        StringBuilder sb = new StringBuilder();",
            "        for (int i = 0; i < n; i++) {",
            "            String d = switch (await(fetch(i))) {",
            "                case Circle c when c.r() > 2 -> \"big circle \" + c.r();",
            "                case Circle(int r) -> \"circle \" + r;",
            "                case Square s -> \"square \" + s.side();",
            "            };",
            "            await(Tasks.yieldNow());",
            "            if (await(fetch(i)) instanceof Square(int side) && side > 0) {",
            "                d += \" side \" + side;",
            "            }",
            "            try {",
            "                Object o = await(fetch(i));",
            "                if (o instanceof Circle(var r)) { d += \" r\" + r; }",
            "            } finally {",
            "                sb.append(d).append(';');",
            "            }",
            "        }",
            "        return Task.of(sb.toString());",
            "    }",
            "}");

    static final String UNNAMED = String.join("\n",
            "package m;",
            "import dev.weft.Task;",
            "import dev.weft.annotation.Async;",
            "import static dev.weft.Await.await;",
            "public class Unnamed {",
            "    public final StringBuilder log = new StringBuilder();",
            "    class Res implements AutoCloseable { public void close() { log.append(\"closed;\"); } }",
            "    Task<Res> open() { return Task.of(new Res()); }",
            "    Task<Integer> fail() { return Task.failed(new IllegalStateException()); }",
            "    @Async",
            "    public Task<String> run() {",
            "        try (var _ = await(open()); Res _ = await(open())) {",
            "            await(fail());",
            "        } catch (IllegalStateException _) {",
            "            log.append(\"caught;\");",
            "            await(open());",
            "        }",
            "        return Task.of(log.toString());",
            "    }",
            "}");

    private static Compilation compile(String name, String source) {
        return compile(name, source, "21");
    }

    private static Compilation compile(String name, String source, String release) {
        return javac().withProcessors(new WeftProcessor()).withOptions("--release", release)
                .compile(JavaFileObjects.forSourceString(name, source));
    }

    @Test
    void unnamedVariablesInTriesAndResources() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 22, "needs javac 22+");
        Compilation c = compile("m.Unnamed", UNNAMED, "22");
        assertWithMessage(CompileSupport.errors(c) + "\n" + CompileSupport.generatedSources(c))
                .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        Class<?> k = CompileSupport.loader(c).loadClass("m.Unnamed_Async");
        Object u = k.getConstructor().newInstance();
        @SuppressWarnings("unchecked")
        String out = EventLoop.run(() -> {
            try {
                return (Task<String>) k.getMethod("run").invoke(u);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(out).isEqualTo("closed;closed;caught;");
    }

    @Test
    void patternsAreTransformed() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "needs javac 21+");
        Compilation c = compile("m.Shapes", GOOD);
        assertWithMessage(CompileSupport.errors(c) + "\n" + CompileSupport.generatedSources(c))
                .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        Class<?> k = CompileSupport.loader(c).loadClass("m.Shapes_Async");
        Object shapes = k.getConstructor().newInstance();
        @SuppressWarnings("unchecked")
        String out = EventLoop.run(() -> {
            try {
                return (Task<String>) k.getMethod("describe", int.class).invoke(shapes, 5);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(out).isEqualTo("circle 0 r0;square 1 side 1;circle 2 r2;square 3 side 3;big circle 4 r4;");
    }
}
