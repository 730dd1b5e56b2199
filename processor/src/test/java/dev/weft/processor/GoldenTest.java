package dev.weft.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The generated source of each file in {@code src/test/resources/good} must equal, as text, the
 * file of the same name plus {@code _Async} in {@code expected/}. Run with
 * {@code -Dweft.updateGoldens=true} to rewrite the expected files; the test then prints which
 * changed.
 */
class GoldenTest {
    static final Path RESOURCES = Paths.get("src/test/resources");

    @TestFactory
    Stream<DynamicTest> generatedSourceMatchesTheGoldenFile() throws IOException {
        List<Path> goods;
        try (Stream<Path> s = Files.list(RESOURCES.resolve("good"))) {
            goods = s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        boolean update = Boolean.getBoolean("weft.updateGoldens");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path good : goods) {
            tests.add(DynamicTest.dynamicTest(good.getFileName().toString(), () -> check(good, update)));
        }
        return tests.stream();
    }

    private void check(Path good, boolean update) throws IOException {
        String source = Files.readString(good, StandardCharsets.UTF_8);
        String simple = good.getFileName().toString().replace(".java", "");
        String pkg = source.lines().filter(l -> l.startsWith("package ")).findFirst()
                .map(l -> l.substring(8, l.indexOf(';')) + ".").orElse("");
        JavaFileObject file = JavaFileObjects.forSourceString(pkg + simple, source);
        // -processing: javac warns about annotations that no processor claims (Outer's own @Inject)
        // in any build that runs a processor; GuestTest checks that weft's are claimed
        Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(new WeftProcessor())
                .withOptions("-Xlint:all,-processing", "-Werror").compile(file);
        assertWithMessage(CompileSupport.errors(c) + CompileSupport.warnings(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        List<JavaFileObject> generated = new ArrayList<>(c.generatedSourceFiles());
        assertWithMessage("generated files").that(generated).isNotEmpty();
        for (JavaFileObject g : generated) {
            String name = g.getName().substring(g.getName().lastIndexOf('/') + 1);
            String actual = g.getCharContent(true).toString();
            Path expectedPath = RESOURCES.resolve("expected").resolve(name);
            if (update) {
                String before = Files.exists(expectedPath) ? Files.readString(expectedPath) : null;
                if (!actual.equals(before)) {
                    Files.writeString(expectedPath, actual, StandardCharsets.UTF_8);
                    System.out.println("weft.updateGoldens: " + (before == null ? "created " : "changed ") + expectedPath);
                }
                continue;
            }
            assertWithMessage("no golden file " + expectedPath + " (run with -Dweft.updateGoldens=true)")
                    .that(Files.exists(expectedPath)).isTrue();
            String expected = Files.readString(expectedPath, StandardCharsets.UTF_8);
            assertWithMessage("generated " + name + " differs from " + expectedPath
                    + " (run with -Dweft.updateGoldens=true to accept)").that(actual).isEqualTo(expected);
        }
    }
}
