package dev.weft.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * weft under Eclipse's own compiler (ECJ, the one Eclipse builds with), run for real: it has no
 * Compiler Tree API, so weft cannot transform anything there. What it must do is what README's
 * IDEs section promises: one clear error per compilation, on an {@code @Async} method, and
 * nothing at all in a project without {@code @Async} methods. Never an exception out of the
 * processor, which Eclipse would show as a crash of the build.
 */
class EclipseCompilerTest {
    /** A first file, as a user writes it before any code uses {@code Greeter_Async}. */
    private static final List<String> GREETER = List.of(
            "package demo;",
            "",
            "import static dev.weft.Await.await;",
            "",
            "import dev.weft.Task;",
            "import dev.weft.Tasks;",
            "import dev.weft.annotation.Async;",
            "",
            "public class Greeter {",
            "    @Async",
            "    public Task<String> greet(String name) {", // line 11
            "        await(Tasks.yieldNow());",
            "        return Task.of(\"hello \" + name);",
            "    }",
            "",
            "    @Async",
            "    public static Task<Integer> twice(int n) {", // line 17
            "        return Task.of(2 * await(Task.of(n)));",
            "    }",
            "}");

    private static final List<String> PLAIN = List.of(
            "package demo;",
            "",
            "public class Plain {",
            "    int one() { return 1; }",
            "}");

    private record Result(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, List<Path> written) {
        List<Diagnostic<? extends JavaFileObject>> errors() {
            return diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).collect(Collectors.toList());
        }
    }

    /** ECJ on real files (its file manager reads no in-memory sources), weft's processor in process. */
    private static Result ecj(Path dir, Map<String, List<String>> sources) throws IOException {
        List<File> files = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : sources.entrySet()) {
            Path file = dir.resolve("src").resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
            files.add(file.toFile());
        }
        Path out = Files.createDirectories(dir.resolve("out"));
        Path generated = Files.createDirectories(dir.resolve("generated"));
        EclipseCompiler ecj = new EclipseCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = ecj.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-17", "-proceedOnError", "-classpath", System.getProperty("java.class.path"),
                    "-d", out.toString(), "-s", generated.toString());
            JavaCompiler.CompilationTask task = ecj.getTask(new PrintWriter(new StringWriter()), fm, diagnostics, options, null,
                    fm.getJavaFileObjectsFromFiles(files));
            task.setProcessors(List.of(new WeftProcessor()));
            boolean success = task.call();
            List<Path> written;
            try (Stream<Path> walk = Files.walk(generated)) {
                written = walk.filter(Files::isRegularFile).collect(Collectors.toList());
            }
            return new Result(success, diagnostics.getDiagnostics(), written);
        }
    }

    @Test
    void oneErrorOnAnAsyncMethodSaysToCompileWithJavac(@TempDir Path dir) throws IOException {
        Result r = ecj(dir, Map.of("demo.Greeter", GREETER, "demo.Plain", PLAIN));
        List<Diagnostic<? extends JavaFileObject>> errors = r.errors();
        assertWithMessage(r.diagnostics().toString()).that(errors).hasSize(1);
        Diagnostic<? extends JavaFileObject> error = errors.get(0);
        assertThat(error.getMessage(Locale.ROOT)).startsWith("[weft.unsupported-compiler] weft's annotation processor"
                + " runs only in javac");
        assertThat(error.getMessage(Locale.ROOT)).contains("Eclipse's own compiler (ECJ) cannot run it");
        assertThat(error.getSource().getName()).endsWith("Greeter.java");
        assertThat(error.getLineNumber()).isAnyOf(11L, 17L); // ECJ hands the methods over in no set order
        assertThat(r.written()).isEmpty();
    }

    @Test
    void aProjectWithoutAsyncMethodsBuildsAsWithoutWeft(@TempDir Path dir) throws IOException {
        Result r = ecj(dir, Map.of("demo.Plain", PLAIN));
        assertWithMessage(r.diagnostics().toString()).that(r.success()).isTrue();
        assertThat(r.diagnostics().stream().map(d -> d.getMessage(Locale.ROOT))
                .filter(m -> m.contains("weft")).collect(Collectors.toList())).isEmpty();
        assertThat(r.written()).isEmpty();
        assertThat(Files.exists(dir.resolve("out/demo/Plain.class"))).isTrue();
    }
}
