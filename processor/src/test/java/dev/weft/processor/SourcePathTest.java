package dev.weft.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain javac with {@code -sourcepath}, compiling one file of a package whose other sources sit
 * beside it: javac reads those only when the compiled code uses them. weft must not make it read
 * more (it would compile them implicitly, warn "Implicitly compiled files were not subject to
 * annotation processing", which fails {@code -Werror}, and report the errors of an unrelated file
 * being written). Classes of the same package on the class path (main classes, for a test
 * source) are still found. Real files and real javac.
 */
class SourcePathTest {
    private static final String GREETER = String.join("\n", CompileSupport.GREETER);

    /** javac, weft in process, on {@code source} only; the messages it printed, or "" if none. */
    private static String javac(Path dir, Path source, String classPath, String sourcePath) throws IOException {
        return javac(dir, List.of(source), classPath, sourcePath);
    }

    private static String javac(Path dir, List<Path> sources, String classPath, String sourcePath) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path classes = Files.createDirectories(dir.resolve("classes"));
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-Xlint:all", "-Werror", "-classpath", classPath,
                    "-sourcepath", sourcePath, "-d", classes.toString());
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources));
            task.setProcessors(List.of(new WeftProcessor(), new StrayAwaitProcessor()));
            boolean success = task.call();
            List<String> messages = new ArrayList<>();
            diagnostics.getDiagnostics().forEach(d -> messages.add(d.getKind() + " " + d.getMessage(Locale.ROOT)));
            return success && messages.isEmpty() ? "" : String.join("\n", messages) + (success ? "" : "\n(failed)");
        }
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void otherSourcesOfThePackageAreNotRead(@TempDir Path dir) throws IOException {
        Path greeter = write(dir.resolve("src/demo/Greeter.java"), GREETER);
        write(dir.resolve("src/demo/Other.java"), "package demo;\n\npublic class Other {\n}\n");
        write(dir.resolve("src/demo/Wip.java"), "package demo;\n\npublic class Wip {\n    void broken( {\n}\n");

        String messages = javac(dir, greeter, System.getProperty("java.class.path"), dir.resolve("src").toString());

        assertWithMessage("javac's messages").that(messages).isEmpty();
        assertThat(Files.exists(dir.resolve("classes/demo/Greeter_Async.class"))).isTrue();
        assertWithMessage("Other, compiled implicitly").that(Files.exists(dir.resolve("classes/demo/Other.class")))
                .isFalse();
    }

    @Test
    void classesOfThePackageOnTheClassPathAreFound(@TempDir Path dir) throws IOException {
        // main classes, compiled before: Hidden is named only in Foo's signature, Util only in an
        // on-demand import
        Path main = dir.resolve("main");
        Path hidden = write(main.resolve("demo/Hidden.java"), "package demo;\n\npublic class Hidden {\n"
                + "    public String name() {\n        return \"hidden\";\n    }\n}\n");
        Path foo = write(main.resolve("demo/Foo.java"), "package demo;\n\npublic class Foo {\n"
                + "    public Hidden hidden() {\n        return new Hidden();\n    }\n}\n");
        Path util = write(main.resolve("demo/Util.java"), "package demo;\n\npublic class Util {\n"
                + "    public static String twice(String s) {\n        return s + s;\n    }\n}\n");
        assertThat(javac(main, List.of(foo, hidden, util), System.getProperty("java.class.path"), main.toString())).isEmpty();
        // a test source of the same package, with the main classes on its class path
        Path test = write(dir.resolve("test/demo/UsesFoo.java"), String.join("\n",
                "package demo;",
                "",
                "import static demo.Util.*;",
                "import static dev.weft.Await.await;",
                "",
                "import dev.weft.Task;",
                "import dev.weft.Tasks;",
                "import dev.weft.annotation.Async;",
                "",
                "public class UsesFoo {",
                "    @Async",
                "    public Task<String> name() {",
                "        Foo foo = new Foo();",
                "        await(Tasks.yieldNow());",
                "        return Task.of(twice(foo.hidden().name()));",
                "    }",
                "}",
                ""));

        String messages = javac(dir.resolve("test-out"), test,
                main.resolve("classes") + java.io.File.pathSeparator + System.getProperty("java.class.path"),
                dir.resolve("test").toString());

        assertWithMessage("javac's messages").that(messages).isEmpty();
        assertThat(Files.exists(dir.resolve("test-out/classes/demo/UsesFoo_Async.class"))).isTrue();
    }
}
