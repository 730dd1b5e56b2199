package dev.weft.processor.oracle;

import dev.weft.processor.WeftProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Runs javac in-process over generated sources, with or without weft's processor. */
final class Javac {
    private Javac() {}

    private static final Pattern OWNER = Pattern.compile("(WeftOracle[VB]\\d+)");

    /** A source to compile. */
    record Source(String qualifiedName, String text) {}

    /** The errors of one compilation by the oracle class they belong to ({@code ""}: none), or how javac crashed. */
    record Result(Map<String, List<String>> errors, String crash) {
        boolean crashed() {
            return crash != null;
        }
    }

    static Result compile(List<Source> sources, Path out, String classpath, boolean withProcessor) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        Path classes = out.resolve("classes");
        Path generated = out.resolve("generated");
        try {
            Files.createDirectories(classes);
            Files.createDirectories(generated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<JavaFileObject> units = new ArrayList<>();
        for (Source s : sources) {
            units.add(new SimpleJavaFileObject(URI.create("string:///" + s.qualifiedName().replace('.', '/') + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return s.text();
                }
            });
        }
        List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "-s", generated.toString(),
                "-classpath", classpath, "-encoding", "UTF-8", "-Xlint:none", "-nowarn", "-Xmaxerrs", "100000",
                "-XDshould-stop.ifError=FLOW", "-implicit:none"));
        if (!withProcessor) {
            options.add("-proc:none");
        }
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavaCompiler.CompilationTask task = javac.getTask(null, fm, diags, options, null, units);
            if (withProcessor) {
                task.setProcessors(List.of(new WeftProcessor()));
            }
            try {
                task.call();
            } catch (RuntimeException | Error e) {
                return new Result(Map.of(), e.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String file = d.getSource() == null ? "" : d.getSource().getName();
            String message = d.getMessage(Locale.ROOT);
            Matcher m = OWNER.matcher(file);
            String owner = m.find() ? m.group(1) : "";
            if (owner.isEmpty()) {
                Matcher inMessage = OWNER.matcher(message);
                owner = inMessage.find() ? inMessage.group(1) : "";
            }
            String where = file.isEmpty() ? "" : Path.of(file.replace("string:///", "/")).getFileName() + ":"
                    + d.getLineNumber() + ": ";
            errors.computeIfAbsent(owner, k -> new ArrayList<>()).add(where + message);
        }
        return new Result(errors, null);
    }
}
