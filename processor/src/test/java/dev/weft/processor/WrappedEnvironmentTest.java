package dev.weft.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The processor under environments that are not javac's own class: Gradle's, which wraps javac's
 * for incremental processors, and one that is not javac's at all (as under Eclipse's compiler).
 */
class WrappedEnvironmentTest {
    private static final JavaFileObject GREETER =
            JavaFileObjects.forSourceLines("demo.Greeter", CompileSupport.GREETER);

    private static final JavaFileObject USER = JavaFileObjects.forSourceLines("demo.User",
            "package demo;",
            "",
            "class User {",
            "    Object use() {",
            "        return new Greeter_Async().greet(\"ada\");",
            "    }",
            "}");

    @Test
    void underGradlesWrapperEachFileIsWrittenThroughItWithOneOriginatingElement() {
        List<String> written = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Compilation c = javac()
                .withProcessors(new Wrapping(env -> new GradleLikeEnvironment(env, written, problems)))
                .compile(GREETER, USER);
        assertWithMessage(CompileSupport.errors(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        assertThat(written).containsExactly("demo.Greeter_Async <- demo.Greeter",
                "demo.Greeter_Inner_Async <- demo.Greeter");
        assertThat(problems).isEmpty();
    }

    @Test
    void behindAProxyTheHandlersEnvironmentIsJavacs() {
        Compilation c = javac()
                .withProcessors(new Wrapping(env -> (ProcessingEnvironment) java.lang.reflect.Proxy.newProxyInstance(
                        WrappedEnvironmentTest.class.getClassLoader(), new Class<?>[] {ProcessingEnvironment.class},
                        new Forwarder(env))))
                .compile(GREETER, USER);
        assertWithMessage(CompileSupport.errors(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
    }

    /** The handler of a proxy environment, as IntelliJ makes one: the real one in a field of any name. */
    private static final class Forwarder implements java.lang.reflect.InvocationHandler {
        private final ProcessingEnvironment delegateTo;

        Forwarder(ProcessingEnvironment delegateTo) {
            this.delegateTo = delegateTo;
        }

        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(delegateTo, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    @Test
    void underACompilerThatIsNotJavacOneErrorSaysWhatToDo() {
        Compilation c = javac().withProcessors(new Wrapping(NotJavacEnvironment::new)).compile(GREETER);
        assertThat(c.status()).isEqualTo(Compilation.Status.FAILURE);
        List<String> errors = c.errors().stream().map(d -> d.getMessage(Locale.ROOT)).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("[weft.unsupported-compiler] weft's annotation processor runs"
                + " only in javac (it reads javac's Compiler Tree API), and this compiler is not javac (its"
                + " processing environment is " + NotJavacEnvironment.class.getName() + "); Eclipse's own"
                + " compiler (ECJ) cannot run it. Compile with javac:");
        assertThat(c.warnings()).isEmpty();
    }

    /** A project with weft on its processor path but no @Async method builds in any compiler. */
    @Test
    void underACompilerThatIsNotJavacCodeWithoutAsyncCompiles() {
        Compilation c = javac().withProcessors(new Wrapping(NotJavacEnvironment::new)).compile(USER_WITHOUT_ASYNC);
        assertWithMessage(CompileSupport.errors(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
        assertThat(c.warnings()).isEmpty();
    }

    private static final JavaFileObject USER_WITHOUT_ASYNC = JavaFileObjects.forSourceString("demo.Plain",
            "package demo;\n\npublic class Plain {\n    int twice(int x) {\n        return 2 * x;\n    }\n}\n");

    /** Hands weft's processor the environment {@code wrap} makes of javac's, as a build tool does. */
    private static final class Wrapping extends AbstractProcessor {
        private final java.util.function.UnaryOperator<ProcessingEnvironment> wrap;
        private final WeftProcessor weft = new WeftProcessor();

        Wrapping(java.util.function.UnaryOperator<ProcessingEnvironment> wrap) {
            this.wrap = wrap;
        }

        @Override
        public synchronized void init(ProcessingEnvironment env) {
            super.init(env);
            weft.init(wrap.apply(env));
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return weft.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return weft.getSupportedSourceVersion();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return weft.process(annotations, round);
        }
    }

    /** A processing environment that passes everything on to another one, held under any name. */
    private abstract static class Forwarding implements ProcessingEnvironment {
        abstract ProcessingEnvironment target();

        @Override
        public Map<String, String> getOptions() {
            return target().getOptions();
        }

        @Override
        public Messager getMessager() {
            return target().getMessager();
        }

        @Override
        public Filer getFiler() {
            return target().getFiler();
        }

        @Override
        public Elements getElementUtils() {
            return target().getElementUtils();
        }

        @Override
        public Types getTypeUtils() {
            return target().getTypeUtils();
        }

        @Override
        public SourceVersion getSourceVersion() {
            return target().getSourceVersion();
        }

        @Override
        public Locale getLocale() {
            return target().getLocale();
        }

        @Override
        public boolean isPreviewEnabled() {
            return target().isPreviewEnabled();
        }
    }

    /**
     * Made the way Gradle's {@code IncrementalProcessingEnvironment} is: javac's environment in a
     * field named {@code delegate}, and a {@code Filer} that checks what an isolating processor
     * promises (one originating element, a top-level type, per generated file). Its class path
     * reads fail here, so that weft is seen to read the class path through javac's own Filer.
     */
    private static final class GradleLikeEnvironment extends Forwarding {
        private final ProcessingEnvironment delegate;
        private final Filer filer;

        GradleLikeEnvironment(ProcessingEnvironment delegate, List<String> written, List<String> problems) {
            this.delegate = delegate;
            this.filer = new IsolatingFiler(delegate.getFiler(), written, problems);
        }

        @Override
        ProcessingEnvironment target() {
            return delegate;
        }

        @Override
        public Filer getFiler() {
            return filer;
        }
    }

    private static final class IsolatingFiler implements Filer {
        private final Filer delegate;
        private final List<String> written;
        private final List<String> problems;

        IsolatingFiler(Filer delegate, List<String> written, List<String> problems) {
            this.delegate = delegate;
            this.written = written;
            this.problems = problems;
        }

        @Override
        public JavaFileObject createSourceFile(CharSequence name, Element... originatingElements)
                throws IOException {
            if (originatingElements.length != 1) {
                problems.add(name + " has " + originatingElements.length + " originating elements");
            } else {
                Element origin = originatingElements[0];
                if (!(origin instanceof TypeElement) || origin.getEnclosingElement().getKind() != ElementKind.PACKAGE) {
                    problems.add(name + " originates from " + origin + ", not a top-level type");
                } else {
                    written.add(name + " <- " + ((TypeElement) origin).getQualifiedName());
                }
            }
            return delegate.createSourceFile(name, originatingElements);
        }

        @Override
        public JavaFileObject createClassFile(CharSequence name, Element... originatingElements)
                throws IOException {
            problems.add("class file " + name);
            return delegate.createClassFile(name, originatingElements);
        }

        @Override
        public FileObject createResource(JavaFileManager.Location location, CharSequence pkg,
                CharSequence relativeName, Element... originatingElements) throws IOException {
            problems.add("resource " + pkg + "/" + relativeName);
            return delegate.createResource(location, pkg, relativeName, originatingElements);
        }

        @Override
        public FileObject getResource(JavaFileManager.Location location, CharSequence pkg,
                CharSequence relativeName) throws IOException {
            problems.add("read " + location.getName() + " " + pkg + "/" + relativeName + " through the wrapper");
            return delegate.getResource(location, pkg, relativeName);
        }
    }

    /** An environment with no javac behind it that weft could find, as under Eclipse's compiler. */
    private static final class NotJavacEnvironment extends Forwarding {
        private final ProcessingEnvironment compiler;

        NotJavacEnvironment(ProcessingEnvironment compiler) {
            this.compiler = compiler;
        }

        @Override
        ProcessingEnvironment target() {
            return compiler;
        }
    }
}
