package dev.weft.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Compiles sources with weft's processor and loads what came out. */
final class CompileSupport {
    private CompileSupport() {}

    /**
     * {@code demo.Greeter}: an instance {@code @Async} method, one in a static nested class, and a
     * {@code main} that prints "hello ada" through {@code Greeter_Async}.
     */
    static final List<String> GREETER = List.of(
            "package demo;",
            "",
            "import static dev.weft.Await.await;",
            "",
            "import dev.weft.EventLoop;",
            "import dev.weft.Task;",
            "import dev.weft.Tasks;",
            "import dev.weft.annotation.Async;",
            "",
            "public class Greeter {",
            "    @Async",
            "    public Task<String> greet(String name) {",
            "        await(Tasks.yieldNow());",
            "        return Task.of(\"hello \" + name);",
            "    }",
            "",
            "    public static class Inner {",
            "        @Async",
            "        public Task<Integer> twice(int n) {",
            "            return Task.of(2 * await(Task.of(n)));",
            "        }",
            "    }",
            "",
            "    public static void main(String[] args) {",
            "        System.out.println(EventLoop.run(() -> new Greeter_Async().greet(\"ada\")));",
            "    }",
            "}",
            "");

    /**
     * Compiles with warnings as errors ({@code -Xlint:all -Werror}): code that compiles clean
     * without weft must compile clean with it, generated code included.
     */
    static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new WeftProcessor(), new StrayAwaitProcessor()).withOptions("-Xlint:all", "-Werror")
                .compile(sources);
    }

    /** Compiles without failing on warnings: for sources that are meant to have errors. */
    static Compilation compileLenient(JavaFileObject... sources) {
        return javac().withProcessors(new WeftProcessor(), new StrayAwaitProcessor()).compile(sources);
    }

    static String errors(Compilation c) {
        return c.diagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.WARNING
                        || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)
                .map(d -> (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
                        + d.getMessage(null))
                .collect(Collectors.joining("\n"));
    }

    static String warnings(Compilation c) {
        return c.diagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)
                .map(d -> (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
                        + d.getMessage(null))
                .collect(Collectors.joining("\n"));
    }

    static String generatedSources(Compilation c) {
        StringBuilder sb = new StringBuilder();
        for (JavaFileObject f : c.generatedSourceFiles()) {
            try {
                sb.append(f.getCharContent(true)).append('\n');
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }
        return sb.toString();
    }

    /** A class loader over the class files a compilation produced. */
    static ClassLoader loader(Compilation c) {
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject f : c.generatedFiles()) {
            if (f.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String name = f.toUri().getPath();
            name = name.substring(name.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(), name.length() - ".class".length())
                    .replace('/', '.');
            try (InputStream in = f.openInputStream()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                classes.put(name, out.toByteArray());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }
        return new ClassLoader(CompileSupport.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = classes.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
    }

    /**
     * Runs {@code target.method(args)} (static: {@code target} null), found by name and number of
     * arguments among {@code k}'s public methods, on an event loop; what its task returns.
     */
    @SuppressWarnings("unchecked")
    static <T> T run(Class<?> k, Object target, String method, Object... args) {
        java.lang.reflect.Method m = java.util.Arrays.stream(k.getMethods())
                .filter(c -> c.getName().equals(method) && c.getParameterCount() == args.length).findFirst()
                .orElseThrow(() -> new AssertionError("no public " + method + " of " + args.length + " arguments in " + k));
        return dev.weft.EventLoop.run(() -> {
            try {
                return (dev.weft.Task<T>) m.invoke(target, args);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
    }

    static List<String> lines(String s) {
        return List.of(s.split("\n", -1));
    }
}
