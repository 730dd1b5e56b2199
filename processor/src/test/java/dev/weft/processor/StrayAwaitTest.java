package dev.weft.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The mistakes that leave no {@code @Async} method for weft to be called on are compile errors
 * too, as in a file that has one: {@code await} in a method that is not {@code @Async} (a
 * newcomer's first file), and {@code @Async} on a method of a local or anonymous class (javac
 * hands no such annotation to processors). {@link StrayAwaitProcessor} looks at every file;
 * each error comes once, whichever of weft's processors sees the file first.
 */
class StrayAwaitTest {
    /** Lines 1 to 8 of each file. */
    private static final String HEADER = String.join("\n", "package s;", "", "import dev.weft.Task;",
            "import dev.weft.Tasks;", "import dev.weft.annotation.Async;", "", "import static dev.weft.Await.await;", "");

    private static final String FIRST = String.join("\n",
            HEADER,
            "public class First {",
            "    public Task<String> greet(String name) {", // no @Async: the line most often forgotten
            "        await(Tasks.yieldNow());", // line 11
            "        return Task.of(\"hello \" + name);",
            "    }",
            "}",
            "");

    private static final String LOCAL = String.join("\n",
            HEADER,
            "public class Local {",
            "    Object make() {",
            "        class Helper {",
            "            @Async", // line 12
            "            Task<Integer> one() {",
            "                await(Tasks.yieldNow());",
            "                return Task.of(1);",
            "            }",
            "        }",
            "        return new Helper();",
            "    }",
            "}",
            "");

    private static final String ASYNC = String.join("\n",
            HEADER,
            "public class Svc {",
            "    @Async",
            "    public Task<Integer> fine() {",
            "        await(Tasks.yieldNow());",
            "        return Task.of(1);",
            "    }",
            "",
            "    Integer stray(Task<Integer> t) {",
            "        return await(t);", // line 17
            "    }",
            "}",
            "");

    private static List<String> errors(Compilation c) {
        List<String> out = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
            String file = d.getSource() == null ? "" : d.getSource().getName();
            String message = d.getMessage(Locale.ROOT);
            out.add(file.substring(file.lastIndexOf('/') + 1) + ":" + d.getLineNumber() + " "
                    + message.substring(0, message.indexOf(']') + 1));
        }
        return out;
    }

    private static Compilation compile(List<Processor> processors, String name, String source) {
        return javac().withProcessors(processors).compile(JavaFileObjects.forSourceString(name, source));
    }

    @Test
    void anAwaitInAFileWithoutAsyncIsACompileError() {
        Compilation c = CompileSupport.compileLenient(JavaFileObjects.forSourceString("s.First", FIRST));
        assertWithMessage("errors").that(errors(c)).containsExactly("First.java:11 [weft.await-outside-async]");
    }

    @Test
    void asyncOnlyInALocalClassIsACompileError() {
        Compilation c = CompileSupport.compileLenient(JavaFileObjects.forSourceString("s.Local", LOCAL));
        assertWithMessage("errors").that(errors(c)).containsExactly("Local.java:12 [weft.local-async]");
    }

    /** An IDE's import of another library's Async (Spring's) in place of weft's: the error says so. */
    @Test
    void anotherLibrarysAsyncIsNamedInTheError() {
        Compilation c = CompileSupport.compileLenient(
                JavaFileObjects.forSourceString("org.springframework.scheduling.annotation.Async",
                        "package org.springframework.scheduling.annotation;\npublic @interface Async { }\n"),
                JavaFileObjects.forSourceString("s.First", FIRST
                        .replace("import dev.weft.annotation.Async;", "import org.springframework.scheduling.annotation.Async;")
                        .replace("    public Task<String> greet", "    @Async public Task<String> greet")));
        assertWithMessage("errors").that(errors(c)).containsExactly("First.java:11 [weft.await-outside-async]");
        assertWithMessage("message").that(c.errors().get(0).getMessage(Locale.ROOT)).contains("the @Async on this"
                + " method is org.springframework.scheduling.annotation.Async, not weft's dev.weft.annotation.Async:"
                + " import dev.weft.annotation.Async instead");
    }

    /** Both processors see Svc.java (it has an @Async method): one error, in either order. */
    @Test
    void eachErrorComesOnceWhicheverProcessorLooksFirst() {
        for (List<Processor> order : List.<List<Processor>>of(List.of(new WeftProcessor(), new StrayAwaitProcessor()),
                List.of(new StrayAwaitProcessor(), new WeftProcessor()), List.of(new WeftProcessor()))) {
            Compilation c = compile(order, "s.Svc", ASYNC);
            assertWithMessage("errors with " + order).that(errors(c)).containsExactly("Svc.java:17 [weft.await-outside-async]");
        }
    }

    /** A file that never names dev.weft is left alone, and nothing is claimed that others need. */
    @Test
    void codeWithoutWeftCompilesCleanBesideIt() {
        Compilation c = CompileSupport.compile(JavaFileObjects.forSourceString("s.Plain", String.join("\n",
                "package s;",
                "",
                "public class Plain {",
                "    static int await(int x) { return x; }", // a method of the user's own named await
                "    @Deprecated int old() { return await(1); }",
                "}",
                "")));
        assertWithMessage("diagnostics").that(c.diagnostics().stream()
                .filter(d -> d.getKind() != Diagnostic.Kind.NOTE).count()).isEqualTo(0L);
        assertWithMessage("status").that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
    }
}
