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
            // (one awaited), capturing locals, also created inside a conditional; var of an
            // intersection type used through each bound
            "int k = f(3); var c = new Object() { int n = k; int bump() { return n += k; } }; await(t(0)); c.bump(); log(c.n);"
                    + " var l = new ArrayList<String>(await(t(4))) { String firstOr(String d) { return isEmpty() ? d : get(0); } };"
                    + " l.add(s(\"e\")); await(t(0)); log(l.firstOr(\"none\") + c.bump());"
                    + " var r = b(true) ? (Runnable & java.io.Serializable) () -> log(\"ran\") : null; await(t(0)); r.run();"
                    + " java.io.Serializable ser = r; log(ser != null); r = null; await(t(0)); log(r == null);"
                    + " var cnd = b(true) ? new Object() { int m = k + 5; } : null; await(t(0)); log(cnd.m); return Task.of(\"a\" + c.n);",
            // 16 two local classes of one name, each capturing and followed by awaits; a local class
            // using another that moved; a local class capturing a pattern variable
            "int k = f(2); { class C { final int x; C(int x) { this.x = x; } int g() { return x + k; } C twin() { return new C(x * 2); } }"
                    + " C c = new C(1); await(t(0)); log(c.twin().g()); } { String s = s(\"s\"); class C { String g() { return s + k; } }"
                    + " C c = new C(); await(t(0)); C[] cs = {c, new C()}; log(cs[1].g()); }"
                    + " class A { int v() { return 1; } } class B { int w() { return new A().v() + k; } } await(t(0));"
                    + " Object o = s(\"pat\"); if (o instanceof String str) { class P { String p() { return str + k; } } await(t(0)); log(new P().p()); }"
                    + " return Task.of(\"b\" + new B().w());",
            // 17 switch expression with awaits in arms and yield blocks
            "int k = f(2); String r = switch (k) { case 1 -> s(\"one\"); case 2 -> { int z = await(t(5)); yield \"two\" + z; } default -> await(t(\"d\")); }; log(r); return Task.of(r);",
            // 18 try-with-resources with await in resource init and body
            "try (Res a = new Res(await(t(\"x\"))); Res b = new Res(s(\"y\"))) { log(await(t(1))); } catch (IllegalStateException e) { log(\"c\"); } return Task.of(\"twr\");",
            // 19 nested ternaries and compound array ops
            "int i = 0; arr[i++] += await(t(3)); arr[f(1)] = b(true) ? await(t(4)) : (b(false) ? 1 : await(t(5))); log(arr[0] + arr[1]); return Task.of(\"\" + i);",
            // 20 string switch, char arithmetic, long shift, text block
            "String w = await(t(\"b\")); char c = 'a'; c += await(t(1)); long L = 1L << await(t(40)); switch (w) { case \"a\": log(1); break; case \"b\": log(2 + \"\" + c + L); } String tb = \"\"\"\n  hi\n  \"\"\"; return Task.of(tb + c);",
            // 21 inner class creation with awaited args, explicit type args
            "Res r = new Res(await(t(\"q\")), await(t(false))); r.close(); List<String> l = Collections.<String>singletonList(await(t(\"x\"))); return Task.of(l.get(0) + r.n);",
            // 22 instanceof patterns with && and awaits
            "Object o = await(t((Object) \"str\")); if (o instanceof String s1 && s1.length() == await(t(3))) { log(s1); } boolean m = o instanceof String s2 && await(t(true)) && !s2.isEmpty(); return Task.of(\"\" + m);",
            // 23 do-while with continue and await in condition
            "int n = 0; do { n++; if (n == 2) continue; log(n); } while (await(t(n)) < 4); return Task.of(\"n\" + n);",
            // 24 for with multiple updates/inits and await in update
            "int s = 0; for (int i = 0, j = 10; i < j; i += await(t(2)), j--) { s += i * j; } return Task.of(\"s\" + s);",
            // 25 local interface and enum, static nested use, lambda with var params
            "interface Op { int ap(int x); } enum Col { R, G } Op op = x -> x * 2; java.util.function.BiFunction<Integer, Integer, Integer> bf = (var x, var y) -> x + y; int v = op.ap(await(t(3))); log(bf.apply(v, await(t(1)))); log(Col.G); return Task.of(\"\" + Col.valueOf(\"R\").ordinal());",
            // 26 map entries iteration with var and await
            "Map<String, Integer> m = new TreeMap<>(Map.of(\"a\", 1, \"b\", 2)); int tot = 0; for (var e : m.entrySet()) { tot += e.getValue() * await(t(e.getKey().length())); } for (Map.Entry<String, Integer> e : m.entrySet()) { await(t(0)); e.setValue(e.getValue() + 1); } return Task.of(\"\" + tot + m);",
            // 27 generic local with wildcard and ? super
            "List<? super Integer> sink = new ArrayList<Number>(); sink.add(await(t(7))); Comparator<? super String> cmp = Comparator.naturalOrder(); await(t(0)); log(cmp.compare(\"a\", \"b\")); return Task.of(\"\" + sink);",
            // 28 anonymous class in argument with await after, capturing
            "int base = f(4); later.add(new Runnable() { public void run() { log(\"anon\" + base); } }); await(t(0)); later.get(0).run(); var cmp = new Comparator<String>() { public int compare(String a, String b) { return a.length() - b.length() + base; } }; await(t(0)); return Task.of(\"\" + cmp.compare(\"aa\", \"b\"));",
            // 29 throw in lambda, exception chain, finally with awaits and return override
            "try { try { throw new IllegalStateException(await(t(\"in\"))); } finally { log(await(t(\"fin\"))); } } catch (IllegalStateException e) { log(e.getMessage()); } return Task.of(\"x\");",
            // 30 conditional expression with mixed boxing and await
            "Integer boxed = b(true) ? await(t(5)) : null; int prim = b(false) ? boxed : await(t(6)); long widened = await(t(3)) + 2L; double d = await(t(1.5)) * prim; return Task.of(\"\" + boxed + prim + widened + d);",
            // 31 streams with awaited source, method ref to this
            "List<Integer> src = await(t(List.of(3, 1, 2))); String joined = src.stream().sorted().map(String::valueOf).collect(java.util.stream.Collectors.joining(\",\")); src.forEach(this::log); return Task.of(joined + await(t(\"!\")));",
            // 32 nested generic records and var of generic method result
            "record P<A, B>(A a, B b) { } var p = new P<>(await(t(\"k\")), await(t(2))); await(t(0)); var q = new P<>(p, List.of(p.b())); await(t(0)); return Task.of(q.a().a() + q.b());",
            // 33 labeled continue from inner switch inside lowered loop
            "int c = 0; outer: for (int i = 0; i < 4; i++) { switch (await(t(i)) % 3) { case 0: continue outer; case 1: c += 10; break; default: break outer; } c++; } return Task.of(\"c\" + c);",
            // 34 array of generics and varargs with awaits
            "int total = sum(await(t(1)), f(2), await(t(3))); int[] xs = {await(t(4)), 5}; total += sum(xs); Object[] objs = {await(t(\"o\")), 1}; return Task.of(\"\" + total + objs.length);",
            // 35 synchronized without await and with this
            "int z; synchronized (this) { z = field + 1; } await(t(0)); synchronized (trace) { log(z); } return Task.of(\"z\" + z);",
            // 36 a var of the lub of Integer and String (an intersection with a generic bound) across an await
            "var x = b(true) ? Integer.valueOf(await(t(1))) : s(\"two\"); await(t(0)); java.io.Serializable ser = x; log(ser.hashCode() + x.hashCode()); Comparable<?> cc = x; return Task.of(\"\" + cc);",
            // 37 anonymous class var with generic method, overriding and field access, nested anonymous
            "var acc = new Object() { List<String> items = new ArrayList<>(); <T> void add(T t) { items.add(String.valueOf(t)); } }; acc.add(await(t(1))); await(t(0)); acc.add(\"two\"); Runnable r = new Runnable() { public void run() { acc.add(\"r\"); } }; r.run(); return Task.of(acc.items.toString());",
            // 38 a pattern variable read by the awaiting operand of && or || (the operands are split)
            "Object o = b(true) ? \"abc\" : 2; boolean r = o instanceof String s && s.length() > await(t(1));"
                    + " if (o instanceof String u && u.length() == await(t(3))) log(\"A\" + u);"
                    + " boolean n = !(o instanceof String v) || v.isEmpty() == await(t(false));"
                    + " if (!(o instanceof String w)) return Task.of(\"none\"); log(w + await(t(0))); return Task.of(\"\" + r + n + w);",
            // 39 two lambdas and an anonymous class of one state capturing the same loop variable
            "int r = 0; for (int e : new int[] {1, 2}) { await(t(0)); java.util.function.IntSupplier f = () -> e;"
                    + " java.util.function.IntSupplier g = () -> e * 10; r += f.getAsInt() + g.getAsInt();"
                    + " if (await(t(e)) > new java.util.function.IntUnaryOperator() { public int applyAsInt(int z) { return z - e; } }.applyAsInt(0))"
                    + " r += ((java.util.function.IntUnaryOperator) z -> z + e).applyAsInt(await(t(1))); } return Task.of(\"r\" + r);",
            // 40 values whose type has an intersection type argument (List.of("a", 1)), across awaits
            "StringBuilder sb = new StringBuilder(); for (Object o : List.of(\"a\", f(1))) { await(t(0)); sb.append(o); }"
                    + " var xs = List.of(s(\"b\"), 2); await(t(0)); Object first = xs.get(0); for (var x : xs) { await(t(0)); sb.append(x.hashCode() > 0); }"
                    + " return Task.of(sb + \"\" + first + xs.size());",
            // 41 awaited tasks whose type is a capture variable (capture of ? extends Task<...>)
            "List<? extends Task<? extends CharSequence>> ts = List.of(t(\"a\"), t(new StringBuilder(\"b\")));"
                    + " for (int i = 0; i < ts.size(); i++) { CharSequence v = await(ts.get(i)); log(v.length() + \"\" + v); }"
                    + " List<? extends Task<?>> any = List.of(t(1)); Object first = await(any.get(0));"
                    + " java.util.function.Supplier<? extends Task<? extends CharSequence>> sup = () -> t(\"sup\");"
                    + " log(await(sup.get()).length()); CharSequence cs = await(sup.get()); return Task.of(first + \"\" + cs);",
            // 42 awaited values whose types have intersections in them, given types the body wrote
            "List<? extends CharSequence> cs = await(t(List.of(\"ab\", new StringBuilder(\"cd\")))); log(cs.get(1).length());"
                    + " CharSequence one = await(t(b(true) ? \"s\" : new StringBuilder(\"sb\"))); cs = await(t(List.of(new StringBuilder(\"e\"), \"f\")));"
                    + " Optional<? extends CharSequence> o = await(t(Optional.of(b(false) ? \"x\" : new StringBuilder(\"y\"))));"
                    + " return Task.of(cs + \"\" + one + o.get());"
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
     * Compiles the sources (name, text, name, text...) with {@code -Werror} and returns what the
     * static {@code main()} of the first returns.
     */
    private static Object mainOf(String... namesAndTexts) throws Exception {
        javax.tools.JavaFileObject[] files = new javax.tools.JavaFileObject[namesAndTexts.length / 2];
        for (int i = 0; i < files.length; i++) {
            files[i] = com.google.testing.compile.JavaFileObjects.forSourceString(namesAndTexts[2 * i],
                    namesAndTexts[2 * i + 1]);
        }
        Compilation c = CompileSupport.compile(files);
        assertWithMessage(CompileSupport.errors(c) + "\n" + CompileSupport.generatedSources(c))
                .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        return CompileSupport.loader(c).loadClass(namesAndTexts[0]).getMethod("main").invoke(null);
    }

    /**
     * {@code Widget.this} in an anonymous or local class declared in the body (one of them moved
     * to a member class of the state machine, one reading a private field) is the object the
     * method runs on, as it is directly in the body and in lambdas.
     */
    @Test
    void outerThisInClassesDeclaredInTheBody() throws Exception {
        Object result = mainOf("p.Widget", String.join("\n",
                "package p;",
                "import dev.weft.EventLoop;",
                "import dev.weft.Task;",
                "import dev.weft.Tasks;",
                "import dev.weft.annotation.Async;",
                "import java.util.function.Supplier;",
                "import static dev.weft.Await.await;",
                "public class Widget {",
                "    String name = \"w\";",
                "    private String secret = \"s\";",
                "    @Async",
                "    public Task<String> render() {",
                "        Supplier<String> s = new Supplier<>() {",
                "            @Override public String get() { return Widget.this.name + \"+\" + Widget.this.secret; }",
                "        };",
                "        String loc = \"l\";",
                "        class Captures { String g() { return Widget.this.name + \"+\" + loc; } }",
                "        await(Tasks.yieldNow());",
                "        class Plain { String g() { return Widget.this.name; } }",
                "        return Task.of(s.get() + \" \" + new Captures().g() + \" \" + new Plain().g());",
                "    }",
                "    public static String main() {",
                "        return EventLoop.run(() -> new Widget_Async().render());",
                "    }",
                "}"));
        assertWithMessage("result").that(result).isEqualTo("w+s w+l w");
    }

    /**
     * A static {@code @Async} method reached through the class beside {@code Config}: as a call of
     * {@code Config.loaded()} would, it initializes {@code Config} first, though the body never
     * touches it.
     */
    @Test
    void aStaticMethodsClassIsInitializedFirst() throws Exception {
        Object result = mainOf("p.Main", String.join("\n",
                "package p;",
                "import dev.weft.EventLoop;",
                "public class Main {",
                "    static final java.util.List<String> LOADED = new java.util.ArrayList<>();",
                "    public static String main() {",
                "        return EventLoop.run(() -> Config_Async.loaded());",
                "    }",
                "}"), "p.Config", String.join("\n",
                "package p;",
                "import dev.weft.Task;",
                "import dev.weft.Tasks;",
                "import dev.weft.annotation.Async;",
                "import static dev.weft.Await.await;",
                "public final class Config {",
                "    static {",
                "        Main.LOADED.add(\"config\");",
                "    }",
                "    private Config() {}",
                "    @Async",
                "    public static Task<String> loaded() {",
                "        await(Tasks.yieldNow());",
                "        return Task.of(Main.LOADED.toString());",
                "    }",
                "}"));
        assertWithMessage("result").that(result).isEqualTo("[config]");
    }

    /** {@code outer.new Inner()} of another class's inner class: Inner stays as written, unqualified. */
    @Test
    void qualifiedCreationOfAnotherClasssInnerClass() throws Exception {
        Object result = mainOf("q.Use", String.join("\n",
                "package q;",
                "import dev.weft.EventLoop;",
                "import dev.weft.Task;",
                "import dev.weft.Tasks;",
                "import dev.weft.annotation.Async;",
                "import static dev.weft.Await.await;",
                "public class Use {",
                "    @Async",
                "    static Task<String> make(Box b) {",
                "        Box.Item<String> it = b.new Item<>(\"x\");",
                "        await(Tasks.yieldNow());",
                "        return Task.of(it.v + b.new Item<java.util.List<String>>(java.util.List.of(\"y\")).v);",
                "    }",
                "    public static String main() {",
                "        return EventLoop.run(() -> Use_Async.make(new Box()));",
                "    }",
                "}"), "q.Box", String.join("\n",
                "package q;",
                "public class Box {",
                "    class Item<T> {",
                "        final T v;",
                "        Item(T v) { this.v = v; }",
                "    }",
                "}"));
        assertWithMessage("result").that(result).isEqualTo("x[y]");
    }

    /**
     * Awaiting a task whose type is a type variable, here captures of {@code ? extends
     * Task<? extends T>}, {@code ? extends CompletionStage<?>}: typed as the original await.
     */
    @Test
    void awaitedTasksOfATypeVariablesType() throws Exception {
        Object result = mainOf("p.Gather", String.join("\n",
                "package p;",
                "import dev.weft.EventLoop;",
                "import dev.weft.Task;",
                "import dev.weft.annotation.Async;",
                "import java.util.ArrayList;",
                "import java.util.List;",
                "import java.util.concurrent.CompletableFuture;",
                "import java.util.concurrent.CompletionStage;",
                "import static dev.weft.Await.await;",
                "public class Gather {",
                "    @Async",
                "    static <T> Task<List<T>> inOrder(List<? extends Task<? extends T>> tasks) {",
                "        List<T> out = new ArrayList<>();",
                "        for (int i = 0; i < tasks.size(); i++) { T v = await(tasks.get(i)); out.add(v); }",
                "        return Task.of(out);",
                "    }",
                "    @Async",
                "    static <X extends Task<String>> Task<String> firsts(List<? extends CompletionStage<?>> fs, X x) {",
                "        Object f = await(fs.get(0));",
                "        return Task.of(f + await(x));",
                "    }",
                "    public static String main() {",
                "        return EventLoop.run(() -> Gather_Async.inOrder(List.of(Task.of(\"a\"), Task.of(\"b\")))) + \" \"",
                "                + EventLoop.run(() -> Gather_Async.firsts(List.of(CompletableFuture.completedFuture(\"f\")), Task.of(\"x\")));",
                "    }",
                "}"));
        assertWithMessage("result").that(result).isEqualTo("[a, b] fx");
    }

    /**
     * Updates of private fields (reached through handles): through {@code this} and
     * {@code Counter.this}, which read twice are the same object, and with an await in the
     * value, where the field is read before the await (JLS 15.26.2), then combined, narrowed and
     * stored: {@code bump} changes {@code total} while {@code run} waits for it, and the update
     * overwrites that change, as in the synchronous code.
     */
    @Test
    void updatesOfPrivateFields() throws Exception {
        Object result = mainOf("p.Counter", String.join("\n",
                "package p;",
                "import dev.weft.EventLoop;",
                "import dev.weft.Task;",
                "import dev.weft.Tasks;",
                "import dev.weft.annotation.Async;",
                "import static dev.weft.Await.await;",
                "public class Counter {",
                "    private int count;",
                "    private int total;",
                "    private static long sum;",
                "    private String text = \"\";",
                "    private byte small;",
                "    private Integer boxed = 0;",
                "    @Async",
                "    public Task<String> run(Counter other) {",
                "        this.count += 1;",
                "        this.count++;",
                "        ++Counter.this.count;",
                "        total += await(Task.of(5));",
                "        this.total += await(bump(10));",
                "        other.total -= await(Task.of(3));",
                "        sum += await(Task.of(7L));",
                "        text += await(Task.of(\"x\"));",
                "        small += await(Task.of(300));",
                "        boxed += await(Task.of(4));",
                "        Runnable r = () -> { this.count += 100; Counter.this.total++; };",
                "        r.run();",
                "        return Task.of(count + \" \" + total + \" \" + other.total + \" \" + sum + \" \" + text + \" \" + small + \" \" + boxed);",
                "    }",
                "    @Async",
                "    Task<Integer> bump(int by) {",
                "        await(Tasks.yieldNow());",
                "        total += 1000;",
                "        return Task.of(by);",
                "    }",
                "    public static String main() {",
                "        return EventLoop.run(() -> new Counter_Async().run(new Counter()));",
                "    }",
                "}"));
        assertWithMessage("result").that(result).isEqualTo("103 16 -3 7 x 44 4");
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
