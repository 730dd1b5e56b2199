package dev.weft.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A processor is a guest in the user's build: code written around the generated classes must
 * type, compile and warn exactly as if {@code Foo_Async} had been written by hand, and the
 * generated code must add no warning of its own. Every compilation here runs with
 * {@code -Xlint:all -Werror}; the CI runs this class under javac 17 and javac 25.
 */
class GuestTest {
    private static final List<String> STRICT = List.of("-Xlint:all", "-Werror");

    private static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new WeftProcessor()).withOptions(STRICT).compile(sources);
    }

    /** Each diagnostic as "KIND File.java:line code", notes left out. */
    private static List<String> diagnostics(Compilation c) {
        List<String> out = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            if (d.getKind() == Diagnostic.Kind.NOTE) {
                continue;
            }
            String file = d.getSource() == null ? "" : d.getSource().getName();
            file = file.substring(file.lastIndexOf('/') + 1);
            out.add(d.getKind() + " " + file + ":" + d.getLineNumber() + " " + d.getCode() + " "
                    + d.getMessage(Locale.ROOT));
        }
        return out;
    }

    private static void assertClean(Compilation c) {
        assertWithMessage("diagnostics, with generated sources:\n" + CompileSupport.generatedSources(c))
                .that(diagnostics(c)).isEmpty();
        assertWithMessage("status").that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
    }

    private static Object run(Compilation c, String className, String method) throws Exception {
        Method m = CompileSupport.loader(c).loadClass(className).getMethod(method);
        return m.invoke(null);
    }

    private static final String SVC = String.join("\n",
            "package g;",
            "",
            "import dev.weft.EventLoop;",
            "import dev.weft.Task;",
            "import dev.weft.Tasks;",
            "import dev.weft.annotation.Async;",
            "import java.util.List;",
            "import java.util.function.IntFunction;",
            "import java.util.function.Supplier;",
            "",
            "import static dev.weft.Await.await;",
            "",
            "public class Svc {",
            "    @Async",
            "    public Task<String> hello(String name) {",
            "        var other = new Svc_Async();", // var of a generated type, inside a body
            "        await(Tasks.yieldNow());",
            "        int k = 1 + await(other.n());", // operator on an awaited generated call
            "        return Task.of(\"hello \" + name + k);",
            "    }",
            "",
            "    @Async",
            "    public Task<Integer> n() {",
            "        return Task.of(41);",
            "    }",
            "",
            "    @Async",
            "    public static Task<Integer> twice(int x) {",
            "        await(Tasks.yieldNow());",
            "        return Task.of(2 * x);",
            "    }",
            "",
            "    @Async",
            "    public static Task<Integer> viaReferences() {",
            "        IntFunction<Task<Integer>> f = Svc::twice;",
            "        IntFunction<Task<Integer>> g = x -> Svc.twice(x);",
            "        Supplier<Task<Integer>> s = new Supplier<>() {",
            "            @Override public Task<Integer> get() { return twice(3); }",
            "        };",
            "        class Local { IntFunction<Task<Integer>> h() { return Svc::twice; } }",
            "        int a = await(f.apply(1)) + await(g.apply(2)) + await(s.get()) + await(new Local().h().apply(4));",
            "        return Task.of(a);",
            "    }",
            "",
            "    static <T> T first(List<T> xs) { return xs.get(0); }",
            "",
            "    public static String main() {",
            "        var svc = new Svc_Async();", // var of a generated type, in a plain method
            "        StringBuilder out = new StringBuilder();",
            "        out.append(EventLoop.run(() -> new Svc_Async().hello(\"x\")));", // overloaded, inferred
            "        System.out.println(EventLoop.run(() -> svc.n()));",
            "        int sum = EventLoop.run(() -> new Svc_Async().n()) + EventLoop.run(() -> svc.n());",
            "        out.append(' ').append(sum);",
            "        out.append(' ').append(first(List.of(EventLoop.run(() -> Svc_Async.viaReferences()))));",
            "        Supplier<Task<Integer>> ref = svc::n;",
            "        out.append(' ').append(EventLoop.run(ref::get));",
            "        return out.toString();",
            "    }",
            "}",
            "");

    @Test
    void codeAroundGeneratedClassesCompilesAsIfHandWritten() throws Exception {
        Compilation c = compile(JavaFileObjects.forSourceString("g.Svc", SVC));
        assertClean(c);
        // 1+2+3+4 each doubled; every reference reached the transformed twice, or it would throw
        assertWithMessage("result").that(run(c, "g.Svc", "main")).isEqualTo("hello x42 82 20 41");
    }

    @Test
    void subclassesOfGeneratedClassesOverrideAndNest() throws Exception {
        Compilation c = compile(JavaFileObjects.forSourceString("g.Base", String.join("\n",
                "package g;",
                "",
                "import dev.weft.EventLoop;",
                "import dev.weft.Task;",
                "import dev.weft.annotation.Async;",
                "",
                "import static dev.weft.Await.await;",
                "",
                "public class Base {",
                "    @Async",
                "    public Task<Integer> value() {",
                "        return Task.of(await(Task.of(1)));",
                "    }",
                "",
                "    public static class Derived extends Base_Async {",
                "        @Override",
                "        @Async",
                "        public Task<Integer> value() {",
                "            return Task.of(await(Task.of(2)) + await(super.value()));",
                "        }",
                "    }",
                "",
                "    static class Other extends Base_Derived_Async {",
                "        @Override",
                "        public Task<Integer> value() {",
                "            return super.value();",
                "        }",
                "    }",
                "",
                "    public static Integer main() {",
                "        return EventLoop.run(() -> new Other().value()) + EventLoop.run(() -> new Base_Async().value());",
                "    }",
                "}",
                "")));
        assertClean(c);
        assertWithMessage("result").that(run(c, "g.Base", "main")).isEqualTo(4);
    }

    /**
     * Poly expressions in a generic method of real library code (commons-collections4's
     * {@code filterInverse}): inference must see the same types it sees without weft.
     */
    @Test
    void inferenceInGenericBodiesIsUntouched() throws Exception {
        Compilation c = compile(JavaFileObjects.forSourceString("g.Filters", String.join("\n",
                "package g;",
                "",
                "import dev.weft.EventLoop;",
                "import dev.weft.Task;",
                "import dev.weft.annotation.Async;",
                "import java.util.ArrayList;",
                "import java.util.Collection;",
                "import java.util.List;",
                "import java.util.function.Predicate;",
                "",
                "import static dev.weft.Await.await;",
                "",
                "public class Filters {",
                "    static <T> Predicate<T> not(Predicate<? super T> p) { return x -> !p.test(x); }",
                "",
                "    static <T> List<T> filter(Collection<T> c, Predicate<? super T> p) {",
                "        List<T> out = new ArrayList<>();",
                "        for (T t : c) { if (p == null || p.test(t)) out.add(t); }",
                "        return out;",
                "    }",
                "",
                "    @Async",
                "    public static <T> Task<List<T>> filterInverse(Collection<T> c, Predicate<? super T> p) {",
                "        return Task.of(filter(c, p == null ? null : not(p)));",
                "    }",
                "",
                "    @Async",
                "    public static <T> Task<List<T>> filterInverseLater(Collection<T> c, Predicate<? super T> p) {",
                "        Collection<T> copy = await(Task.of(c));",
                "        return Task.of(filter(copy, p == null ? null : not(p)));",
                "    }",
                "",
                "    public static String main() {",
                "        Predicate<Integer> even = x -> x % 2 == 0;",
                "        return EventLoop.run(() -> Filters_Async.filterInverse(List.of(1, 2, 3), even)) + \" \"",
                "                + EventLoop.run(() -> Filters_Async.filterInverseLater(List.of(4, 5), even));",
                "    }",
                "}",
                "")));
        assertClean(c);
        assertWithMessage("result").that(run(c, "g.Filters", "main")).isEqualTo("[1, 3] [5]");
    }

    /** What javac would warn about in Foo_Async if weft wrote it carelessly. */
    @Test
    void generatedCodeAddsNoWarning() {
        Compilation c = compile(JavaFileObjects.forSourceString("g.Noisy", String.join("\n",
                "package g;",
                "",
                "import dev.weft.Task;",
                "import dev.weft.annotation.Async;",
                "import java.io.Serializable;",
                "import java.util.ArrayList;",
                "import java.util.List;",
                "",
                "import static dev.weft.Await.await;",
                "",
                "public class Noisy implements Serializable {",
                "    private static final long serialVersionUID = 1L;",
                "",
                "    /** Old. @deprecated use something else */",
                "    @Deprecated",
                "    @Async",
                "    public Task<Integer> old() {",
                "        return Task.of(await(Task.of(1)));",
                "    }",
                "",
                "    @SafeVarargs",
                "    @Async",
                "    public static <T> Task<Integer> count(T... xs) {",
                "        await(Task.done());",
                "        return Task.of(xs.length);",
                "    }",
                "",
                "    @Async",
                "    @SuppressWarnings({\"unchecked\", \"rawtypes\", \"fallthrough\"})",
                "    public Task<Integer> raw(Object o) {",
                "        List raw = new ArrayList();",
                "        raw.add(await(Task.of(o)));",
                "        List<String> typed = (List<String>) raw;",
                "        int state = 0;",
                "        switch (typed.size()) {",
                "            case 1: state++;",
                "            // falls through",
                "            default: state++;",
                "        }",
                "        return Task.of(state + await(Task.of(typed.size())));",
                "    }",
                "",
                "    @Async",
                "    public Task<Integer> uses() {",
                "        return Task.of(await(count(List.of(1), List.of(2))) + await(Helper.one()));",
                "    }",
                "}",
                "",
                "class Helper {",
                "    static Task<Integer> one() { return Task.of(1); }",
                "}",
                "")));
        assertClean(c);
    }

    /**
     * A sealed class that permits its {@code Foo_Async} (the name exists only once weft has
     * written it): {@code Foo_Async} is {@code non-sealed}, and code that tells the permitted
     * classes apart compiles and runs, in the body too ({@code this instanceof Circle}: in the
     * state machine {@code this} is a {@code Shape_Async}, which no {@code Circle} can be, so it
     * is tested as a {@code Shape}).
     */
    @Test
    void aSealedClassThatPermitsFooAsyncGetsIt() throws Exception {
        Compilation c = compile(JavaFileObjects.forSourceString("g.Shape", String.join("\n",
                "package g;",
                "",
                "import dev.weft.Task;",
                "import dev.weft.annotation.Async;",
                "",
                "import static dev.weft.Await.await;",
                "",
                "public sealed class Shape permits Shape.Circle, Shape_Async {",
                "    @SuppressWarnings(\"weft.inherited-async\") // sides() on a Circle is the original",
                "    public static final class Circle extends Shape {",
                "    }",
                "",
                "    @Async",
                "    public Task<Integer> sides() {",
                "        Circle circle = this instanceof Circle ? (Circle) this : null;",
                "        return Task.of(await(Task.of(circle != null ? 0 : 3)));",
                "    }",
                "",
                "    public static String main() {",
                "        Shape shape = new Shape_Async();",
                "        String kind = shape instanceof Circle ? \"circle\" : shape instanceof Shape_Async ? \"async\" : \"?\";",
                "        return kind + \" \" + dev.weft.EventLoop.run(() -> shape.sides());",
                "    }",
                "}",
                "")));
        assertClean(c);
        assertWithMessage("result").that(run(c, "g.Shape", "main")).isEqualTo("async 3");
        assertThat(CompileSupport.generatedSources(c)).contains("public non-sealed class Shape_Async extends Shape {");
    }

    /**
     * {@code -Xdoclint}, javac's check of doc comments, on a fully documented class: Foo_Async's
     * own comments link to names that resolve (a broken link is an error, warnings as errors or
     * not), and its public members (the class, constructors, static methods) have comments with
     * every tag, as javadoc asks. javac 18 and later honour Foo_Async's
     * {@code @SuppressWarnings("doclint")} for its private members too; javac 17 is checked at
     * javadoc's level, {@code /protected} (README: its private members have no comment of their own).
     */
    @Test
    void docCommentChecksFindNothingInGeneratedCode() {
        JavaFileObject documented = JavaFileObjects.forSourceString("g.Documented", String.join("\n",
                "package g;",
                "",
                "import dev.weft.Task;",
                "import dev.weft.annotation.Async;",
                "import java.util.List;",
                "import java.util.Map;",
                "",
                "import static dev.weft.Await.await;",
                "",
                "/** Holds a service. */",
                "public class Documented {",
                "    /** None. */",
                "    private Documented() {}",
                "",
                "    /** A service. */",
                "    public static class Service {",
                "        /** Makes one. */",
                "        public Service() {}",
                "",
                "        /**",
                "         * Counts.",
                "         *",
                "         * @param entry what to count",
                "         * @param rest more",
                "         * @return how many",
                "         */",
                "        @Async",
                "        public Task<Integer> count(Map.Entry<String, Request> entry, List<?>... rest) {",
                "            return Task.of(await(Task.of(rest.length)) + entry.getKey().length());",
                "        }",
                "",
                "        /**",
                "         * Names.",
                "         *",
                "         * @param <T> the kind",
                "         * @param t one",
                "         * @return its name",
                "         */",
                "        @Async",
                "        public static <T extends Comparable<T>> Task<String> name(T t) {",
                "            return Task.of(await(Task.of(String.valueOf(t))));",
                "        }",
                "    }",
                "",
                "    /** A request. */",
                "    public static final class Request {",
                "        /** None. */",
                "        private Request() {}",
                "    }",
                "}",
                ""));
        List<String> options = new ArrayList<>(STRICT);
        options.add(Runtime.version().feature() >= 18 ? "-Xdoclint:all" : "-Xdoclint:all/protected");
        assertClean(javac().withProcessors(new WeftProcessor()).withOptions(options).compile(documented));
    }

    /** The user's own warning is reported once, on the user's line, not again from the copy. */
    @Test
    void theUsersWarningsAppearOnceOnTheirLines() {
        Compilation c = javac().withProcessors(new WeftProcessor()).withOptions("-Xlint:all")
                .compile(JavaFileObjects.forSourceString("g.Warns", String.join("\n",
                        "package g;",
                        "",
                        "import dev.weft.Task;",
                        "import dev.weft.annotation.Async;",
                        "import java.util.List;",
                        "",
                        "import static dev.weft.Await.await;",
                        "",
                        "public class Warns {",
                        "    @Async",
                        "    public Task<Integer> size(Object o) {",
                        "        List<String> xs = (List<String>) o;", // line 12: [unchecked]
                        "        await(Task.done());",
                        "        int n = (int) xs.size();", // line 14: [cast]
                        "        return Task.of(n);",
                        "    }",
                        "}",
                        "")));
        List<String> d = diagnostics(c);
        assertWithMessage("diagnostics").that(d).hasSize(2);
        assertWithMessage("diagnostics").that(d.get(0)).contains("WARNING Warns.java:12 compiler.warn.prob.found.req");
        assertWithMessage("diagnostics").that(d.get(1)).contains("WARNING Warns.java:14 compiler.warn.redundant.cast");
    }

    /**
     * When weft's own attribution cannot resolve a name that the user's compilation resolves
     * (here an export that only a javac option grants), the method cannot be transformed: that
     * is a compile error on the method, never a method that fails only when it runs.
     */
    @Test
    void aNameOnlyTheUsersCompilationResolvesIsACompileError() {
        Compilation c = javac().withProcessors(new WeftProcessor())
                .withOptions("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED")
                .compile(JavaFileObjects.forSourceString("g.Internal", String.join("\n",
                        "package g;",
                        "",
                        "import dev.weft.Task;",
                        "import dev.weft.annotation.Async;",
                        "",
                        "import static dev.weft.Await.await;",
                        "",
                        "public class Internal {",
                        "    @Async",
                        "    public Task<Boolean> booted() {",
                        "        await(Task.done());",
                        "        return Task.of(jdk.internal.misc.VM.isBooted());",
                        "    }",
                        "}",
                        "")));
        List<String> errors = new ArrayList<>();
        for (String d : diagnostics(c)) {
            if (d.startsWith("ERROR")) {
                errors.add(d);
            }
        }
        assertWithMessage("errors").that(errors).hasSize(1);
        assertWithMessage("errors").that(errors.get(0)).contains("Internal.java:10 ");
        assertWithMessage("errors").that(errors.get(0)).contains("[weft.shadow-mismatch]");
    }

    /**
     * A processor that runs after weft and would take {@code @Async} too: it records what each
     * round offers it, and claims it.
     */
    static final class Recorder extends AbstractProcessor {
        final Set<String> offered = new LinkedHashSet<>();

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("dev.weft.annotation.Async", "g.Tagged.Mine");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            annotations.forEach(a -> offered.add(a.getQualifiedName().toString()));
            return true;
        }
    }

    @Test
    void weftClaimsAsyncAndLeavesOtherAnnotationsToOthers() {
        Recorder recorder = new Recorder();
        Compilation c = javac().withProcessors(new WeftProcessor(), recorder).withOptions(STRICT)
                .compile(JavaFileObjects.forSourceString("g.Tagged", String.join("\n",
                        "package g;",
                        "",
                        "import dev.weft.Task;",
                        "import dev.weft.annotation.Async;",
                        "import java.lang.annotation.Retention;",
                        "import java.lang.annotation.RetentionPolicy;",
                        "",
                        "public class Tagged {",
                        "    @Retention(RetentionPolicy.SOURCE) @interface Mine {}",
                        "",
                        "    @Mine",
                        "    @Async",
                        "    public Task<Integer> one() {",
                        "        return Task.of(1);",
                        "    }",
                        "}",
                        "")));
        // -Xlint:processing is part of -Xlint:all: "no processor claimed" would fail -Werror
        assertWithMessage("diagnostics").that(diagnostics(c)).isEmpty();
        assertWithMessage("what a later processor was offered").that(recorder.offered)
                .containsExactly("g.Tagged.Mine");
    }

    /** A class {@code g.<name>} with nothing in it. */
    private static JavaFileObject emptyClass(String pkg, String name) {
        return JavaFileObjects.forSourceString(pkg + "." + name, "package " + pkg + ";\npublic class " + name + " { }\n");
    }

    /**
     * The names weft writes for itself ({@code Override}, {@code Throwable}, {@code String},
     * {@code MethodHandles}, a {@code Bar_Async} of another package) must mean what weft means
     * wherever the user's code takes them: classes of the user's package, a package imported on
     * demand, member classes the user's class inherits, a field named {@code java}, a parameter
     * named like the package of a class whose static {@code @Async} method is called.
     */
    @Test
    void namesTheUsersCodeTakesDoNotChangeTheGeneratedCode() throws Exception {
        List<JavaFileObject> sources = new ArrayList<>();
        for (String name : List.of("Override", "SuppressWarnings", "Deprecated", "SafeVarargs", "Throwable",
                "Object", "AssertionError", "IllegalStateException", "IncompatibleClassChangeError",
                "ReflectiveOperationException", "ExceptionInInitializerError", "MethodHandle", "MethodHandles",
                "MethodType")) {
            sources.add(emptyClass("g", name));
        }
        sources.add(emptyClass("lib", "String")); // reaches Svc through import lib.*, as java.lang's String does
        sources.add(JavaFileObjects.forSourceString("lib.Util", String.join("\n",
                "package lib;",
                "",
                "import dev.weft.Task;",
                "import dev.weft.Tasks;",
                "import dev.weft.annotation.Async;",
                "",
                "import static dev.weft.Await.await;",
                "",
                "public class Util {",
                "    @Async",
                "    public static Task<Integer> twice(int n) {",
                "        await(Tasks.yieldNow());",
                "        return Task.of(2 * n);",
                "    }",
                "}",
                "")));
        sources.add(JavaFileObjects.forSourceString("g.Base", String.join("\n",
                "package g;",
                "",
                "public class Base {",
                "    protected static class Throwable { }",
                "    protected java.lang.String java = \"j\";", // hides the package java in expressions
                "}",
                "")));
        sources.add(JavaFileObjects.forSourceString("g.Svc", String.join("\n",
                "package g;",
                "",
                "import dev.weft.Task;",
                "import dev.weft.Tasks;",
                "import dev.weft.annotation.Async;",
                "import lib.*;",
                "",
                "import static dev.weft.Await.await;",
                "",
                "public class Svc extends Base {",
                "    private int calls;", // read through a MethodHandle
                "",
                "    @Async",
                "    public Task<java.lang.String> run(int lib) throws Exception {",
                "        java.lang.StringBuilder out = new java.lang.StringBuilder(java);",
                "        try (java.io.StringReader r = new java.io.StringReader(\"r\")) {",
                "            await(Tasks.yieldNow());",
                "            out.append((char) r.read());",
                "        } finally {",
                "            calls++;",
                "        }",
                "        assert calls == 1 : \"once\";",
                "        out.append(await(Util.twice(lib))).append(calls);",
                "        return Task.of(out.toString());",
                "    }",
                "",
                "    public static java.lang.String main() throws Exception {",
                "        return dev.weft.EventLoop.run(() -> new Svc_Async().run(21));",
                "    }",
                "}",
                "")));
        Compilation c = compile(sources.toArray(new JavaFileObject[0]));
        assertClean(c);
        assertWithMessage("result").that(run(c, "g.Svc", "main")).isEqualTo("jr421");
    }
}
