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
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * weft's output of an earlier build handed back to javac as a source, as Maven does after a
 * failed build when {@code useIncrementalCompilation} is false (the generated file is then newer
 * than its class, so Maven counts it stale). javac's Filer cannot write a class it is compiling
 * from a source: when the old file is what weft writes now, nothing needs writing; when its class
 * has changed since, one error that says so, and the old file deleted from the directory of
 * generated sources, so that the next build is clean. Real files and real javac, as in the build.
 */
class StaleOutputTest {
    /** Greeter.java, its class at line 10. */
    private static final String GREETER = String.join("\n", CompileSupport.GREETER);

    private record Result(boolean success, List<String> errors) { }

    /** javac on {@code sources}, weft in process, {@code -s} {@code dir/gen}, warnings as errors. */
    private static Result javac(Path dir, Path... sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Files.createDirectories(dir.resolve("gen"));
        Files.createDirectories(dir.resolve("classes"));
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-Xlint:all,-processing", "-Werror", "-proc:only",
                    "-classpath", System.getProperty("java.class.path"),
                    "-s", dir.resolve("gen").toString(), "-d", dir.resolve("classes").toString());
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjects(sources));
            task.setProcessors(List.of(new WeftProcessor()));
            boolean success = task.call();
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    String file = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName().toString();
                    errors.add(file + ":" + d.getLineNumber() + " " + d.getMessage(Locale.ROOT));
                }
            }
            return new Result(success, errors);
        }
    }

    private static Path write(Path dir, String text) throws IOException {
        Path file = dir.resolve("src/demo/Greeter.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void anEarlierOutputThatIsStillCurrentIsCompiledAsItIs(@TempDir Path dir) throws IOException {
        Path greeter = write(dir, GREETER);
        assertThat(javac(dir, greeter).errors()).isEmpty();
        Path generated = dir.resolve("gen/demo/Greeter_Async.java");
        String first = Files.readString(generated);

        Result again = javac(dir, greeter, generated);

        assertWithMessage("errors").that(again.errors()).isEmpty();
        assertThat(again.success()).isTrue();
        assertWithMessage("the earlier output, kept").that(Files.readString(generated)).isEqualTo(first);
    }

    @Test
    void anEarlierOutputOfAChangedClassIsAnErrorAndIsDeleted(@TempDir Path dir) throws IOException {
        Path greeter = write(dir, GREETER);
        assertThat(javac(dir, greeter).errors()).isEmpty();
        Path generated = dir.resolve("gen/demo/Greeter_Async.java");
        write(dir, GREETER.replace("\"hello \"", "\"hi \""));

        Result stale = javac(dir, greeter, generated);

        assertThat(stale.success()).isFalse();
        assertWithMessage("errors").that(stale.errors()).hasSize(1);
        assertThat(stale.errors().get(0)).startsWith("Greeter.java:10 [weft.stale-output] javac is compiling "
                + generated + ", weft's output for Greeter from an earlier build");
        assertThat(stale.errors().get(0)).contains("weft has deleted it");
        assertWithMessage("the stale output, deleted").that(Files.exists(generated)).isFalse();

        Result next = javac(dir, greeter);
        assertWithMessage("errors of the next build").that(next.errors()).isEmpty();
        assertThat(Files.readString(generated)).contains("\"hi \"");
    }

    @Test
    void aCopyAmongTheUsersSourcesIsNeverDeleted(@TempDir Path dir) throws IOException {
        Path greeter = write(dir, GREETER);
        assertThat(javac(dir, greeter).errors()).isEmpty();
        Path copy = dir.resolve("src/demo/Greeter_Async.java");
        Files.move(dir.resolve("gen/demo/Greeter_Async.java"), copy);
        write(dir, GREETER.replace("\"hello \"", "\"hi \""));

        Result stale = javac(dir, greeter, copy);

        assertWithMessage("errors").that(stale.errors().stream().map(e -> e.substring(0, e.indexOf(" javac")))
                .collect(Collectors.toList())).containsExactly("Greeter.java:10 [weft.stale-output]");
        assertThat(stale.errors().get(0)).contains(": delete it (or build clean");
        assertWithMessage("the user's copy").that(Files.exists(copy)).isTrue();
    }
}
