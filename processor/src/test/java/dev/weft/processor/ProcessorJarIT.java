package dev.weft.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EventLoop;
import dev.weft.annotation.Async;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor's jar as users get it, after {@code package}: JavaPoet relocated inside it, the
 * registrations javac and Gradle read, and a javac run with that jar alone on the processor path.
 */
class ProcessorJarIT {
    private static final Path JAR = Paths.get(System.getProperty("weft.processor.jar",
            "target/weft-processor.jar"));

    @Test
    void everyClassIsWeftsOwnJavaPoetIncludedAndRelocated() throws IOException {
        List<String> foreign = new ArrayList<>();
        boolean javapoet = false;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (JarEntry e : jar.stream().toList()) {
                String name = e.getName();
                if (name.endsWith(".class") && !name.startsWith("dev/weft/processor/")) {
                    foreign.add(name);
                }
                if (name.startsWith("META-INF/maven/") && !name.endsWith("/")
                        && !name.startsWith("META-INF/maven/dev.weft/")) {
                    foreign.add(name);
                }
                javapoet |= name.equals("dev/weft/processor/shaded/javapoet/TypeName.class");
            }
        }
        assertEquals(List.of(), foreign, "classes or metadata of other projects, not relocated");
        assertTrue(javapoet, "JavaPoet is not inside the jar under dev.weft.processor.shaded.javapoet");
    }

    @Test
    void javacAndGradleFindTheProcessorAndGradleSeesItIsolating() throws IOException {
        assertEquals(List.of("dev.weft.processor.StrayAwaitProcessor", "dev.weft.processor.WeftProcessor"),
                lines("META-INF/services/javax.annotation.processing.Processor"));
        assertEquals(List.of("dev.weft.processor.WeftProcessor,isolating", "dev.weft.processor.StrayAwaitProcessor,isolating"),
                lines("META-INF/gradle/incremental.annotation.processors"));
    }

    @Test
    void theJarAloneOnTheProcessorPathTransformsAndTheResultRuns(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path src = Files.createDirectories(dir.resolve("src/demo"));
        Files.writeString(src.resolve("Greeter.java"), String.join("\n", CompileSupport.GREETER));
        String classPath = location(Async.class) + java.io.File.pathSeparator + location(EventLoop.class);
        Path out = dir.resolve("out");
        run(List.of(tool("javac"), "-cp", classPath, "-processorpath", JAR.toString(),
                "-d", out.toString(), src.resolve("Greeter.java").toString()), "");
        assertTrue(Files.exists(out.resolve("demo/Greeter_Async.class")), "no Greeter_Async");
        run(List.of(tool("java"), "-cp", out + java.io.File.pathSeparator + classPath, "demo.Greeter"),
                "hello ada\n");
    }

    /** A modular build: weft on the module path, the jar on the processor module path as the module dev.weft.processor. */
    @Test
    void theJarOnTheProcessorModulePathTransformsANamedModule(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path src = Files.createDirectories(dir.resolve("src/demo"));
        Files.writeString(src.resolve("Greeter.java"), String.join("\n", CompileSupport.GREETER));
        Files.writeString(dir.resolve("src/module-info.java"), "module demo {\n    requires dev.weft;\n}\n");
        String modulePath = location(Async.class) + java.io.File.pathSeparator + location(EventLoop.class);
        Path out = dir.resolve("out");
        run(List.of(tool("javac"), "-Xlint:all", "-Werror", "--module-path", modulePath,
                "--processor-module-path", JAR.toString(), "-d", out.toString(),
                dir.resolve("src/module-info.java").toString(), src.resolve("Greeter.java").toString()), "");
        run(List.of(tool("java"), "-p", out + java.io.File.pathSeparator + modulePath, "-m", "demo/demo.Greeter"),
                "hello ada\n");
    }

    private static List<String> lines(String entry) throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            JarEntry e = jar.getJarEntry(entry);
            assertTrue(e != null, entry + " is missing from " + JAR);
            try (InputStream in = jar.getInputStream(e)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            }
        }
    }

    private static String location(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tool(String name) {
        return Paths.get(System.getProperty("java.home"), "bin", name).toString();
    }

    /** Runs {@code command} in a process of its own; it must succeed and print {@code expected}. */
    private static void run(List<String> command, String expected) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + "\n" + output);
        assertEquals(expected, output, String.join(" ", command));
    }
}
