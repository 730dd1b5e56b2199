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
 * weft beside Dagger, which generates a component from code that names {@code Foo_Async}:
 * {@code Foo_Async} is injectable as {@code Foo} is (its constructors carry {@code @Inject}, the
 * ones Lombok wrote too; its class carries {@code Foo}'s scope), in either order on the path.
 */
class DaggerTest {
    private static final JavaFileObject GREETER = JavaFileObjects.forSourceLines("demo.Greeter",
            "package demo;",
            "",
            "import static dev.weft.Await.await;",
            "",
            "import dev.weft.Task;",
            "import dev.weft.Tasks;",
            "import dev.weft.annotation.Async;",
            "import javax.inject.Inject;",
            "import javax.inject.Singleton;",
            "",
            "@Singleton",
            "public class Greeter {",
            "    @Inject",
            "    public Greeter() {}",
            "",
            "    @Async",
            "    public Task<String> greet(String name) {",
            "        await(Tasks.yieldNow());",
            "        return Task.of(\"hello \" + name);",
            "    }",
            "}");

    private static final JavaFileObject SERVICE = JavaFileObjects.forSourceLines("demo.Service",
            "package demo;",
            "",
            "import static dev.weft.Await.await;",
            "",
            "import dev.weft.Task;",
            "import dev.weft.Tasks;",
            "import dev.weft.annotation.Async;",
            "import javax.inject.Inject;",
            "import lombok.RequiredArgsConstructor;",
            "",
            "@RequiredArgsConstructor(onConstructor_ = @Inject)",
            "public class Service {",
            "    private final Greeter_Async greeter;",
            "",
            "    @Async",
            "    public Task<String> welcome(String name) {",
            "        String greeting = await(greeter.greet(name));",
            "        return Task.of(greeting + \"!\");",
            "    }",
            "}");

    private static final JavaFileObject APP = JavaFileObjects.forSourceLines("demo.App",
            "package demo;",
            "",
            "import javax.inject.Singleton;",
            "",
            "@Singleton",
            "@dagger.Component",
            "public interface App {",
            "    Greeter_Async greeter();",
            "",
            "    Service_Async service();",
            "",
            "    static String demo() {",
            "        App app = DaggerApp.create();",
            "        String same = app.greeter() == app.greeter() ? \"one \" : \"two \";",
            "        return same + dev.weft.EventLoop.run(() -> app.service().welcome(\"ada\"));",
            "    }",
            "}");

    @Test
    void fooAsyncIsInjectedAsFooIs() throws Exception {
        for (int weftAt = 0; weftAt < 3; weftAt++) {
            Compilation c = compile(weftAt, GREETER, SERVICE, APP);
            String order = "weft at " + weftAt + ":\n" + CompileSupport.errors(c);
            assertWithMessage(order).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
            assertWithMessage(order).that(CompileSupport.loader(c).loadClass("demo.App").getMethod("demo")
                    .invoke(null)).isEqualTo("one hello ada!");
            String generated = CompileSupport.generatedSources(c);
            assertThat(generated).contains("@Singleton\npublic class Greeter_Async extends Greeter {");
            assertThat(generated).contains("@Inject\n    public Service_Async(Greeter_Async greeter) {");
        }
    }

    /**
     * A body that uses the component Dagger generates from code naming {@code Greeter_Async}: weft
     * waits for {@code DaggerApp}, Dagger for {@code Greeter_Async}. weft's error says so, where
     * the body names {@code DaggerApp}, and nothing blames Lombok.
     */
    @Test
    void aBodyThatWaitsForWhatWaitsForFooAsyncIsWeftsError() throws Exception {
        JavaFileObject greeter = JavaFileObjects.forSourceLines("demo.Greeter",
                "package demo;",
                "",
                "import static dev.weft.Await.await;",
                "",
                "import dev.weft.Task;",
                "import dev.weft.Tasks;",
                "import dev.weft.annotation.Async;",
                "import javax.inject.Inject;",
                "",
                "@lombok.ToString",
                "public class Greeter {",
                "    @Inject",
                "    public Greeter() {}",
                "",
                "    @Async",
                "    public Task<String> greet(String name) {",
                "        await(Tasks.yieldNow());",
                "        return Task.of(DaggerApp.create().toString() + name);",
                "    }",
                "}");
        JavaFileObject app = JavaFileObjects.forSourceLines("demo.App",
                "package demo;",
                "",
                "@dagger.Component",
                "public interface App {",
                "    Greeter_Async greeter();",
                "}");
        for (int weftAt = -1; weftAt < 3; weftAt++) {
            Compilation c = weftAt < 0 // weft and Dagger alone
                    ? javac().withProcessors(new WeftProcessor(), (Processor) Class.forName(
                            "dagger.internal.codegen.ComponentProcessor").getConstructor().newInstance())
                            .compile(greeter, app)
                    : compile(weftAt, greeter, app);
            String errors = CompileSupport.errors(c);
            assertWithMessage(errors).that(c.status()).isEqualTo(Compilation.Status.FAILURE);
            assertWithMessage(errors).that(errors).contains("demo/Greeter.java:18: [weft.not-generated-in-time] DaggerApp");
            assertWithMessage(errors).that(errors).doesNotContain("weft.shadow-mismatch");
        }
    }

    /** weft at {@code weftAt} among Lombok's two processors and Dagger's. */
    static Compilation compile(int weftAt, JavaFileObject... sources) throws Exception {
        List<Processor> processors = new ArrayList<>(List.of(
                (Processor) Class.forName("lombok.launch.AnnotationProcessorHider$AnnotationProcessor")
                        .getConstructor().newInstance(),
                (Processor) Class.forName("lombok.launch.AnnotationProcessorHider$ClaimingProcessor")
                        .getConstructor().newInstance(),
                (Processor) Class.forName("dagger.internal.codegen.ComponentProcessor").getConstructor().newInstance()));
        processors.add(weftAt == 0 ? 0 : weftAt == 1 ? 2 : 3, new WeftProcessor());
        return javac().withProcessors(processors).withOptions("-Xlint:all").compile(sources);
    }
}
