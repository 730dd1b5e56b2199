package dev.weft.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The smallest forms of what the real-code oracle found in library code (resources/found/:
 * awaited poly expressions, a wildcard of an F-bounded type, values of capture types, a local
 * class capturing a local, an inherited member type hidden by a private one, a member class of
 * an anonymous class, an awaited multi-catch parameter, capture types that overloaded and generic
 * calls infer from, type annotations in front of a name written qualified, a value whose type
 * names a class private to another): each compiles, and the generated code adds no warning (the library
 * code they come from has warnings of its own, which stay the user's).
 */
class FoundInRealCodeTest {
    @Test
    void eachCompiles() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(GoldenTest.RESOURCES.resolve("found"))) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        assertWithMessage("reproducers").that(files).isNotEmpty();
        List<String> failures = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString().replace(".java", "");
            Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(new WeftProcessor())
                    .withOptions("-Xlint:all").compile(JavaFileObjects.forSourceString("p." + name, Files.readString(f)));
            boolean generatedWarns = c.diagnostics().stream()
                    .anyMatch(d -> d.getSource() != null && d.getSource().getName().endsWith("_Async.java"));
            if (c.status() != Compilation.Status.SUCCESS || generatedWarns) {
                failures.add(name + ":\n" + CompileSupport.errors(c));
            }
        }
        assertWithMessage(String.join("\n\n", failures)).that(failures).isEmpty();
    }
}
