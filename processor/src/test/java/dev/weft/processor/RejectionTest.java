package dev.weft.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each file in {@code src/test/resources/bad} marks the lines where weft must report, with a
 * comment {@code // expect-error CODE at SNIPPET} (or {@code expect-warning}): the diagnostic
 * must carry {@code [CODE]}, sit in that file, on that line, at the column where SNIPPET starts.
 * weft must report nothing else, and never an error inside generated code.
 */
class RejectionTest {
    private static final Pattern EXPECT = Pattern.compile("// expect-(error|warning) (\\S+) at (.+?)(?= // expect-|$)");

    @TestFactory
    Stream<DynamicTest> eachDiagnosticAtItsPosition() throws IOException {
        List<Path> bads;
        try (Stream<Path> s = Files.list(GoldenTest.RESOURCES.resolve("bad"))) {
            bads = s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        return bads.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private record Expected(Diagnostic.Kind kind, String code, long line, long column) {
        @Override
        public String toString() {
            return kind + " [" + code + "] at " + line + ":" + column;
        }
    }

    private void check(Path bad) throws IOException {
        String source = Files.readString(bad, StandardCharsets.UTF_8);
        String simple = bad.getFileName().toString().replace(".java", "");
        JavaFileObject file = JavaFileObjects.forSourceString("bad." + simple, source);
        List<Expected> expected = new ArrayList<>();
        List<String> lines = source.lines().collect(Collectors.toList());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = EXPECT.matcher(line);
            while (m.find()) {
                String snippet = m.group(3).trim();
                int col = line.indexOf(snippet);
                assertWithMessage("snippet " + snippet + " not on line " + (i + 1)).that(col).isAtLeast(0);
                expected.add(new Expected(m.group(1).equals("error") ? Diagnostic.Kind.ERROR : Diagnostic.Kind.WARNING,
                        m.group(2), i + 1, col + 1));
            }
        }
        Compilation c = CompileSupport.compileLenient(file);
        List<Expected> actual = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            String msg = d.getMessage(Locale.ROOT);
            boolean inGenerated = d.getSource() != null && d.getSource().getName().contains("_Async");
            if (inGenerated) {
                others.add("in generated code: " + d);
                continue;
            }
            if (!msg.startsWith("[weft.")) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    others.add("not from weft: " + d);
                }
                continue;
            }
            assertWithMessage("message says what to do instead: " + msg).that(msg.length()).isGreaterThan(40);
            actual.add(new Expected(d.getKind() == Diagnostic.Kind.MANDATORY_WARNING ? Diagnostic.Kind.WARNING : d.getKind(),
                    msg.substring(1, msg.indexOf(']')), d.getLineNumber(), d.getColumnNumber()));
        }
        assertWithMessage("unexpected diagnostics:\n" + String.join("\n", others)).that(others).isEmpty();
        assertWithMessage("weft's diagnostics for " + bad).that(actual).containsExactlyElementsIn(expected);
    }
}
