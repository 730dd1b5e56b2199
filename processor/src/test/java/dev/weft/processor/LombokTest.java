package dev.weft.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * weft beside Lombok, which adds members to the user's classes in place while processors run:
 * {@code @Async} bodies that call getters, a builder, a {@code @With} copier, a generated logger
 * or constructor, of their own class or another, {@code @SuperBuilder}'s generic builders, compile
 * and run, whichever of the two processors comes first on the path, and
 * {@code Foo_Async} gets the constructor Lombok wrote. Warnings are errors here, as in a strict
 * build.
 */
class LombokTest {
    private static final JavaFileObject USER = JavaFileObjects.forSourceLines("p.User",
            "package p;",
            "",
            "import lombok.Builder;",
            "import lombok.Data;",
            "import lombok.With;",
            "",
            "@Data",
            "@Builder",
            "public class User {",
            "    private final String name;",
            "    @With private final int age;",
            "    private java.util.List<String> tags;",
            "}");

    private static final JavaFileObject ACCOUNT = JavaFileObjects.forSourceLines("p.Account",
            "package p;",
            "",
            "import static dev.weft.Await.await;",
            "",
            "import dev.weft.EventLoop;",
            "import dev.weft.Task;",
            "import dev.weft.Tasks;",
            "import dev.weft.annotation.Async;",
            "import java.util.List;",
            "import lombok.Getter;",
            "import lombok.RequiredArgsConstructor;",
            "import lombok.Value;",
            "import lombok.extern.java.Log;",
            "",
            "@Log",
            "@RequiredArgsConstructor",
            "public class Account<T> {",
            "    @Getter private final String owner;",
            "    @Getter private final T payload;",
            "    @Getter private int balance;",
            "",
            "    @Value",
            "    static class Deposit {",
            "        int amount;",
            "    }",
            "",
            "    @Async",
            "    public Task<String> deposit(Deposit d, User user) {",
            "        User older = user.withAge(user.getAge() + 1);",
            "        await(Tasks.yieldNow());",
            "        balance += d.getAmount();",
            "        User built = await(Task.of(User.builder().name(\"z\").age(1).build()));",
            "        older.setTags(List.of(\"a\", built.getName()));",
            "        log.fine(\"deposited \" + d.getAmount());",
            "        return Task.of(getOwner() + \":\" + getBalance() + \":\" + getPayload() + \":\"",
            "                + older.getName() + older.getAge() + older.getTags());",
            "    }",
            "",
            "    public static String demo() {",
            "        Account<Integer> account = new Account_Async<>(\"ann\", 42);",
            "        User user = User.builder().name(\"bo\").age(3).build();",
            "        return EventLoop.run(() -> account.deposit(new Deposit(7), user));",
            "    }",
            "}");

    /** No Lombok of its own: only the class it uses has it. */
    private static final JavaFileObject PLAIN = JavaFileObjects.forSourceLines("p.Plain",
            "package p;",
            "",
            "import static dev.weft.Await.await;",
            "",
            "import dev.weft.EventLoop;",
            "import dev.weft.Task;",
            "import dev.weft.annotation.Async;",
            "",
            "public class Plain {",
            "    @Async",
            "    public static Task<String> name(User user) {",
            "        int age = await(Task.of(user.getAge()));",
            "        return Task.of(user.getName() + age);",
            "    }",
            "",
            "    public static String demo() {",
            "        return EventLoop.run(() -> Plain_Async.name(User.builder().name(\"cy\").age(9).build()));",
            "    }",
            "}");

    /** @SuperBuilder: builder classes added in place, generic, one extending the other's. */
    private static final JavaFileObject BASE = JavaFileObjects.forSourceLines("p.Base",
            "package p;",
            "",
            "@lombok.Getter",
            "@lombok.experimental.SuperBuilder",
            "public class Base {",
            "    private final String id;",
            "}");

    private static final JavaFileObject CHILD = JavaFileObjects.forSourceLines("p.Child",
            "package p;",
            "",
            "import static dev.weft.Await.await;",
            "",
            "@lombok.Getter",
            "@lombok.experimental.SuperBuilder",
            "public class Child extends Base {",
            "    private final int size;",
            "",
            "    @dev.weft.annotation.Async",
            "    public static dev.weft.Task<String> make(int n) {",
            "        Child c = Child.builder().id(\"c\" + n).size(await(dev.weft.Task.of(n * 2))).build();",
            "        return dev.weft.Task.of(c.getId() + \"/\" + c.getSize());",
            "    }",
            "",
            "    public static String demo() {",
            "        return dev.weft.EventLoop.run(() -> Child_Async.make(4));",
            "    }",
            "}");

    /** Many at once: chained accessors, both constructors, a @Singular builder of a static method. */
    private static final JavaFileObject ORDER = JavaFileObjects.forSourceLines("p.Order",
            "package p;",
            "",
            "import static dev.weft.Await.await;",
            "",
            "import dev.weft.Task;",
            "import dev.weft.Tasks;",
            "import dev.weft.annotation.Async;",
            "import java.util.ArrayList;",
            "import java.util.List;",
            "import lombok.AllArgsConstructor;",
            "import lombok.Data;",
            "import lombok.EqualsAndHashCode;",
            "import lombok.NoArgsConstructor;",
            "import lombok.Singular;",
            "import lombok.ToString;",
            "import lombok.experimental.Accessors;",
            "",
            "@Data",
            "@NoArgsConstructor",
            "@AllArgsConstructor",
            "@EqualsAndHashCode",
            "@ToString",
            "@Accessors(chain = true)",
            "public class Order {",
            "    private String id;",
            "    private List<String> items = new ArrayList<>();",
            "    private long total;",
            "",
            "    @lombok.Builder(builderMethodName = \"line\")",
            "    static Order lineOrder(String id, @Singular List<String> items) {",
            "        return new Order(id, new ArrayList<>(items), items.size());",
            "    }",
            "",
            "    @Async",
            "    public Task<String> settle(int extra) {",
            "        setTotal(getTotal() + extra);",
            "        await(Tasks.yieldNow());",
            "        Order copy = new Order().setId(getId() + \"-copy\").setTotal(await(Task.of(getTotal() * 2)));",
            "        Order line = Order.line().id(\"L\").item(\"a\").item(\"b\").build();",
            "        return Task.of(this + \" | \" + copy.getId() + \":\" + copy.getTotal() + \" | \" + line.getItems() + \" \" + equals(copy));",
            "    }",
            "",
            "    public static String demo() {",
            "        Order o = new Order_Async();",
            "        o.setId(\"o1\").getItems().add(\"x\");",
            "        return dev.weft.EventLoop.run(() -> o.settle(5));",
            "    }",
            "}");

    @Test
    void asyncBodiesUseWhatLombokAddsWithLombokFirstOrLast() throws Exception {
        for (boolean lombokFirst : new boolean[] {true, false}) {
            String order = lombokFirst ? "Lombok first" : "weft first";
            // Plain alone: nothing tells weft to wait for Lombok but the class Plain uses
            Compilation plainOnly = compile(lombokFirst, USER, PLAIN);
            assertWithMessage(order + ":\n" + CompileSupport.errors(plainOnly)).that(plainOnly.status())
                    .isEqualTo(Compilation.Status.SUCCESS);
            assertWithMessage(order).that(CompileSupport.loader(plainOnly).loadClass("p.Plain")
                    .getMethod("demo").invoke(null)).isEqualTo("cy9");

            Compilation builders = compile(lombokFirst, BASE, CHILD);
            assertWithMessage(order + ":\n" + CompileSupport.errors(builders)).that(builders.status())
                    .isEqualTo(Compilation.Status.SUCCESS);
            assertWithMessage(order).that(CompileSupport.loader(builders).loadClass("p.Child")
                    .getMethod("demo").invoke(null)).isEqualTo("c4/8");

            Compilation many = compile(lombokFirst, ORDER);
            assertWithMessage(order + ":\n" + CompileSupport.errors(many)).that(many.status())
                    .isEqualTo(Compilation.Status.SUCCESS);
            assertThat(CompileSupport.generatedSources(many)).contains("public Order_Async() {");
            assertThat(CompileSupport.generatedSources(many)).contains(
                    "public Order_Async(String id, List<String> items, long total) {");
            assertWithMessage(order).that(CompileSupport.loader(many).loadClass("p.Order").getMethod("demo")
                    .invoke(null)).isEqualTo("Order(id=o1, items=[x], total=5) | o1-copy:10 | [a, b] false");

            Compilation c = compile(lombokFirst, USER, ACCOUNT, PLAIN);
            assertWithMessage(order + ":\n" + CompileSupport.errors(c)).that(c.status())
                    .isEqualTo(Compilation.Status.SUCCESS);
            assertThat(CompileSupport.generatedSources(c))
                    .contains("public Account_Async(String owner, T payload) {");
            ClassLoader loader = CompileSupport.loader(c);
            assertWithMessage(order).that(loader.loadClass("p.Account").getMethod("demo").invoke(null))
                    .isEqualTo("ann:7:42:bo4[a, z]");
            assertWithMessage(order).that(loader.loadClass("p.Plain").getMethod("demo").invoke(null))
                    .isEqualTo("cy9");
        }
    }

    /**
     * Modifiers Lombok adds in place: {@code @Value} makes the class final (a static {@code @Async}
     * method then gets a final {@code Point_Async} beside it), {@code @FieldDefaults} and
     * {@code @Value @NonFinal} make fields private (read through handles), {@code @UtilityClass}
     * makes the methods static and the class final. weft's own copy of the file gets them too.
     */
    @Test
    void modifiersLombokAddsAreTheShadowsToo() throws Exception {
        JavaFileObject point = JavaFileObjects.forSourceLines("p.Point",
                "package p;",
                "",
                "import static dev.weft.Await.await;",
                "",
                "import dev.weft.Task;",
                "import dev.weft.Tasks;",
                "import dev.weft.annotation.Async;",
                "import lombok.Value;",
                "",
                "@Value",
                "public class Point {",
                "    int x;",
                "    @lombok.experimental.NonFinal int y;",
                "",
                "    @Async",
                "    public static Task<Integer> twice(Point p) {",
                "        await(Tasks.yieldNow());",
                "        return Task.of(p.getX() * 2 + p.y);",
                "    }",
                "",
                "    public static int demo() {",
                "        return dev.weft.EventLoop.run(() -> Point_Async.twice(new Point(3, 1)));",
                "    }",
                "}");
        JavaFileObject fd = JavaFileObjects.forSourceLines("p.Fd",
                "package p;",
                "",
                "import static dev.weft.Await.await;",
                "",
                "import dev.weft.Task;",
                "import dev.weft.Tasks;",
                "import dev.weft.annotation.Async;",
                "",
                "@lombok.experimental.FieldDefaults(level = lombok.AccessLevel.PRIVATE)",
                "public class Fd {",
                "    String name = \"n\";",
                "",
                "    @Async",
                "    public Task<String> run() {",
                "        await(Tasks.yieldNow());",
                "        name += \"!\";",
                "        return Task.of(name);",
                "    }",
                "",
                "    public static String demo() {",
                "        return dev.weft.EventLoop.run(() -> new Fd_Async().run());",
                "    }",
                "}");
        JavaFileObject util = JavaFileObjects.forSourceLines("p.Util",
                "package p;",
                "",
                "import static dev.weft.Await.await;",
                "",
                "import dev.weft.Task;",
                "import dev.weft.Tasks;",
                "import dev.weft.annotation.Async;",
                "",
                "@lombok.experimental.UtilityClass",
                "public class Util {",
                "    int factor = 2;",
                "",
                "    @Async",
                "    public Task<Integer> twice(int n) {",
                "        await(Tasks.yieldNow());",
                "        return Task.of(n * factor);",
                "    }",
                "",
                "    public int demo() {",
                "        return dev.weft.EventLoop.run(() -> Util_Async.twice(21));",
                "    }",
                "}");
        JavaFileObject uses = JavaFileObjects.forSourceLines("p.Uses",
                "package p;",
                "",
                "import static dev.weft.Await.await;",
                "",
                "public class Uses {",
                "    @dev.weft.annotation.Async",
                "    public static dev.weft.Task<Integer> both() {",
                "        int a = await(Util_Async.twice(1));",
                "        return dev.weft.Task.of(a + await(Point_Async.twice(new Point(1, 0))));",
                "    }",
                "",
                "    public static int demo() {",
                "        return dev.weft.EventLoop.run(Uses_Async::both);",
                "    }",
                "}");
        for (boolean lombokFirst : new boolean[] {true, false}) {
            String order = lombokFirst ? "Lombok first" : "weft first";
            Compilation c = compile(lombokFirst, point, fd, util, uses);
            assertWithMessage(order + ":\n" + CompileSupport.errors(c) + "\n" + CompileSupport.generatedSources(c))
                    .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
            assertThat(CompileSupport.generatedSources(c)).contains("public final class Point_Async {");
            assertThat(CompileSupport.generatedSources(c)).contains("public final class Util_Async {");
            ClassLoader loader = CompileSupport.loader(c);
            assertWithMessage(order).that(loader.loadClass("p.Point").getMethod("demo").invoke(null)).isEqualTo(7);
            assertWithMessage(order).that(loader.loadClass("p.Fd").getMethod("demo").invoke(null)).isEqualTo("n!");
            assertWithMessage(order).that(loader.loadClass("p.Util").getMethod("demo").invoke(null)).isEqualTo(42);
            assertWithMessage(order).that(loader.loadClass("p.Uses").getMethod("demo").invoke(null)).isEqualTo(4);
        }
    }

    /** An instance {@code @Async} method of a {@code @Value} class: weft's error, on the method, naming {@code @Value}. */
    @Test
    void anInstanceAsyncMethodOfAValueClassIsAnError() throws Exception {
        JavaFileObject point = JavaFileObjects.forSourceLines("p.Point",
                "package p;",
                "",
                "import static dev.weft.Await.await;",
                "",
                "import dev.weft.Task;",
                "import dev.weft.Tasks;",
                "import dev.weft.annotation.Async;",
                "",
                "@lombok.Value",
                "public class Point {",
                "    int x;",
                "",
                "    @Async",
                "    public Task<Integer> twice() {",
                "        await(Tasks.yieldNow());",
                "        return Task.of(x * 2);",
                "    }",
                "}");
        for (boolean lombokFirst : new boolean[] {true, false}) {
            Compilation c = compile(lombokFirst, point);
            String errors = CompileSupport.errors(c);
            assertWithMessage(errors).that(c.status()).isEqualTo(Compilation.Status.FAILURE);
            assertWithMessage(errors).that(errors.lines().count()).isEqualTo(1);
            assertThat(errors).contains("Point.java:14: [weft.not-subclassable]");
            assertThat(errors).contains("Lombok");
        }
    }

    /**
     * {@code @Delegate}: the methods Lombok writes to forward to the field are declared again for
     * weft too, so bodies may call them.
     */
    @Test
    void delegatedMethodsCanBeCalled() throws Exception {
        JavaFileObject bag = JavaFileObjects.forSourceLines("p.Bag",
                "package p;",
                "",
                "import static dev.weft.Await.await;",
                "",
                "import dev.weft.Task;",
                "import dev.weft.Tasks;",
                "import dev.weft.annotation.Async;",
                "import java.util.ArrayList;",
                "import java.util.List;",
                "",
                "public class Bag {",
                "    @lombok.experimental.Delegate",
                "    private final List<String> items = new ArrayList<>();",
                "",
                "    @Async",
                "    public Task<Integer> fill() {",
                "        add(\"x\");",
                "        await(Tasks.yieldNow());",
                "        add(\"y\");",
                "        return Task.of(size());",
                "    }",
                "",
                "    public static int demo() {",
                "        return dev.weft.EventLoop.run(() -> new Bag_Async().fill());",
                "    }",
                "}");
        for (boolean lombokFirst : new boolean[] {true, false}) {
            Compilation c = compile(lombokFirst, bag);
            assertWithMessage(CompileSupport.errors(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
            assertThat(CompileSupport.loader(c).loadClass("p.Bag").getMethod("demo").invoke(null)).isEqualTo(2);
        }
    }

    private static Compilation compile(boolean lombokFirst, JavaFileObject... sources) throws Exception {
        List<Processor> processors = new ArrayList<>(List.of(new WeftProcessor()));
        processors.addAll(lombokFirst ? 0 : 1, lombok());
        return javac().withProcessors(processors).withOptions("-Xlint:all", "-Werror").compile(sources);
    }

    /** Lombok's processors, as its jar lists them for javac: the one that works, the one that claims. */
    private static List<Processor> lombok() throws ReflectiveOperationException {
        List<Processor> out = new ArrayList<>();
        for (String name : List.of("AnnotationProcessor", "ClaimingProcessor")) {
            out.add((Processor) Class.forName("lombok.launch.AnnotationProcessorHider$" + name)
                    .getConstructor().newInstance());
        }
        return out;
    }
}
