package dev.weft.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
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

    private static Compilation compile(String name, String source, String release) {
        return javac().withProcessors(new WeftProcessor()).withOptions("--release", release)
                .compile(JavaFileObjects.forSourceString(name, source));
    }

    /**
     * Compiles {@code source} and runs {@code method} of a new {@code <name>_Async} on an event
     * loop, with {@code args}; its result.
     */
    private static String compileAndRun(String name, String source, String release, String method, Object... args)
            throws Exception {
        Compilation c = compile(name, source, release);
        assertWithMessage(CompileSupport.errors(c) + "\n" + CompileSupport.generatedSources(c))
                .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        Class<?> k = CompileSupport.loader(c).loadClass(name + "_Async");
        return CompileSupport.run(k, k.getConstructor().newInstance(), method, args);
    }

    @Test
    void unnamedVariablesInTriesAndResources() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 22, "needs javac 22+");
        String out = compileAndRun("m.Unnamed", UNNAMED, "22", "run");
        assertThat(out).isEqualTo("closed;closed;caught;");
    }

    @Test
    void patternsAreTransformed() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "needs javac 21+");
        String out = compileAndRun("m.Shapes", GOOD, "21", "describe", 5);
        assertThat(out).isEqualTo("circle 0 r0;square 1 side 1;circle 2 r2;square 3 side 3;big circle 4 r4;");
    }

    static final String MODULE_IMPORTS = String.join("\n",
            "package m;",
            "import module java.base;", // Java 25: every package java.base exports
            "import dev.weft.Task;",
            "import dev.weft.Tasks;",
            "import dev.weft.annotation.Async;",
            "import static dev.weft.Await.await;",
            "/// A class documented in Markdown (Java 23).",
            "public class Modules {",
            "    /// Counts, **in Markdown**.",
            "    /// @param names who",
            "    @Async",
            "    public Task<String> count(List<String> names) {",
            "        Map<String, Integer> seen = new TreeMap<>();",
            "        for (String n : names) {",
            "            await(Tasks.yieldNow());",
            "            seen.merge(n, 1, Integer::sum);",
            "        }",
            "        return Task.of(seen.toString());",
            "    }",
            "}");

    @Test
    void moduleImportsAndMarkdownComments() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 25, "needs javac 25+");
        String out = compileAndRun("m.Modules", MODULE_IMPORTS, "25", "count", java.util.List.of("b", "a", "b"));
        assertThat(out).isEqualTo("{a=1, b=2}");
    }

    /**
     * A compact source file (Java 25) has a class no other file can name, so no {@code Hello_Async}
     * can exist for it: one clear error on each {@code @Async} method, in it or in a class nested
     * in it, never silence (the method would run untransformed and fail at its first await).
     */
    @Test
    void asyncMethodsInACompactSourceFileAreAClearError() {
        Assumptions.assumeTrue(Runtime.version().feature() >= 25, "needs javac 25+");
        String hello = String.join("\n",
                "import dev.weft.EventLoop;",
                "import dev.weft.Task;",
                "import dev.weft.annotation.Async;",
                "import static dev.weft.Await.await;",
                "@Async",
                "Task<String> greet(String name) {", // line 6
                "    return Task.of(\"hello \" + await(Task.of(name)));",
                "}",
                "static class Greeter {",
                "    @Async static Task<Integer> twice(int n) { return Task.of(2 * await(Task.of(n))); }", // line 10
                "}",
                "void main() {",
                "    System.out.println(EventLoop.run(() -> greet(\"ada\")));",
                "}");
        Compilation c = compile("Hello", hello, "25");
        assertThat(c.status()).isEqualTo(Compilation.Status.FAILURE);
        java.util.List<String> errors = c.errors().stream()
                .map(d -> d.getLineNumber() + ": " + d.getMessage(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toList());
        assertWithMessage(String.join("\n", errors)).that(errors).hasSize(2);
        assertThat(errors.get(0)).startsWith("6: [weft.compact-source-file] weft cannot transform greet: Hello.java is a"
                + " compact source file");
        assertThat(errors.get(0)).contains("nowhere to put the generated Hello_Async");
        assertThat(errors.get(1)).startsWith("10: [weft.compact-source-file] weft cannot transform twice:");
        assertThat(errors.get(1)).contains("Hello_Greeter_Async");
    }
}
