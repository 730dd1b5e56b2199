package dev.weft.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each construct of issue 3, run through the state machine on the event loop and synchronously;
 * the traces must agree.
 */
class BehaviourTest {
    static final List<String> BODIES = List.of(
            // 0 straight line, declarations, expression statements
            "int x = await(t(1)); log(x); await(t(2)); String s = \"v\" + await(t(3)); log(s); return Task.of(s + x);",
            // 1 arguments keep left-to-right order; varargs
            "log(sum(f(1), await(t(2)), f(3))); log(sum()); log(sum(await(t(4)))); return Task.of(\"\" + f(await(t(5))));",
            // 2 ?: && || short-circuit
            "boolean a = b(false) && await(t(true)); boolean c = b(true) || await(t(false));"
                    + " boolean d = b(true) && await(t(true)); int e = b(d) ? await(t(1)) : f(2);"
                    + " int g = b(!d) ? f(3) : await(t(4)); return Task.of(a + \" \" + c + \" \" + d + e + g);",
            // 3 compound assignment, ++/--, fields and arrays
            "int x = 1; x += await(t(5)); field += await(t(2)); field -= f(1) + await(t(1)); arr[f(1)] = await(t(7));"
                    + " arr[await(t(2))]++; arr[f(3)] += await(t(4)); x *= field; String s = \"a\"; s += await(t(\"b\"));"
                    + " return Task.of(x + s + Arrays.toString(arr) + field);",
            // 4 if / else with awaits in condition and branches
            "int r = 0; if (await(t(true))) { r += await(t(1)); } else { r -= 1; }"
                    + " if (await(t(false))) r = 100; else if (b(r > 0)) { r += await(t(10)); } else { r = -1; }"
                    + " if (r > 5) { return Task.of(\"big\" + r); } return Task.of(\"small\" + r);",
            // 5 while, do, for with awaits in conditions and updates
            "int i = 0; while (await(t(i)) < 3) { log(i); i++; }"
                    + " do { i += await(t(2)); } while (i < 10);"
                    + " for (int j = await(t(0)); j < await(t(3)); j += await(t(1))) { log(\"j\" + j); }"
                    + " for (int k = 0; k < 3; k++) { if (k == 1) continue; log(await(t(k))); }"
                    + " return Task.of(\"i\" + i);",
            // 6 enhanced for over arrays and Iterables, lambdas capture the iteration's value
            "List<Runnable> rs = new ArrayList<>(); for (String s : List.of(\"a\", \"b\", \"c\")) {"
                    + " String u = await(t(s)); rs.add(() -> log(u + s)); }"
                    + " for (int v : new int[] {4, 5}) { int w = await(t(v)); rs.add(() -> log(w)); log(v); }"
                    + " for (Runnable r : rs) r.run(); return Task.of(\"n\" + rs.size());",
            // 7 classic switch with fall-through and arrow switch
            "StringBuilder sb = new StringBuilder(); for (int i = 0; i < 5; i++) {"
                    + " switch (await(t(i))) { case 0: sb.append('z'); case 1: sb.append(await(t(\"o\"))); break;"
                    + " case 3: { sb.append(await(t(\"t\"))); continue; } default: sb.append('d'); }"
                    + " switch (i) { case 1 -> sb.append(await(t(\"A\"))); case 2, 4 -> { sb.append('B'); } default -> sb.append(f(i)); } }"
                    + " return Task.of(sb.toString());",
            // 8 switch expressions with yield
            "int acc = 0; for (int i = 0; i < 4; i++) { acc += switch (i) { case 0 -> await(t(10)); case 1 -> f(1);"
                    + " case 2 -> { int q = await(t(5)); yield q * 2; } default -> { if (b(acc > 100)) yield 0; yield await(t(3)); } }; }"
                    + " String s = switch (await(t(\"x\"))) { case \"x\": log(\"X\"); yield \"ex\"; default: yield \"other\"; };"
                    + " return Task.of(s + acc);",
            // 9 labeled break / continue across loops
            "int n = 0; outer: for (int i = 0; i < 4; i++) { inner: for (int j = 0; j < 4; j++) {"
                    + " if (j == 2) continue outer; if (i == 3) break outer; n += await(t(j)); if (n > 20) break inner;"
                    + " while (true) { if (b(true)) break; } } log(\"i\" + i); }"
                    + " block: { if (await(t(true))) break block; log(\"unreached\"); } return Task.of(\"n\" + n);",
            // 10 return and throw anywhere
            "for (int i = 0; ; i++) { if (await(t(i)) == 3) { throw new IllegalStateException(\"boom\" + i); } if (i > 10) return Task.of(\"no\"); }",
            // 11 nested awaits and string concatenation
            "String s = \"a\" + await(t(\"b\" + await(t(\"c\")))) + f(1) + await(t(2)); return t(s + await(t(await(t(3)) + 1)));",
            // 12 var, generics, non-denotable types
            "var list = await(t(new ArrayList<String>())); list.add(await(t(\"x\"))); var m = new HashMap<String, List<String>>();"
                    + " m.put(\"k\", list); for (var e : m.entrySet()) { log(e.getKey() + await(t(e.getValue().size()))); }"
                    + " List<? extends Number> nums = List.of(1, 2); Number first = await(t(nums.get(0))); return Task.of(list + \"\" + first);",
            // 13 do-while with continue and labeled statement
            "int i = 0; do { i++; if (i % 2 == 0) continue; log(await(t(i))); } while (i < 6); return Task.of(\"d\" + i);",
            // 14 recursion through @Async calls from the body
            "int x = await(later(3)) + await(sleepy(4)); return Task.of(\"r\" + x);",
            // 15 constant locals across awaits stay constants (case labels)
            "final int K = 2; final String S = \"k\"; await(t(1)); int r = 0; for (int i = 0; i < 4; i++) {"
                    + " switch (i) { case K: r += await(t(K)); break; case K + 1: log(S); break; default: r++; } }"
                    + " switch (await(t(\"k\"))) { case S -> log(\"S\"); default -> log(\"?\"); } return Task.of(S + r);"
    );

    @Test
    void everyConstructAgreesWithTheSynchronousRun() throws Exception {
        Compilation c = DifferentialCase.compileAll(BODIES, "String", "");
        assertWithMessage(CompileSupport.errors(c) + "\n" + CompileSupport.generatedSources(c))
                .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        ClassLoader loader = CompileSupport.loader(c);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < BODIES.size(); i++) {
            String diff = DifferentialCase.compare(loader, i, new Object[0]);
            if (diff != null) {
                failures.add("body " + i + ": " + BODIES.get(i) + "\n " + diff);
            }
        }
        assertWithMessage(String.join("\n\n", failures)).that(failures).isEmpty();
    }

    /** good/Secrets.java: private fields, methods, constructors and constants, through handles. */
    @Test
    void privateMembersWorkThroughHandles() throws Exception {
        java.nio.file.Path file = GoldenTest.RESOURCES.resolve("good/Secrets.java");
        Compilation c = CompileSupport.compile(com.google.testing.compile.JavaFileObjects.forSourceString(
                "demo.Secrets", java.nio.file.Files.readString(file)));
        assertWithMessage(CompileSupport.errors(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        Class<?> type = CompileSupport.loader(c).loadClass("demo.Secrets_Async");
        Object secrets = type.getConstructor().newInstance();
        java.lang.reflect.Method run = type.getMethod("run", int.class);
        Object result = dev.weft.EventLoop.run(() -> {
            try {
                return (dev.weft.Task<?>) run.invoke(secrets, 5);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
        // count: sum of (10 i + 2) for i < 5 = 110, doubled by the copy; created is 1
        assertWithMessage("result").that(result).isEqualTo("220 221 [i0, i1, i2, limit, i4, i0, negative -1]");
    }

    /** A class in the unnamed package: Greeter_Async repeats its imports under the header comment. */
    @Test
    void aClassInTheUnnamedPackageWorks() throws Exception {
        List<String> lines = CompileSupport.GREETER.subList(1, CompileSupport.GREETER.size()); // no package
        Compilation c = CompileSupport.compile(com.google.testing.compile.JavaFileObjects.forSourceLines(
                "Greeter", lines));
        assertWithMessage(CompileSupport.errors(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        Class<?> type = CompileSupport.loader(c).loadClass("Greeter_Async");
        Object greeter = type.getConstructor().newInstance();
        java.lang.reflect.Method greet = type.getMethod("greet", String.class);
        Object result = dev.weft.EventLoop.run(() -> (dev.weft.Task<?>) greet.invoke(greeter, "ada"));
        assertWithMessage("result").that(result).isEqualTo("hello ada");
    }

    /** good/LocalClasses.java: local records, enums, interfaces and classes across awaits. */
    @Test
    void localClassesWork() throws Exception {
        java.nio.file.Path file = GoldenTest.RESOURCES.resolve("good/LocalClasses.java");
        Compilation c = CompileSupport.compile(com.google.testing.compile.JavaFileObjects.forSourceString(
                "demo.LocalClasses", java.nio.file.Files.readString(file)));
        assertWithMessage(CompileSupport.errors(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        Class<?> type = CompileSupport.loader(c).loadClass("demo.LocalClasses_Async");
        Object target = type.getConstructor().newInstance();
        java.lang.reflect.Method run = type.getMethod("run", Object.class, int.class);
        Object result = dev.weft.EventLoop.run(() -> {
            try {
                return (dev.weft.Task<?>) run.invoke(target, "t", 3);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
        assertWithMessage("result").that(result)
                .isEqualTo("[Pair[name=p1, value=0], Pair[name=p2, value=10], Pair[name=p3, value=20]] GREEN-t82");
    }

    /** good/Supers.java: super.m() of a method the class overrides, through findSpecial. */
    @Test
    void superCallsOfOverriddenMethodsWork() throws Exception {
        java.nio.file.Path file = GoldenTest.RESOURCES.resolve("good/Supers.java");
        Compilation c = CompileSupport.compile(com.google.testing.compile.JavaFileObjects.forSourceString(
                "demo.Supers", java.nio.file.Files.readString(file)));
        assertWithMessage(CompileSupport.errors(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        Class<?> type = CompileSupport.loader(c).loadClass("demo.Supers_Async");
        Object target = type.getConstructor().newInstance();
        Object result = dev.weft.EventLoop.run(() -> {
            try {
                return (dev.weft.Task<?>) type.getMethod("run").invoke(target);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
        assertWithMessage("result").that(result).isEqualTo("base x true sub y b");
    }

    /** good/ThisAndInner.java: what {@code this} means, inner classes, method type parameters. */
    @Test
    void thisInnerClassesAndTypeParametersKeepTheirMeaning() throws Exception {
        java.nio.file.Path file = GoldenTest.RESOURCES.resolve("good/ThisAndInner.java");
        Compilation c = CompileSupport.compile(com.google.testing.compile.JavaFileObjects.forSourceString(
                "demo.ThisAndInner", java.nio.file.Files.readString(file)));
        assertWithMessage(CompileSupport.errors(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        Class<?> type = CompileSupport.loader(c).loadClass("demo.ThisAndInner_Async");
        Object target = type.getConstructor().newInstance();
        java.lang.reflect.Method run = type.getMethod("run", Comparable.class, Comparable.class);
        Object result = dev.weft.EventLoop.run(() -> {
            try {
                return (dev.weft.Task<?>) run.invoke(target, "x", "y");
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
        assertWithMessage("result").that(result).isEqualTo("inner of gaps gaps anon ym x/y m");
    }
}
