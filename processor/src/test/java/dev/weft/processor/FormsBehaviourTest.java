package dev.weft.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The forms an outside generator of random programs and real library code found broken (issue
 * 15), each with its siblings: declarators of every kind living across awaits, labels on every
 * statement kind, captures by local classes and lambdas, values of types that cannot be named,
 * poly expressions moved away from their call. Each body is compiled on its own, so that one
 * failure does not hide another, and run through the state machine and synchronously.
 */
class FormsBehaviourTest {
    static final List<String> BODIES = List.of(
            // 0 array initializers hoisted: declaration, C-style, several declarators
            "int[] z = {1, f(2)}; await(t(0)); log(z[1]); int a[] = {3}, b = await(t(4)), c = a[0] + b;"
                    + " await(t(0)); log(a[0] + b + c); int[][] g = {{1}, {f(2), 3}}; await(t(0)); log(g[1][0]);"
                    + " return Task.of(\"d\" + z.length);",
            // 1 nested initializers around an await: the inner ones before it are spilled
            "int[][] m = new int[][] {{f(1)}, {await(t(2))}, {3}}; log(m[0][0] + m[1][0]);"
                    + " String[][] s = {{s(\"x\")}, {await(t(\"y\")), s(\"z\")}}; return Task.of(\"m\" + m.length + s[1][1]);",
            // 2 var of an anonymous class across awaits, used through its supertype
            "var o = new Runnable() { int n = f(7); public void run() { log(\"run\" + n); } }; await(t(0)); o.run();"
                    + " var w = b(true) ? new ArrayList<String>() : new LinkedList<String>(); await(t(0)); w.add(\"x\");"
                    + " log(w); return Task.of(\"v\");",
            // 3 final, annotated and var declarations across awaits
            "@SuppressWarnings(\"unused\") final int q = await(t(5)); final var w = \"w\" + q; await(t(0));"
                    + " log(q + w); return Task.of(w);",
            // 4 a label on a for-each over an initializer with an await
            "L: for (int a : new int[] {3, await(t(4)), 5}) { if (b(a > 4)) break L; log(a); } return Task.of(\"l\");",
            // 5 labels on blocks, ifs, whiles, dos, switches, tries and on each other
            "A: { B: if (b(true)) { await(t(1)); if (b(true)) break A; } log(\"no\"); }"
                    + " int i = 0; W: while (i < 5) { i++; D: do { if (await(t(i)) == 2) continue W; if (i == 4) break W; break D; } while (true); log(i); }"
                    + " S: switch (f(1)) { case 1: await(t(0)); if (b(true)) break S; log(\"no\"); default: log(\"d\"); }"
                    + " T: try { await(t(2)); if (b(true)) break T; log(\"no\"); } finally { log(\"fin\"); }"
                    + " X: Y: for (int k = 0; k < 3; k++) { await(t(k)); if (k == 1) continue Y; if (k == 2) break X; }"
                    + " E: log(\"expr\"); return Task.of(\"i\" + i);",
            // 6 a label targeted from copied code inside a lowered loop
            "int n = 0; O: for (int i = 0; i < 3; i++) { await(t(i)); for (int j = 0; j < 3; j++) { if (j == i) continue O;"
                    + " if (i == 2) break O; n += j; } } return Task.of(\"n\" + n);",
            // 7 a local class capturing locals, with awaits before and after
            "int k = f(1); String p = await(t(\"p\")); class C { int g() { return k + p.length(); } } C c = new C();"
                    + " await(t(0)); log(c.g()); return Task.of(\"c\" + c.g());",
            // 8 local records and enums as arguments beside an await
            "record R(int x) { } enum E { ONE, TWO } log(sum(new R(f(1)).x(), await(t(2)), E.TWO.ordinal()));"
                    + " R r = new R(await(t(3))); await(t(0)); log(r); return Task.of(\"r\" + r.x());",
            // 9 two lambdas in separate statements of one loop body capturing one hoisted local
            "for (int i = 0; i < 3; i++) { int h = await(t(i)); later.add(() -> log(\"a\" + h)); later.add(() -> log(\"b\" + h)); }"
                    + " for (int i = 0; i < 2; i++) { int h2 = i * 10; later.add(() -> log(h2)); await(t(i)); later.add(() -> log(h2 + 1)); }"
                    + " for (Runnable r : later) r.run(); return Task.of(\"l\" + later.size());",
            // 10 an awaited multi-catch parameter
            "try { if (b(true)) throw new IllegalStateException(\"x\"); } catch (IllegalStateException | IllegalArgumentException e) {"
                    + " log(await(t(name(e)))); } try { await(t(0)); throw new IllegalArgumentException(\"y\"); }"
                    + " catch (IllegalStateException | IllegalArgumentException e) { throw new UnsupportedOperationException(await(t(e.getMessage()))); }",
            // 11 an instanceof pattern variable used after an await
            "Object o = s(\"pat\"); if (o instanceof String str) { await(t(0)); log(str.length()); }"
                    + " if (!(o instanceof String s2)) { return Task.of(\"no\"); } await(t(1)); return Task.of(s2 + await(t(\"!\")));",
            // 12 an await inside assert (assertions are off: neither version evaluates it)
            "assert await(t(true)) : \"m\"; await(t(1)); assert b(await(t(false))) || true; return Task.of(\"a\");",
            // 13 poly expressions beside an await keep the type their call gives them
            "java.util.function.BiFunction<java.util.function.Function<String, Integer>, Integer, Integer> ap = (fn, v) -> fn.apply(\"ab\") + v;"
                    + " log(ap.apply(String::length, await(t(3)))); java.util.function.Consumer<String> h = b(true) ? this::log : null;"
                    + " java.util.Map<String, Integer> m = java.util.stream.Stream.of(\"x\", \"yy\").collect("
                    + "java.util.stream.Collectors.toMap(java.util.function.Function.identity(), String::length));"
                    + " log(java.util.Objects.requireNonNullElse(b(false) ? null : m, java.util.Map.of(\"k\", await(t(1)))));"
                    + " java.util.Optional.ofNullable(b(true) ? h : null).ifPresent(x -> x.accept(\"c\")); await(t(0));"
                    + " List<String> e = Collections.emptyList(); log(e.size() + await(t(Collections.<String>emptyList())).size()); return Task.of(\"p\");",
            // 14 an iterator of a wildcard-capture type living across awaits
            "Map<String, ? extends Number> nums = new TreeMap<>(Map.of(\"a\", 1, \"b\", 2)); var it = nums.entrySet().iterator();"
                    + " while (it.hasNext()) { var e = it.next(); await(t(0)); log(e.getKey() + e.getValue().intValue()); }"
                    + " List<? extends CharSequence> cs = List.of(\"q\"); for (var x : cs) { await(t(0)); log(x.length()); } return Task.of(\"w\");",
            // 15 var of an anonymous class used through its own members, with constructor arguments
            // (one awaited), capturing locals; var of an intersection type used through each bound
            "int k = f(3); var c = new Object() { int n = k; int bump() { return n += k; } }; await(t(0)); c.bump(); log(c.n);"
                    + " var l = new ArrayList<String>(await(t(4))) { String firstOr(String d) { return isEmpty() ? d : get(0); } };"
                    + " l.add(s(\"e\")); await(t(0)); log(l.firstOr(\"none\") + c.bump());"
                    + " var r = b(true) ? (Runnable & java.io.Serializable) () -> log(\"ran\") : null; await(t(0)); r.run();"
                    + " java.io.Serializable ser = r; log(ser != null); r = null; await(t(0)); log(r == null); return Task.of(\"a\" + c.n);",
            // 16 two local classes of one name, each capturing and followed by awaits; a local class
            // using another that moved
            "int k = f(2); { class C { final int x; C(int x) { this.x = x; } int g() { return x + k; } C twin() { return new C(x * 2); } }"
                    + " C c = new C(1); await(t(0)); log(c.twin().g()); } { String s = s(\"s\"); class C { String g() { return s + k; } }"
                    + " C c = new C(); await(t(0)); C[] cs = {c, new C()}; log(cs[1].g()); }"
                    + " class A { int v() { return 1; } } class B { int w() { return new A().v() + k; } } await(t(0));"
                    + " return Task.of(\"b\" + new B().w());"
    );

    /**
     * Protected members inherited from a class of another package, read through another
     * instance: {@code Foo_Async} may not do that directly (JLS 6.6.2.1), so it goes through
     * handles looked up in {@code Foo}; nor at all from a static method's holder class.
     */
    @Test
    void protectedMembersOfAnotherPackageWork() throws Exception {
        Compilation c = CompileSupport.compile(
                com.google.testing.compile.JavaFileObjects.forSourceString("p2.Base", String.join("\n",
                        "package p2;",
                        "public class Base {",
                        "    protected int count;",
                        "    protected static int total = 100;",
                        "    protected int bump(int by) { count += by; return count; }",
                        "}")),
                com.google.testing.compile.JavaFileObjects.forSourceString("p1.Foo", String.join("\n",
                        "package p1;",
                        "import dev.weft.EventLoop;",
                        "import dev.weft.Task;",
                        "import dev.weft.annotation.Async;",
                        "import p2.Base;",
                        "import static dev.weft.Await.await;",
                        "public class Foo extends Base {",
                        "    @Async",
                        "    public Task<String> pair(Foo other) {",
                        "        other.count = await(Task.of(5));",
                        "        other.count += 2;",
                        "        other.count++;",
                        "        int b = other.bump(await(Task.of(1)));",
                        "        count = total + other.count;",
                        "        return Task.of(other.count + \" \" + b + \" \" + count + \" \" + this.bump(1));",
                        "    }",
                        "    @Async",
                        "    public static Task<Integer> statically(Foo f) {",
                        "        await(Task.done());",
                        "        return Task.of(total + f.count);",
                        "    }",
                        "    public static String main() {",
                        "        Foo a = new Foo_Async();",
                        "        return EventLoop.run(() -> a.pair(new Foo())) + \" \" + EventLoop.run(() -> Foo_Async.statically(a));",
                        "    }",
                        "}")));
        assertWithMessage(CompileSupport.errors(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        Object result = CompileSupport.loader(c).loadClass("p1.Foo").getMethod("main").invoke(null);
        // count 5, +2, ++, bump(1): 9; this.count = 100 + 9, then bump(1); 100 + 110
        assertWithMessage("result").that(result).isEqualTo("9 9 109 110 210");
    }

    /**
     * A body with more awaits than one method can hold once lowered (the JVM's 64 KiB per
     * method): resume() is split into methods by ranges of states, and loops, a try/catch and
     * a failure at an await still cross from one range to another as in the original.
     */
    @Test
    void aMethodTooLargeForOneResumeIsSplit() throws Exception {
        StringBuilder body = new StringBuilder("int n = 0; for (int i = 0; i < 2; i++) { try {");
        for (int k = 0; k < 700; k++) {
            body.append(" n += await(t(").append(k % 7).append("));");
        }
        body.append(" } catch (IllegalStateException e) { log(\"caught \" + n); } log(i); } return Task.of(\"n\" + n);");
        Compilation c = DifferentialCase.compileAll(List.of(body.toString()), "String", "");
        assertWithMessage(CompileSupport.errors(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        assertWithMessage("resume() split").that(CompileSupport.generatedSources(c)).contains("private boolean resume$1()");
        ClassLoader loader = CompileSupport.loader(c);
        for (int at : new int[] {-1, 3, 450, 1000, 1399}) {
            assertWithMessage("failing at await " + at).that(DifferentialCase.compare(loader, 0, new Object[0], at, false))
                    .isNull();
        }
    }

    /** A first try-out: one file, no package. */
    @Test
    void theUnnamedPackageWorks() throws Exception {
        Compilation c = CompileSupport.compile(com.google.testing.compile.JavaFileObjects.forSourceString("Hello",
                String.join("\n",
                        "import dev.weft.EventLoop;",
                        "import dev.weft.Task;",
                        "import dev.weft.Tasks;",
                        "import dev.weft.annotation.Async;",
                        "",
                        "import static dev.weft.Await.await;",
                        "",
                        "public class Hello {",
                        "    @Async",
                        "    public Task<String> hi(String name) {",
                        "        await(Tasks.yieldNow());",
                        "        return Task.of(\"hi \" + name);",
                        "    }",
                        "",
                        "    public static String main() {",
                        "        return EventLoop.run(() -> new Hello_Async().hi(\"there\"));",
                        "    }",
                        "}")));
        assertWithMessage(CompileSupport.errors(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        assertWithMessage("result").that(CompileSupport.loader(c).loadClass("Hello").getMethod("main").invoke(null))
                .isEqualTo("hi there");
    }

    @Test
    void eachFormAgreesWithTheSynchronousRun() throws Exception {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < BODIES.size(); i++) {
            Compilation c = DifferentialCase.compileAll(List.of(BODIES.get(i)), "String", "");
            if (c.status() != Compilation.Status.SUCCESS) {
                failures.add("body " + i + " does not compile: " + BODIES.get(i) + "\n" + CompileSupport.errors(c));
                continue;
            }
            ClassLoader loader = CompileSupport.loader(c);
            int awaits = DifferentialCase.awaitCount(loader, 0, new Object[0]);
            for (int at = -1; at < awaits; at++) {
                String diff = DifferentialCase.compare(loader, 0, new Object[0], at, false);
                if (diff != null) {
                    failures.add("body " + i + (at < 0 ? "" : " failing at await " + at) + ": " + BODIES.get(i) + "\n " + diff);
                }
            }
        }
        assertWithMessage(String.join("\n\n", failures)).that(failures).isEmpty();
    }
}
