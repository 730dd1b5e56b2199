package dev.weft.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Async} methods of other classes, called from an {@code @Async} body as Java lets you
 * write the call: a static one inherited from a superclass, imported statically, named through its
 * class or by a method reference reaches the transformed {@code X_Async.m} (the original would
 * fail at its first await); an instance one that {@code Foo_Async} inherits untransformed is a
 * warning on the class.
 */
class InheritanceTest {
    private static final JavaFileObject UTIL = JavaFileObjects.forSourceLines("lib.Util",
            "package lib;",
            "import dev.weft.Task;",
            "import dev.weft.annotation.Async;",
            "import static dev.weft.Await.await;",
            "public class Util {",
            "    @Async public static Task<Integer> twice(int n) { return Task.of(2 * await(Task.of(n))); }",
            "}");

    private static final JavaFileObject BASE = JavaFileObjects.forSourceLines("app.Base",
            "package app;",
            "import dev.weft.Task;",
            "import dev.weft.annotation.Async;",
            "import static dev.weft.Await.await;",
            "public class Base {",
            "    @Async static Task<String> tag(String s) { return Task.of(\"<\" + await(Task.of(s)) + \">\"); }",
            "    @Async public Task<String> fetch(String s) { return Task.of(\"fetched \" + await(Task.of(s))); }",
            "    @Async public Task<String> named(String s) { return Task.of(\"base \" + await(Task.of(s))); }",
            "}");

    private static final JavaFileObject SERVICE = JavaFileObjects.forSourceLines("app.Service",
            "package app;",
            "import dev.weft.Task;",
            "import dev.weft.annotation.Async;",
            "import java.util.function.IntFunction;",
            "import lib.Util;",
            "import static dev.weft.Await.await;",
            "import static lib.Util.twice;",
            "public class Service extends Base {", // line 8
            "    @Override @Async public Task<String> named(String s) { return Task.of(\"service \" + await(Task.of(s))); }",
            "    @Async public Task<String> run(int n) {",
            "        String inherited = await(tag(\"t\"));", // Base.tag, unqualified
            "        int qualified = await(Util.twice(n));",
            "        int imported = await(twice(n + 1));",
            "        IntFunction<Task<Integer>> ref = Util::twice;",
            "        int viaReference = await(ref.apply(n + 2));",
            "        return Task.of(inherited + qualified + \",\" + imported + \",\" + viaReference + \" \" + await(named(\"x\")));",
            "    }",
            "    @Async public static Task<String> alone() { return Task.of(await(Base.tag(\"s\")) + await(Service.tag(\"u\"))); }",
            "}");

    /** Only static @Async methods: no Service-like objects of OnlyStatic_Async to warn about. */
    private static final JavaFileObject ONLY_STATIC = JavaFileObjects.forSourceLines("app.OnlyStatic",
            "package app;",
            "import dev.weft.Task;",
            "import dev.weft.annotation.Async;",
            "import static dev.weft.Await.await;",
            "public class OnlyStatic extends Base {",
            "    @Async public static Task<String> go() { return Task.of(await(tag(\"g\"))); }",
            "}");

    @Test
    void staticAsyncMethodsOfOtherClassesReachTheTransformedOnes() throws Exception {
        Compilation c = CompileSupport.compileLenient(UTIL, BASE, SERVICE, ONLY_STATIC); // the warning below
        assertWithMessage(CompileSupport.errors(c) + "\n" + CompileSupport.generatedSources(c))
                .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        ClassLoader loader = CompileSupport.loader(c);
        Class<?> service = loader.loadClass("app.Service_Async");
        Object instance = service.getConstructor().newInstance();
        String out = CompileSupport.run(service, instance, "run", 5);
        assertThat(out).isEqualTo("<t>10,12,14 service x");
        assertThat((String) CompileSupport.run(service, null, "alone")).isEqualTo("<s><u>");
        Class<?> onlyStatic = loader.loadClass("app.OnlyStatic_Async");
        assertThat((String) CompileSupport.run(onlyStatic, null, "go")).isEqualTo("<g>");
    }

    @Test
    void anInheritedInstanceAsyncMethodIsAWarningOnTheClass() {
        Compilation c = CompileSupport.compileLenient(UTIL, BASE, SERVICE, ONLY_STATIC); // the warning below
        List<Diagnostic<? extends JavaFileObject>> warnings = c.warnings().stream()
                .filter(d -> d.getMessage(Locale.ROOT).startsWith("[weft.inherited-async]"))
                .collect(Collectors.toList());
        // Service: fetch only (named is overridden, tag is static). OnlyStatic, whose OnlyStatic_Async
        // is no subclass (its @Async methods are static): fetch and named, on the class itself
        assertWithMessage(CompileSupport.warnings(c)).that(warnings).hasSize(3);
        Diagnostic<? extends JavaFileObject> w = warnings.stream()
                .filter(d -> d.getSource().getName().endsWith("app/Service.java")).findFirst().orElseThrow();
        assertThat(w.getLineNumber()).isEqualTo(8);
        assertThat(w.getMessage(Locale.ROOT)).contains("Service_Async extends Service, which inherits the @Async"
                + " method fetch from Base: weft transforms it in Base_Async only");
        assertThat(warnings.stream().filter(d -> d.getSource().getName().endsWith("app/OnlyStatic.java"))
                .map(d -> d.getMessage(Locale.ROOT).replaceAll(", which weft.*", "")))
                .containsExactly("[weft.inherited-async] OnlyStatic inherits the @Async method fetch from Base",
                        "[weft.inherited-async] OnlyStatic inherits the @Async method named from Base");
    }

    /** The fix the warning gives: extend Base_Async, generated in the same build. */
    private static final JavaFileObject DERIVED = JavaFileObjects.forSourceLines("app.Derived",
            "package app;",
            "import dev.weft.Task;",
            "import dev.weft.annotation.Async;",
            "import static dev.weft.Await.await;",
            "public class Derived extends Base_Async {",
            "    @Async public Task<String> both(String s) { return Task.of(await(fetch(s)) + \" and \" + await(named(s))); }",
            "}");

    @Test
    void extendingTheSuperclasssGeneratedClassInheritsTheTransformedMethods() throws Exception {
        Compilation c = CompileSupport.compile(UTIL, BASE, DERIVED); // -Werror: no warning either
        assertWithMessage(CompileSupport.errors(c) + CompileSupport.warnings(c) + "\n" + CompileSupport.generatedSources(c))
                .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        Class<?> derived = CompileSupport.loader(c).loadClass("app.Derived_Async");
        Object instance = derived.getConstructor().newInstance();
        assertThat((String) CompileSupport.run(derived, instance, "both", "d")).isEqualTo("fetched d and base d");
        assertThat((String) CompileSupport.run(derived, instance, "fetch", "e")).isEqualTo("fetched e");
    }

    /**
     * {@code super.m(...)} where {@code m} is declared with the superclass's type variables
     * (parameters, return type, a method type variable's bound): the helper takes the types as
     * the subclass sees them, and the handle the declared method's erasure. Also when the
     * superclass is a generated {@code Base_Async<K, V>}, and for protected members of a generic
     * class of another package read through another object.
     */
    @Test
    void superCallsAndProtectedMembersOfAGenericSuperclass() throws Exception {
        Compilation c = CompileSupport.compile(
                JavaFileObjects.forSourceLines("g.Base",
                        "package g;",
                        "import java.util.ArrayList;",
                        "import java.util.List;",
                        "public class Base<T> {",
                        "    protected String label(T item) { return \"base(\" + item + \")\"; }",
                        "    protected T echo(T item) { return item; }",
                        "    protected List<T> both(T a, List<? extends T> more) { List<T> l = new ArrayList<>(more); l.add(0, a); return l; }",
                        "    protected <U extends T> U pick(U u) { return u; }",
                        "}"),
                JavaFileObjects.forSourceLines("g.Sub",
                        "package g;",
                        "import dev.weft.Task;",
                        "import dev.weft.Tasks;",
                        "import dev.weft.annotation.Async;",
                        "import java.util.List;",
                        "import static dev.weft.Await.await;",
                        "public class Sub extends Base<String> {",
                        "    @Override protected String label(String item) { return \"sub(\" + item + \")\"; }",
                        "    @Override protected String echo(String item) { return \"no\"; }",
                        "    @Override protected List<String> both(String a, List<? extends String> more) { return List.of(); }",
                        "    @Override protected <U extends String> U pick(U u) { return null; }",
                        "    @Async public Task<String> show(String item) {",
                        "        await(Tasks.yieldNow());",
                        "        List<String> l = super.both(item, List.of(\"z\"));",
                        "        return Task.of(super.label(item) + \" \" + label(item) + \" \" + super.echo(item) + l + super.pick(\"p\"));",
                        "    }",
                        "}"),
                JavaFileObjects.forSourceLines("g.AbstractRepository",
                        "package g;",
                        "import dev.weft.Task;",
                        "import dev.weft.Tasks;",
                        "import dev.weft.annotation.Async;",
                        "import java.util.HashMap;",
                        "import java.util.Map;",
                        "import static dev.weft.Await.await;",
                        "public abstract class AbstractRepository<K, V> {",
                        "    protected final Map<K, V> store = new HashMap<>();",
                        "    @Async public Task<V> find(K key) { await(Tasks.yieldNow()); return Task.of(store.get(key)); }",
                        "}"),
                JavaFileObjects.forSourceLines("g.UserRepository",
                        "package g;",
                        "import dev.weft.Task;",
                        "import dev.weft.annotation.Async;",
                        "import static dev.weft.Await.await;",
                        "public class UserRepository extends AbstractRepository_Async<String, String> {",
                        "    public UserRepository() { store.put(\"k\", \"user-k\"); }",
                        "    @Async @Override public Task<String> find(String key) { return Task.of(\"found \" + await(super.find(key))); }",
                        "}"),
                JavaFileObjects.forSourceLines("h.Holder",
                        "package h;",
                        "public class Holder<T> {",
                        "    protected T val;",
                        "    protected T swap(T v) { T o = val; val = v; return o; }",
                        "}"),
                JavaFileObjects.forSourceLines("g.Foo",
                        "package g;",
                        "import dev.weft.Task;",
                        "import dev.weft.annotation.Async;",
                        "import static dev.weft.Await.await;",
                        "public class Foo extends h.Holder<String> {",
                        "    @Async public Task<String> pair(Foo other) {",
                        "        other.val = await(Task.of(\"a\"));",
                        "        other.val += \"b\";",
                        "        other.val += await(Task.of(\"d\"));",
                        "        String old = other.swap(await(Task.of(\"c\")));",
                        "        return Task.of(old + other.val);",
                        "    }",
                        "}"));
        assertWithMessage(CompileSupport.errors(c) + "\n" + CompileSupport.generatedSources(c))
                .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        ClassLoader loader = CompileSupport.loader(c);
        Class<?> sub = loader.loadClass("g.Sub_Async");
        assertThat((String) CompileSupport.run(sub, sub.getConstructor().newInstance(), "show", "k"))
                .isEqualTo("base(k) sub(k) k[k, z]p");
        Class<?> users = loader.loadClass("g.UserRepository_Async");
        assertThat((String) CompileSupport.run(users, users.getConstructor().newInstance(), "find", "k"))
                .isEqualTo("found user-k");
        Class<?> foo = loader.loadClass("g.Foo_Async");
        Object other = loader.loadClass("g.Foo").getConstructor().newInstance();
        assertThat((String) CompileSupport.run(foo, foo.getConstructor().newInstance(), "pair", other))
                .isEqualTo("abdc");
    }

    /**
     * {@code Greeting.super.m()}, a default method of a direct superinterface (or one it
     * inherits), and {@code Host.super.m()}: through findSpecial handles, as {@code super.m()},
     * also in a lambda; in an anonymous class of the interface, its own, copied as written.
     */
    @Test
    void interfaceAndQualifiedSuperCalls() throws Exception {
        Compilation c = CompileSupport.compile(
                JavaFileObjects.forSourceLines("s.Polite",
                        "package s;",
                        "public interface Polite { default String please() { return \"please\"; } }"),
                JavaFileObjects.forSourceLines("s.Greeting",
                        "package s;",
                        "public interface Greeting extends Polite {",
                        "    default String hello() { return \"hello\"; }",
                        "    default <T> String hi(T who) { return \"hi \" + who; }",
                        "}"),
                JavaFileObjects.forSourceLines("s.Base",
                        "package s;",
                        "public class Base {",
                        "    public String name() { return \"base\"; }",
                        "    protected String tag = \"btag\";",
                        "}"),
                JavaFileObjects.forSourceLines("s.Host",
                        "package s;",
                        "import dev.weft.Task;",
                        "import dev.weft.Tasks;",
                        "import dev.weft.annotation.Async;",
                        "import java.util.function.Supplier;",
                        "import static dev.weft.Await.await;",
                        "public class Host extends Base implements Greeting {",
                        "    @Override public String hello() { return \"host\"; }",
                        "    @Override public String please() { return \"no\"; }",
                        "    @Override public String name() { return \"host\"; }",
                        "    @Async public Task<String> greet() {",
                        "        await(Tasks.yieldNow());",
                        "        Supplier<String> s = () -> Greeting.super.hello();",
                        "        Greeting anon = new Greeting() {",
                        "            @Override public String hello() { return \"anon+\" + Greeting.super.hello(); }",
                        "        };",
                        "        return Task.of(Greeting.super.hello() + \" \" + hello() + \" \" + s.get() + \" \" + Greeting.super.hi(3)",
                        "                + \" \" + Greeting.super.please() + \" \" + Host.super.name() + \" \" + Host.super.tag",
                        "                + \" \" + anon.hello());",
                        "    }",
                        "}"));
        assertWithMessage(CompileSupport.errors(c) + "\n" + CompileSupport.generatedSources(c))
                .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        Class<?> host = CompileSupport.loader(c).loadClass("s.Host_Async");
        assertThat((String) CompileSupport.run(host, host.getConstructor().newInstance(), "greet"))
                .isEqualTo("hello host hello hi 3 please base btag anon+hello");
    }

    /**
     * {@code super.m()} where the superclass inherits {@code m}: a default method of an interface
     * the user's class does not name, a method declared two classes up. The handle looks it up
     * in the direct superclass, as invokespecial does (in the interface, it failed as the
     * generated class was initialized).
     */
    @Test
    void superCallsOfMethodsTheSuperclassInherits() throws Exception {
        Compilation c = CompileSupport.compile(
                JavaFileObjects.forSourceLines("d.Greeting",
                        "package d;",
                        "public interface Greeting { default String hello() { return \"hello\"; } }"),
                JavaFileObjects.forSourceLines("d.Base",
                        "package d;",
                        "public class Base implements Greeting { public String bye() { return \"bye\"; } }"),
                JavaFileObjects.forSourceLines("d.Mid",
                        "package d;",
                        "public class Mid extends Base { }"),
                JavaFileObjects.forSourceLines("d.Host",
                        "package d;",
                        "import dev.weft.Task;",
                        "import dev.weft.Tasks;",
                        "import dev.weft.annotation.Async;",
                        "import static dev.weft.Await.await;",
                        "public class Host extends Mid {",
                        "    @Override public String hello() { return \"host\"; }",
                        "    @Override public String bye() { return \"host bye\"; }",
                        "    @Async public Task<String> greet() {",
                        "        await(Tasks.yieldNow());",
                        "        return Task.of(super.hello() + \" \" + super.bye() + \" \" + hello());",
                        "    }",
                        "}"));
        assertWithMessage(CompileSupport.errors(c) + "\n" + CompileSupport.generatedSources(c))
                .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        Class<?> host = CompileSupport.loader(c).loadClass("d.Host_Async");
        assertThat((String) CompileSupport.run(host, host.getConstructor().newInstance(), "greet"))
                .isEqualTo("hello bye host");
    }

    /** A direct superclass the generated class cannot name: the handle looks m up where it is declared. */
    @Test
    void superCallsPastAPrivateSuperclass() throws Exception {
        Compilation c = CompileSupport.compile(JavaFileObjects.forSourceLines("d.Outer",
                "package d;",
                "import dev.weft.Task;",
                "import dev.weft.Tasks;",
                "import dev.weft.annotation.Async;",
                "import static dev.weft.Await.await;",
                "public class Outer {",
                "    public static class Base { public String m() { return \"base\"; } }",
                "    private static class Mid extends Base { }",
                "    public static class Host extends Mid {",
                "        @Override public String m() { return \"host\"; }",
                "        @Async public Task<String> go() { await(Tasks.yieldNow()); return Task.of(super.m() + \" \" + m()); }",
                "    }",
                "}"));
        assertWithMessage(CompileSupport.errors(c) + "\n" + CompileSupport.generatedSources(c))
                .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        Class<?> host = CompileSupport.loader(c).loadClass("d.Outer_Host_Async");
        assertThat((String) CompileSupport.run(host, host.getConstructor().newInstance(), "go")).isEqualTo("base host");
    }

    /**
     * A constructor whose declaration mentions a private nested class of the user's class is not
     * mirrored: Foo_Async could not name the type (it did, and did not compile); the others are.
     */
    @Test
    void constructorsThatMentionPrivateTypesAreLeftOut() throws Exception {
        JavaFileObject conn = JavaFileObjects.forSourceLines("app.Conn",
                "package app;",
                "import static dev.weft.Await.await;",
                "import dev.weft.Task; import dev.weft.Tasks; import dev.weft.annotation.Async;",
                "public class Conn {",
                "    private enum Mode { FAST, SAFE }",
                "    private static class Oops extends RuntimeException { private static final long serialVersionUID = 1L; }",
                "    final String mode;",
                "    public Conn() { this(Mode.SAFE); }",
                "    Conn(Mode mode) { this.mode = mode.name(); }",
                "    protected Conn(java.util.List<Mode> modes) { this.mode = \"many\"; }",
                "    Conn(String s) throws Oops { this.mode = s; }",
                "    @Async public Task<String> open() { await(Tasks.yieldNow()); return Task.of(\"open \" + mode); }",
                "}");
        Compilation c = CompileSupport.compile(conn); // -Werror
        assertWithMessage(CompileSupport.errors(c) + CompileSupport.warnings(c) + "\n" + CompileSupport.generatedSources(c))
                .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        Class<?> generated = CompileSupport.loader(c).loadClass("app.Conn_Async");
        assertThat(generated.getDeclaredConstructors()).hasLength(1);
        Object instance = generated.getConstructor().newInstance();
        assertThat((String) CompileSupport.run(generated, instance, "open")).isEqualTo("open SAFE");
    }

    /**
     * The annotations of an @Async method that the class file keeps (RUNTIME and CLASS
     * retention) are on its entry point, with their values as written, so that a framework that
     * finds methods by reflection on Foo_Async's class sees them; java.lang's, weft's and SOURCE
     * ones are not, and neither are the class's own.
     */
    @Test
    void methodAnnotationsKeptInClassFilesAreOnTheEntryPoints() throws Exception {
        JavaFileObject route = JavaFileObjects.forSourceLines("app.Route",
                "package app;",
                "import java.lang.annotation.*;",
                "@Retention(RetentionPolicy.RUNTIME) @Target({ElementType.TYPE, ElementType.METHOD})",
                "public @interface Route { String value(); }");
        JavaFileObject users = JavaFileObjects.forSourceLines("app.Users",
                "package app;",
                "import static dev.weft.Await.await;",
                "import dev.weft.Task; import dev.weft.Tasks; import dev.weft.annotation.Async;",
                "import java.lang.annotation.*;",
                "@Route(\"/users\")",
                "public class Users {",
                "    private static final String GET = \"/get\";",
                "    @Retention(RetentionPolicy.SOURCE) @interface Src {}",
                "    @interface Cls { int[] value() default {}; }",
                "    @Route(GET) @Src @Cls({1, 2}) @SuppressWarnings(\"unused\") @Async",
                "    public Task<String> get(String id) { await(Tasks.yieldNow()); return Task.of(\"user \" + id); }",
                "    @Route(GET + \"/all\") @Async public static Task<String> all() { await(Tasks.yieldNow()); return Task.of(\"all\"); }",
                "}");
        // lenient: javac warns (-Xlint:processing) that no processor claims Route, Src and Cls
        Compilation c = CompileSupport.compileLenient(route, users);
        String sources = CompileSupport.generatedSources(c);
        assertWithMessage(CompileSupport.errors(c) + CompileSupport.warnings(c) + "\n" + sources)
                .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        assertWithMessage(sources).that(c.warnings().stream().map(d -> d.getMessage(Locale.ROOT))
                .filter(m -> !m.startsWith("No processor claimed")).collect(Collectors.toList())).isEmpty();
        ClassLoader loader = CompileSupport.loader(c);
        @SuppressWarnings("unchecked")
        Class<? extends java.lang.annotation.Annotation> routeType =
                (Class<? extends java.lang.annotation.Annotation>) loader.loadClass("app.Route");
        Class<?> generated = loader.loadClass("app.Users_Async");
        java.lang.reflect.Method value = routeType.getMethod("value");
        assertThat(value.invoke(generated.getMethod("get", String.class).getAnnotation(routeType))).isEqualTo("/get");
        assertThat(value.invoke(generated.getMethod("all").getAnnotation(routeType))).isEqualTo("/get/all");
        assertThat(generated.getAnnotation(routeType)).isNull(); // class annotations are not copied
        String entry = sources.substring(sources.indexOf("@Override"), sources.indexOf("public Task<String> get("));
        assertThat(entry).contains("@Cls({1, 2})");
        assertThat(entry).doesNotContain("@Src");
        assertThat(entry).doesNotContain("SuppressWarnings");
        assertThat(entry).doesNotContain("Async");
    }
}
