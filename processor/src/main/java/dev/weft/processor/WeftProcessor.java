package dev.weft.processor;

import com.google.auto.service.AutoService;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.weft.processor.validation.StrayAwaitScanner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * weft's annotation processor: for each class with {@code @Async} methods, writes
 * {@code Foo_Async}, whose methods run the original bodies as state machines.
 *
 * <p>Thin on purpose: it finds the classes, defers those whose bodies mention a class not
 * generated yet to a later round, and hands each class to the phases (validation, analysis,
 * lowering, emit). It sees every root type ({@code "*"}) so that it can reject an
 * {@code await} outside any {@code @Async} method. It never claims an annotation.
 */
@AutoService(Processor.class)
public final class WeftProcessor extends AbstractProcessor {
    static final String ASYNC = "dev.weft.annotation.Async";

    private Trees trees;
    private Diagnostics diagnostics;
    private ClassTransformer transformer;
    /** Classes deferred to a later round, by qualified name (elements do not survive rounds). */
    private final Set<String> deferred = new LinkedHashSet<>();
    private final Set<String> done = new HashSet<>();
    private final Set<CompilationUnitTree> scannedUnits = new HashSet<>();

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        try {
            trees = Trees.instance(env);
        } catch (IllegalArgumentException e) {
            env.getMessager().printMessage(Diagnostic.Kind.ERROR, "[weft.unsupported-compiler] weft needs"
                    + " javac's Compiler Tree API; run it with javac");
            return;
        }
        diagnostics = new Diagnostics(trees, env.getMessager());
        transformer = new ClassTransformer(env, trees, diagnostics);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (trees == null) {
            return false;
        }
        Map<TypeElement, List<ExecutableElement>> classes = new LinkedHashMap<>();
        for (String name : deferred) {
            TypeElement t = processingEnv.getElementUtils().getTypeElement(name);
            if (t != null) {
                collect(t, classes);
            }
        }
        deferred.clear();
        for (Element root : round.getRootElements()) {
            if (root instanceof TypeElement) {
                collect((TypeElement) root, classes);
                scanForStrayAwaits((TypeElement) root);
            }
        }
        boolean lastChance = round.processingOver() || (round.getRootElements().isEmpty() && !classes.isEmpty()
                && everyClassWasDeferredBefore(classes));
        Set<String> generatedNames = new HashSet<>();
        for (TypeElement t : classes.keySet()) {
            if (!done.contains(t.getQualifiedName().toString())) {
                generatedNames.add(dev.weft.processor.validation.SignatureValidator.generatedName(t));
            }
        }
        // A body may await a Foo_Async that this round writes, before javac knows its type. First
        // write the classes that need none of those; the rest wait one round, when their awaits
        // have real types. Only when nothing could be written (bodies that name each other's
        // Foo_Async) are the rest written now, against names that do not resolve yet.
        Set<String> visibleNow = lastChance ? generatedNames : Set.of();
        Map<TypeElement, List<ExecutableElement>> waiting = transformAll(classes, lastChance, visibleNow);
        if (!waiting.isEmpty() && !wroteThisRound && !lastChance) {
            deferred.removeAll(names(waiting));
            transformAll(waiting, false, generatedNames);
        }
        wroteThisRound = false;
        return false;
    }

    /** Whether {@link #transformAll} wrote a class in the current round. */
    private boolean wroteThisRound;

    /** Transforms each class not done yet; returns those deferred to a later round. */
    private Map<TypeElement, List<ExecutableElement>> transformAll(
            Map<TypeElement, List<ExecutableElement>> classes, boolean lastChance, Set<String> generatedNames) {
        Map<TypeElement, List<ExecutableElement>> waiting = new LinkedHashMap<>();
        for (Map.Entry<TypeElement, List<ExecutableElement>> e : classes.entrySet()) {
            TypeElement owner = e.getKey();
            String name = owner.getQualifiedName().toString();
            if (done.contains(name)) {
                continue;
            }
            ClassTransformer.Outcome outcome;
            try {
                outcome = transformer.transform(owner, e.getValue(), lastChance, generatedNames);
            } catch (RuntimeException | LinkageError | StackOverflowError ex) {
                java.io.StringWriter sw = new java.io.StringWriter();
                ex.printStackTrace(new java.io.PrintWriter(sw));
                String trace = sw.toString();
                diagnostics.error("weft.internal-error", "weft failed on this class (a bug in weft): "
                        + trace.substring(0, Math.min(trace.length(), 3000)), owner);
                outcome = ClassTransformer.Outcome.SKIPPED;
            }
            if (outcome == ClassTransformer.Outcome.DEFERRED) {
                deferred.add(name);
                previouslyDeferred.add(name);
                waiting.put(owner, e.getValue());
            } else {
                done.add(name);
                wroteThisRound |= outcome == ClassTransformer.Outcome.WRITTEN;
            }
        }
        return waiting;
    }

    private static Set<String> names(Map<TypeElement, List<ExecutableElement>> classes) {
        Set<String> names = new HashSet<>();
        for (TypeElement t : classes.keySet()) {
            names.add(t.getQualifiedName().toString());
        }
        return names;
    }

    private final Set<String> previouslyDeferred = new HashSet<>();

    private boolean everyClassWasDeferredBefore(Map<TypeElement, List<ExecutableElement>> classes) {
        for (TypeElement t : classes.keySet()) {
            if (!previouslyDeferred.contains(t.getQualifiedName().toString())) {
                return false;
            }
        }
        return true;
    }

    private void collect(TypeElement type, Map<TypeElement, List<ExecutableElement>> into) {
        List<ExecutableElement> methods = new ArrayList<>();
        for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (m.getAnnotationMirrors().stream()
                    .anyMatch(a -> a.getAnnotationType().toString().equals(ASYNC))) {
                methods.add(m);
            }
        }
        if (!methods.isEmpty()) {
            into.put(type, methods);
        }
        for (TypeElement nested : ElementFilter.typesIn(type.getEnclosedElements())) {
            collect(nested, into);
        }
    }

    private void scanForStrayAwaits(TypeElement root) {
        TreePath path = trees.getPath(root);
        if (path == null || !scannedUnits.add(path.getCompilationUnit())) {
            return;
        }
        diagnostics.print(new StrayAwaitScanner(trees).scan(path.getCompilationUnit()));
    }
}
