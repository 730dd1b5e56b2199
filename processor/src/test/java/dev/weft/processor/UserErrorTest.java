package dev.weft.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A compile error in the user's own {@code @Async} body is the user's alone to see: javac's
 * diagnostic in the user's file, nothing from weft, nothing inside generated code, and
 * {@code Foo_Async} still exists with every method, so code that uses it compiles.
 */
class UserErrorTest {
    private static String source(String brokenBody) {
        return String.join("\n",
                "package e;",
                "",
                "import dev.weft.Task;",
                "import dev.weft.annotation.Async;",
                "",
                "import static dev.weft.Await.await;",
                "",
                "public class Foo {",
                "    int twice(int x) { return 2 * x; }",
                "",
                "    @Async",
                "    public Task<String> broken(int n) {",
                "        await(Task.of(1));",
                "        " + brokenBody, // line 14
                "    }",
                "",
                "    @Async",
                "    public Task<Integer> fine() {",
                "        return Task.of(await(Task.of(2)));",
                "    }",
                "}",
                "");
    }

    private static final String USER = String.join("\n",
            "package e;",
            "",
            "class User {",
            "    Object use() {",
            "        Foo_Async foo = new Foo_Async();",
            "        return foo.broken(1) == null ? foo.fine() : null;",
            "    }",
            "}",
            "");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "type mismatch         | int x = \"s\"; return Task.of(\"\" + x);                      | 14 | compiler.err.prob.found.req",
            "missing return        | if (n > 0) { return Task.of(\"a\"); }                        | 15 | compiler.err.missing.ret.stmt",
            "unresolved name       | return Task.of(undefinedThing(n));                          | 14 | compiler.err.cant.resolve.location.args",
            "wrong arguments       | return Task.of(\"\" + twice(n, n));                          | 14 | compiler.err.cant.apply.symbol",
            "uninitialized local   | int y; if (n > 0) { y = 1; } return Task.of(\"\" + y);       | 14 | compiler.err.var.might.not.have.been.initialized",
            "unreachable code      | return Task.of(\"a\"); n++;                                  | 14 | compiler.err.unreachable.stmt",
    })
    void theUserSeesTheirErrorAlone(String kind, String body, int line, String code) {
        Compilation c = CompileSupport.compileLenient(JavaFileObjects.forSourceString("e.Foo", source(body)),
                JavaFileObjects.forSourceString("e.User", USER));
        List<String> diagnostics = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            if (d.getKind() == Diagnostic.Kind.NOTE) {
                continue;
            }
            String file = d.getSource() == null ? "" : d.getSource().getName();
            file = file.substring(file.lastIndexOf('/') + 1);
            diagnostics.add(d.getKind() + " " + file + ":" + d.getLineNumber() + " " + d.getCode()
                    + " " + d.getMessage(Locale.ROOT));
        }
        assertWithMessage("diagnostics of " + kind).that(diagnostics).hasSize(1);
        assertWithMessage("diagnostics of " + kind).that(diagnostics.get(0))
                .startsWith("ERROR Foo.java:" + line + " " + code + " ");
        // User.java, which calls both methods of Foo_Async, compiled without an error: Foo_Async
        // exists with every signature
    }

    /** Bodies that name Foo_Async (their own, or each other's) are transformed, not stubbed. */
    @Test
    void bodiesMayNameTheGeneratedClasses() throws Exception {
        String selfish = String.join("\n",
                "package e;",
                "import dev.weft.Task;",
                "import dev.weft.annotation.Async;",
                "import static dev.weft.Await.await;",
                "public class Selfish {",
                "    @Async",
                "    public Task<String> run() {",
                "        Selfish_Async other = new Selfish_Async();",
                "        String s = await(other.leaf());",
                "        String t = await(new Partner_Async().ping());",
                "        return Task.of(s + t);",
                "    }",
                "    @Async",
                "    public Task<String> leaf() {",
                "        await(dev.weft.Tasks.yieldNow());",
                "        return Task.of(\"leaf\");",
                "    }",
                "}",
                "");
        String partner = String.join("\n",
                "package e;",
                "import dev.weft.Task;",
                "import dev.weft.annotation.Async;",
                "import static dev.weft.Await.await;",
                "public class Partner {",
                "    @Async",
                "    public Task<String> ping() {",
                "        Selfish_Async s = new Selfish_Async();",
                "        String leaf = await(s.leaf());",
                "        return Task.of(\"ping\" + leaf.length());",
                "    }",
                "}",
                "");
        Compilation c = CompileSupport.compileLenient(JavaFileObjects.forSourceString("e.Selfish", selfish),
                JavaFileObjects.forSourceString("e.Partner", partner));
        assertWithMessage(CompileSupport.errors(c) + CompileSupport.generatedSources(c)).that(c.status())
                .isEqualTo(Compilation.Status.SUCCESS);
        assertWithMessage("stubs").that(CompileSupport.generatedSources(c)).doesNotContain("weft could not transform");
        Class<?> type = CompileSupport.loader(c).loadClass("e.Selfish_Async");
        Object selfishAsync = type.getConstructor().newInstance();
        Object result = dev.weft.EventLoop.run(() -> {
            try {
                return (dev.weft.Task<?>) type.getMethod("run").invoke(selfishAsync);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
        assertWithMessage("result").that(result).isEqualTo("leafping4");
    }

    /**
     * A body that uses the value of an await on another class's {@code _Async} in a larger
     * expression needs its type: that class is written first, and this one a round later.
     */
    @Test
    void awaitedValuesOfAnotherGeneratedClassKeepTheirType() throws Exception {
        String lib = String.join("\n",
                "package f;",
                "import dev.weft.Task;",
                "import dev.weft.annotation.Async;",
                "import java.util.List;",
                "public class Lib {",
                "    @Async",
                "    public static Task<List<String>> names() {",
                "        return Task.of(List.of(\"ada\", \"grace\"));",
                "    }",
                "}",
                "");
        String user = String.join("\n",
                "package f;",
                "import dev.weft.Task;",
                "import dev.weft.annotation.Async;",
                "import static dev.weft.Await.await;",
                "public class User {",
                "    @Async",
                "    public Task<Integer> count() {",
                "        int n = await(Lib_Async.names()).size() + 1;",
                "        return Task.of(n + await(Lib_Async.names()).get(1).length());",
                "    }",
                "}",
                "");
        Compilation c = CompileSupport.compileLenient(JavaFileObjects.forSourceString("f.User", user),
                JavaFileObjects.forSourceString("f.Lib", lib));
        assertWithMessage(CompileSupport.errors(c) + CompileSupport.generatedSources(c)).that(c.status())
                .isEqualTo(Compilation.Status.SUCCESS);
        Class<?> type = CompileSupport.loader(c).loadClass("f.User_Async");
        Object userAsync = type.getConstructor().newInstance();
        Object result = dev.weft.EventLoop.run(() -> {
            try {
                return (dev.weft.Task<?>) type.getMethod("count").invoke(userAsync);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
        assertWithMessage("result").that(result).isEqualTo(8);
    }

    /**
     * A source of the user's that declares the class weft writes: one error on the user's class
     * that names that file, not javac's Filer refusing to write it. (weft's own output of an
     * earlier build passed back in as a source is StaleOutputTest's.)
     */
    @Test
    void aSourceThatDeclaresFooAsyncAlreadyIsAnErrorThatSaysWhere() {
        String taken = String.join("\n",
                "package e;",
                "",
                "public class Foo_Async {",
                "}",
                "");
        Compilation c = CompileSupport.compileLenient(
                JavaFileObjects.forSourceString("e.Foo", source("return Task.of(\"ok\");")),
                JavaFileObjects.forSourceString("e.Foo_Async", taken));
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
            String file = d.getSource() == null ? "" : d.getSource().getName();
            errors.add(file.substring(file.lastIndexOf('/') + 1) + ":" + d.getLineNumber() + " "
                    + d.getMessage(Locale.ROOT));
        }
        assertWithMessage("errors").that(errors).containsExactly("Foo.java:8 [weft.generated-name-taken] weft"
                + " writes Foo_Async for Foo, and a source of this compilation already declares it: e/Foo_Async.java,"
                + " a class that is not weft's output; rename it, or Foo");
    }

    /** Outer.Inner and Outer_Inner would both get Outer_Inner_Async: an error on the second, not a Filer exception. */
    @Test
    void twoClassesWithOneGeneratedNameAreAnError() {
        String outer = String.join("\n",
                "package e;",
                "import dev.weft.Task;",
                "import dev.weft.annotation.Async;",
                "public class Outer {",
                "    public static class Inner {",
                "        @Async",
                "        public Task<String> a() { return Task.of(\"a\"); }",
                "    }",
                "}",
                "");
        String outerInner = String.join("\n",
                "package e;",
                "import dev.weft.Task;",
                "import dev.weft.annotation.Async;",
                "public class Outer_Inner {",
                "    @Async",
                "    public Task<String> b() { return Task.of(\"b\"); }",
                "}",
                "");
        Compilation c = CompileSupport.compileLenient(JavaFileObjects.forSourceString("e.Outer", outer),
                JavaFileObjects.forSourceString("e.Outer_Inner", outerInner));
        assertWithMessage(CompileSupport.errors(c)).that(c.errors()).hasSize(1);
        assertWithMessage("error").that(c.errors().get(0).getMessage(Locale.ROOT)).isEqualTo(
                "[weft.generated-name-taken] weft writes Outer_Inner_Async for e.Outer.Inner already, and would"
                + " write a class of the same name for e.Outer_Inner (a nested class Outer.Inner and a class"
                + " Outer_Inner share it): rename one of them");
        assertWithMessage("line").that(c.errors().get(0).getLineNumber()).isEqualTo(4L);
    }
}
