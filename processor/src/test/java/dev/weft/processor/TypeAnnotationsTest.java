package dev.weft.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.weft.EventLoop;
import dev.weft.Task;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Type annotations (jspecify's or the Checker Framework's {@code @Nullable}) in front of a type
 * name that the generated code must write qualified: {@code @Nullable Node} becomes {@code
 * R9.@Nullable Node}, never the illegal {@code @Nullable R9.Node}, wherever the annotation stands
 * (found/R9.java: parameters, type arguments, locals, casts, {@code new}, a record component...).
 */
class TypeAnnotationsTest {
    @Test
    void annotationsFollowTheQualifierAndTheCodeRunsAsWritten() throws Exception {
        // -processing: javac's warning about the file's own annotations, which no processor claims
        String source = Files.readString(GoldenTest.RESOURCES.resolve("found/R9.java"));
        Compilation c = javac().withProcessors(new WeftProcessor())
                .withOptions("-Xlint:all,-processing", "-Werror")
                .compile(JavaFileObjects.forSourceString("p.R9", withPlainTwin(source)));
        assertWithMessage(CompileSupport.errors(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);

        String generated = CompileSupport.generatedSources(c);
        assertThat(generated).contains("run(R9.@R9.TypeOnly Node first, @R9.Both R9.Node second,");
        assertThat(generated).contains("final R9.@R9.TypeOnly @R9.Tagged(\"x\") Node third");
        assertThat(generated).contains("List<R9.@R9.TypeOnly Node> more,");
        assertThat(generated).contains("R9.@R9.TypeOnly Node... rest)");
        assertThat(generated).contains("(R9.@R9.TypeOnly Node) o");
        // a record component is also a field and an accessor, where @Both annotates the type
        assertThat(generated).contains("record Pair(R9.@R9.TypeOnly Node left, R9.@R9.Both Node right)");
        assertThat(generated).doesNotContain("@R9.TypeOnly R9.Node");

        ClassLoader loader = CompileSupport.loader(c);
        Class<?> node = loader.loadClass("p.R9$Node");
        Object[] args = {
            newNode(node, 1), newNode(node, 2), newNode(node, 3),
            List.of(newNode(node, 10), newNode(node, 20)), java.lang.reflect.Array.newInstance(node, 2)
        };
        Method async = loader.loadClass("p.R9_Async").getMethod("run", node, node, node, List.class, args[4].getClass());
        Method plain = loader.loadClass("p.R9").getMethod("runPlain", node, node, node, List.class, args[4].getClass());
        Object expected = plain.invoke(null, args);
        Object actual = EventLoop.run(() -> (Task<?>) async.invoke(null, args));
        assertThat(actual).isEqualTo(expected);
    }

    /**
     * {@code source} with a method {@code runPlain}: {@code run}'s code as written, its awaits of
     * {@code Task.of(x)} replaced by {@code x} and its returned task by the value.
     */
    private static String withPlainTwin(String source) {
        int start = source.indexOf("    @Async");
        int end = source.lastIndexOf('}');
        String plain = source.substring(start, end)
                .replace("    @Async\n    public static Task<Integer> run(", "    public static int runPlain(")
                .replaceAll("await\\(Task\\.of\\(((?:[^()]|\\(\\))*)\\)\\)", "($1)")
                .replaceAll("return Task\\.of\\((.*)\\);", "return $1;");
        assertThat(plain).doesNotContain("await");
        return source.substring(0, end) + "\n" + plain + "}\n";
    }

    private static Object newNode(Class<?> node, int value) throws Exception {
        java.lang.reflect.Constructor<?> constructor = node.getDeclaredConstructor(int.class);
        constructor.setAccessible(true);
        return constructor.newInstance(value);
    }
}
