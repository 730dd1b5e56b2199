package dev.weft.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.weft.EventLoop;
import dev.weft.annotation.Async;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * weft leaves no warning of its own in a {@code -Xlint:all -Werror} build: reading the class path
 * for its private attribution does not make the user's javac read class files the user's code
 * never needs (as JUnit's {@code AssertionsKt}, whose Kotlin annotations are missing, is beside
 * {@code Assertions}).
 */
class ClasspathLintTest {
    @Test
    void classesBesideAnImportedOneAreNotReadInTheUsersCompilation(@TempDir Path lib) throws Exception {
        Path src = Files.createDirectories(lib.resolve("src/lib"));
        Files.writeString(src.resolve("Meta.java"),
                "package lib; public @interface Meta { int x(); }\n");
        Files.writeString(src.resolve("Odd.java"),
                "package lib; @Meta(x = 1) public class Odd {}\n");
        Files.writeString(src.resolve("Used.java"),
                "package lib; public class Used { public static int one() { return 1; } }\n");
        Path classes = lib.resolve("classes");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int rc = compiler.run(null, null, null, "-d", classes.toString(), src.resolve("Meta.java").toString(),
                src.resolve("Odd.java").toString(), src.resolve("Used.java").toString());
        assertThat(rc).isEqualTo(0);
        Files.delete(classes.resolve("lib/Meta.class")); // Odd's annotation, not on the class path
        Compilation c = javac()
                .withProcessors(new WeftProcessor())
                .withOptions("-Xlint:all", "-Werror")
                .withClasspath(List.of(classes.toFile(), location(EventLoop.class), location(Async.class)))
                .compile(JavaFileObjects.forSourceLines("demo.UsesLib",
                        "package demo;",
                        "",
                        "import static dev.weft.Await.await;",
                        "",
                        "import dev.weft.Task;",
                        "import dev.weft.annotation.Async;",
                        "import lib.Used;",
                        "",
                        "public class UsesLib {",
                        "    @Async",
                        "    public Task<Integer> one() {",
                        "        return Task.of(await(Task.of(Used.one())));",
                        "    }",
                        "}"));
        assertWithMessage(String.join("\n", c.diagnostics().stream().map(d -> d.getMessage(Locale.ROOT)).toList()))
                .that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        assertThat(c.warnings()).isEmpty();
    }

    private static File location(Class<?> type) throws Exception {
        return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile();
    }
}
