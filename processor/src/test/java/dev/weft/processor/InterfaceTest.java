package dev.weft.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code @Async} in interfaces. A static method is transformed as one of a class: {@code
 * Api_Async.ping(...)}, a final class beside the interface, reaching its private static helpers
 * through handles and its constants by name, and called so from other {@code @Async} bodies
 * however they name it. A default method cannot be: weft overrides an instance {@code @Async}
 * method in a generated subclass, and an interface has none; that is an error on the method.
 */
class InterfaceTest {
    private static final String API = String.join("\n",
            "package i;",
            "",
            "import dev.weft.Task;",
            "import dev.weft.Tasks;",
            "import dev.weft.annotation.Async;",
            "import java.util.List;",
            "",
            "import static dev.weft.Await.await;",
            "",
            "public interface Api {",
            "    int LIMIT = 3;",
            "",
            "    @Async",
            "    static Task<String> ping(int n) {",
            "        await(Tasks.yieldNow());",
            "        return Task.of(\"pong\" + twice(n) + helper() + LIMIT + await(count(List.of(1, 2))));",
            "    }",
            "",
            "    @Async",
            "    static Task<Integer> count(List<Integer> xs) {",
            "        await(Tasks.yieldNow());",
            "        return Task.of(xs.size());",
            "    }",
            "",
            "    private static String helper() {",
            "        return \"h\";",
            "    }",
            "",
            "    static int twice(int n) {",
            "        return 2 * n;",
            "    }",
            "}",
            "");

    private static final String CALLER = String.join("\n",
            "package j;",
            "",
            "import dev.weft.Task;",
            "import dev.weft.annotation.Async;",
            "import i.Api;",
            "import java.util.List;",
            "import java.util.function.Function;",
            "",
            "import static dev.weft.Await.await;",
            "",
            "public class Caller {",
            "    @Async",
            "    public static Task<String> go() {",
            "        Function<List<Integer>, Task<Integer>> f = Api::count;",
            "        return Task.of(await(Api.ping(2)) + \"/\" + await(f.apply(List.of(1))));",
            "    }",
            "}",
            "");

    @Test
    void staticMethodsOfAnInterfaceRunThroughApiAsync() throws Exception {
        Compilation c = CompileSupport.compile(JavaFileObjects.forSourceString("i.Api", API),
                JavaFileObjects.forSourceString("j.Caller", CALLER));
        assertWithMessage(CompileSupport.errors(c) + CompileSupport.generatedSources(c))
                .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        ClassLoader loader = CompileSupport.loader(c);
        String pong = CompileSupport.run(loader.loadClass("i.Api_Async"), null, "ping", 5);
        assertThat(pong).isEqualTo("pong10h32");
        // each call reached the transformed method, or its first await would have thrown
        String went = CompileSupport.run(loader.loadClass("j.Caller_Async"), null, "go");
        assertThat(went).isEqualTo("pong4h32/1");
    }

    @Test
    void aDefaultMethodIsAnErrorOnIt() {
        String withDefault = API.replace("    private static String helper() {", String.join("\n",
                "    @Async",
                "    default Task<String> hello() {", // line 26
                "        await(Tasks.yieldNow());",
                "        return Task.of(\"hello\");",
                "    }",
                "",
                "    private static String helper() {"));
        Compilation c = CompileSupport.compileLenient(JavaFileObjects.forSourceString("i.Api", withDefault));
        List<String> errors = CompileSupport.lines(CompileSupport.errors(c));
        assertWithMessage("errors").that(errors).hasSize(1);
        assertThat(errors.get(0)).contains("Api.java:26: [weft.unsupported] @Async default methods of interfaces cannot be"
                + " transformed");
    }
}
