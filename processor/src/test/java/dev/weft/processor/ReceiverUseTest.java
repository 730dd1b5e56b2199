package dev.weft.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The state machine of an instance method whose body does not use its object is a static nested
 * class (no reference to the user's object in a suspended task); every way a body can use the
 * object keeps it an inner class. Each method is compiled and run: a use weft missed would be a
 * compile error in the generated code.
 */
class ReceiverUseTest {
    static final String SVC = String.join("\n",
            "package r;",
            "import dev.weft.Task;",
            "import dev.weft.annotation.Async;",
            "import java.util.function.IntSupplier;",
            "import java.util.function.IntUnaryOperator;",
            "import static dev.weft.Await.await;",
            "class Base { int inherited = 40; public String toString() { return \"base\"; } }",
            "public class Svc extends Base {",
            "    static final int BASE = 100;",
            "    static int twice(int v) { return 2 * v; }",
            "    record Pair(int a, int b) { int sum() { return a + b; } }",
            "    static class Nested { final int v; Nested(int v) { this.v = v; } }",
            "    class Inner { int v() { return field; } }",
            "    int field = 7;",
            "    int helper() { return 3; }",
            "    static Task<Integer> t(int v) { return Task.of(v); }",
            "    private static int counter;", // private: the generated class reaches these through handles
            "    private static int bump(int v) { return v + 1; }",
            "    private int secret = 9;",
            "",
            "    @Async public Task<Integer> pure(int n) {", // static: only static members, locals, lambdas
            "        IntUnaryOperator f = v -> v + BASE;",
            "        java.util.function.BinaryOperator<Integer> add = Integer::sum;",
            "        int x = await(t(n));",
            "        Pair p = new Pair(x, twice(x));",
            "        counter = counter + await(t(2));",
            "        return Task.of(add.apply(f.applyAsInt(p.sum()), new Nested(await(t(1))).v) + bump(counter));",
            "    }",
            "    @Async public Task<Integer> readsPrivate() { await(t(0)); return Task.of(secret); }",
            "    @Async public Task<Integer> readsField() { await(t(0)); return Task.of(field); }",
            "    @Async public Task<Integer> readsInherited() { await(t(0)); return Task.of(inherited); }",
            "    @Async public Task<Integer> callsHelper() { await(t(0)); return Task.of(helper()); }",
            "    @Async public Task<Integer> usesThis() { Svc s = this; await(t(0)); return Task.of(s.field); }",
            "    @Async public Task<Integer> usesQualifiedThis() { await(t(0)); return Task.of(Svc.this.field + 1); }",
            "    @Async public Task<Integer> callsSuper() { await(t(0)); return Task.of(super.toString().length()); }",
            "    @Async public Task<Integer> makesInner() { await(t(0)); return Task.of(new Inner().v()); }",
            "    @Async public Task<Integer> refersInnerNew() {",
            "        java.util.function.Supplier<Inner> s = Inner::new; await(t(0)); return Task.of(s.get().v() + 1);",
            "    }",
            "    @Async public Task<Integer> lambdaReadsField() {",
            "        IntSupplier s = () -> field * 2; await(t(0)); return Task.of(s.getAsInt());",
            "    }",
            "    @Async public Task<Integer> anonymousClass() {",
            "        IntSupplier s = new IntSupplier() { public int getAsInt() { return 5; } };",
            "        await(t(0)); return Task.of(s.getAsInt());",
            "    }",
            "    @Async public static Task<Integer> staticMethod() { await(t(0)); return Task.of(BASE); }",
            "}");

    static final String BOX = String.join("\n",
            "package r;",
            "import dev.weft.Task;",
            "import dev.weft.annotation.Async;",
            "import static dev.weft.Await.await;",
            "public class Box<T> {",
            "    @Async public Task<Integer> size(java.util.List<T> items) {", // names T: must stay inner
            "        T first = items.get(0); await(Task.of(0)); return Task.of(items.size() + (first == null ? 0 : 1));",
            "    }",
            "}");

    @Test
    void machinesHoldTheObjectOnlyWhenTheBodyUsesIt() throws Exception {
        Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(new WeftProcessor())
                .compile(JavaFileObjects.forSourceString("r.Svc", SVC), JavaFileObjects.forSourceString("r.Box", BOX));
        assertWithMessage(CompileSupport.errors(c) + "\n" + CompileSupport.generatedSources(c))
                .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        ClassLoader loader = CompileSupport.loader(c);
        Class<?> svc = loader.loadClass("r.Svc_Async");
        Object instance = svc.getConstructor().newInstance();

        Map<String, Integer> results = new TreeMap<>();
        Map<String, Boolean> isStatic = new TreeMap<>();
        for (String method : new String[] {"pure", "readsPrivate", "readsField", "readsInherited", "callsHelper", "usesThis",
                "usesQualifiedThis", "callsSuper", "makesInner", "refersInnerNew", "lambdaReadsField",
                "anonymousClass", "staticMethod"}) {
            String machine = Character.toUpperCase(method.charAt(0)) + method.substring(1);
            isStatic.put(method, Modifier.isStatic(loader.loadClass("r.Svc_Async$" + machine).getModifiers()));
            Object[] args = method.equals("pure") ? new Object[] {1} : new Object[0];
            results.put(method, CompileSupport.run(svc, instance, method, args));
        }
        assertThat(results).containsExactly("pure", 2 * 1 + 1 + 100 + 1 + 3, "readsPrivate", 9, "readsField", 7, "readsInherited", 40,
                "callsHelper", 3, "usesThis", 7, "usesQualifiedThis", 8, "callsSuper", 4, "makesInner", 7,
                "refersInnerNew", 8, "lambdaReadsField", 14, "anonymousClass", 5, "staticMethod", 100);
        // pure(1): x = 1, p = (1, 2), f(3) = 103, plus 1, plus bump(0 + 2)
        assertThat(isStatic).containsExactly("pure", true, "readsPrivate", false, "readsField", false, "readsInherited", false,
                "callsHelper", false, "usesThis", false, "usesQualifiedThis", false, "callsSuper", false,
                "makesInner", false, "refersInnerNew", false, "lambdaReadsField", false,
                "anonymousClass", false, "staticMethod", true);

        Class<?> box = loader.loadClass("r.Box_Async");
        assertThat(Modifier.isStatic(loader.loadClass("r.Box_Async$Size").getModifiers())).isFalse();
        Object b = box.getConstructor().newInstance();
        int size = CompileSupport.run(box, b, "size", java.util.List.of("a", "b"));
        assertThat(size).isEqualTo(3);
    }
}
