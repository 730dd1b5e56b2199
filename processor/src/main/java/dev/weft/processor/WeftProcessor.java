package dev.weft.processor;

import com.google.auto.service.AutoService;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.weft.processor.analysis.ClassModel;
import dev.weft.processor.analysis.SourceText;
import dev.weft.processor.attribution.InPlaceMembers;
import dev.weft.processor.attribution.ShadowCompilation;
import dev.weft.processor.attribution.SignatureStub;
import dev.weft.processor.emit.AsyncClassWriter;
import dev.weft.processor.validation.InheritedAsyncCheck;
import dev.weft.processor.validation.SignatureValidator;
import java.io.IOException;
import java.util.HashMap;
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
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * weft's annotation processor: for each class with {@code @Async} methods, writes
 * {@code Foo_Async}, whose methods run the original bodies as state machines.
 *
 * <p>Thin on purpose: it finds the classes, opens a {@link ShadowCompilation} for the round (a
 * private javac where bodies are attributed, beside signature stubs of every {@code Foo_Async}
 * of the round, so that the user's compilation attributes nothing before its time), defers the
 * classes whose bodies mention a class not generated yet to a later round, and hands each class
 * to the phases (validation, analysis, lowering, emit). It claims {@code @Async}, which no other
 * processor has any business with, and {@code @Generated}; no other annotation.
 */
@AutoService(Processor.class)
public final class WeftProcessor extends AbstractProcessor {

    /**
     * javac's environment behind any wrapper (Gradle's): trees, elements and the class path are
     * read here; generated files are written through {@code processingEnv}'s {@code Filer}.
     */
    private ProcessingEnvironment javacEnv;
    private Trees trees;
    private Diagnostics diagnostics;
    private InheritedAsyncCheck inheritance;
    /** Classes deferred to a later round, by qualified name (elements do not survive rounds). */
    private final Set<String> deferred = new LinkedHashSet<>();
    private final Set<String> previouslyDeferred = new HashSet<>();
    private final Set<String> done = new HashSet<>();
    /** The classes weft has written, by qualified name: the qualified name of the class each was written for. */
    private final Map<String, String> written = new HashMap<>();
    /** Every source file of the user's compilation seen so far, by its top-level classes' binary names. */
    private final Map<String, JavaFileObject> userSources = new LinkedHashMap<>();
    /** The files among those that declare more than one top-level class. */
    private final Set<JavaFileObject> multiClassFiles = new HashSet<>();

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        javacEnv = JavacEnvironments.unwrap(env);
        if (javacEnv == null) {
            return; // said in process(), once there is an @Async method to say it on
        }
        trees = Trees.instance(javacEnv);
        diagnostics = new Diagnostics(trees, env.getMessager());
        inheritance = new InheritedAsyncCheck(javacEnv.getElementUtils(), javacEnv.getTypeUtils());
        mismatches = new ShadowMismatchCheck(trees, javacEnv.getElementUtils());
        com.sun.source.util.JavacTask.instance(javacEnv).addTaskListener(mismatches);
    }

    private ShadowMismatchCheck mismatches;

    /**
     * {@code @Async}, and the {@code @Generated} that weft puts on {@code Foo_Async}: claimed, so
     * that {@code -Xlint:processing} does not warn that no processor took them.
     */
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(ClassModel.ASYNC, "javax.annotation.processing.Generated");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (trees == null) {
            reportUnsupportedCompiler(annotations, round);
            return false;
        }
        Elements elements = javacEnv.getElementUtils();
        Map<String, TypeElement> classes = new LinkedHashMap<>();
        for (String name : deferred) {
            TypeElement t = elements.getTypeElement(name);
            if (t != null) {
                classes.put(name, t);
            }
        }
        deferred.clear();
        for (Element root : round.getRootElements()) {
            if (root instanceof TypeElement) {
                remember((TypeElement) root);
                collect((TypeElement) root, classes);
                StrayAwaitProcessor.scan(trees, diagnostics, inheritance, root);
            }
        }
        classes.keySet().removeAll(done);
        if (classes.isEmpty()) {
            return true;
        }
        // Lombok writes @Delegate's methods in a round it asks for, maybe with no new class: not the last
        boolean delegationPending = InPlaceMembers.delegationPending(trees, elements, userSources);
        boolean lastChance = round.processingOver() || (round.getRootElements().isEmpty()
                && previouslyDeferred.containsAll(classes.keySet()) && !delegationPending);
        Map<JavaFileObject, List<InPlaceMembers.Insertion>> inPlace =
                InPlaceMembers.byFile(trees, elements, userSources);
        if (!lastChance && InPlaceMembers.rewritePending(elements, userSources, inPlace)) {
            // Lombok comes after weft on the processor path: its members appear in a later round
            classes.keySet().removeIf(name -> {
                boolean wait = previouslyDeferred.add(name);
                if (wait) {
                    deferred.add(name);
                }
                return wait;
            });
            if (classes.isEmpty()) {
                return true;
            }
        }
        if (!lastChance && delegationPending) {
            deferred.addAll(classes.keySet());
            previouslyDeferred.addAll(classes.keySet());
            return true;
        }
        Set<String> generatedNames = new HashSet<>();
        ShadowCompilation.Sources sources = new ShadowCompilation.Sources();
        for (TypeElement owner : classes.values()) {
            String generated = SignatureValidator.generatedName(owner);
            generatedNames.add(generated);
            sources.stub(generatedQualifiedName(owner), SignatureStub.of(elements, owner, generated,
                    ClassModel.subclassable(owner, this::modifiers), ClassModel.generatedMethods(owner, this::modifiers),
                    this::modifiers));
            TypeElement top = ClassModel.outermost(owner);
            JavaFileObject file = userSources.get(elements.getBinaryName(top).toString());
            if (file != null) {
                sources.parseFirst(elements.getBinaryName(top).toString(), file,
                        inPlace.getOrDefault(file, List.of()));
            }
        }
        for (Map.Entry<String, JavaFileObject> e : userSources.entrySet()) {
            if (multiClassFiles.contains(e.getValue())) {
                sources.parseFirst(e.getKey(), e.getValue(), inPlace.getOrDefault(e.getValue(), List.of()));
            } else {
                sources.onDemand(e.getKey(), e.getValue(), inPlace.getOrDefault(e.getValue(), List.of()));
            }
        }
        try (ShadowCompilation shadow = ShadowCompilation.open(javacEnv, sources)) {
            ClassTransformer transformer = new ClassTransformer(shadow, processingEnv.getFiler(), diagnostics, mismatches);
            for (Map.Entry<String, TypeElement> e : classes.entrySet()) {
                transform(shadow, transformer, e.getKey(), e.getValue(), lastChance, generatedNames);
            }
        } catch (IOException | RuntimeException e) {
            for (TypeElement owner : classes.values()) {
                diagnostics.error("weft.internal-error", "weft could not read this class again to"
                        + " transform it (a bug in weft; please report it): " + e, owner);
            }
        } finally {
            diagnostics.useShadow(null, null);
        }
        return true;
    }

    /**
     * The modifiers of {@code e} in the user's compilation: its element's and its tree's, where
     * Lombok adds some ({@code @UtilityClass} makes methods static) before javac enters them again.
     */
    private Set<Modifier> modifiers(Element e) {
        com.sun.source.tree.Tree tree = e instanceof TypeElement || e instanceof ExecutableElement ? trees.getTree(e) : null;
        com.sun.source.tree.ModifiersTree modifiers = tree instanceof ClassTree ? ((ClassTree) tree).getModifiers()
                : tree instanceof com.sun.source.tree.MethodTree ? ((com.sun.source.tree.MethodTree) tree).getModifiers()
                : null;
        if (modifiers == null || e.getModifiers().containsAll(modifiers.getFlags())) {
            return e.getModifiers();
        }
        Set<Modifier> all = java.util.EnumSet.noneOf(Modifier.class);
        all.addAll(e.getModifiers());
        all.addAll(modifiers.getFlags());
        return all;
    }

    private void transform(ShadowCompilation shadow, ClassTransformer transformer, String name,
            TypeElement owner, boolean lastChance, Set<String> generatedNames) {
        if (inCompactSourceFile(owner)) {
            done.add(name);
            return;
        }
        TreePath userPath = trees.getPath(owner);
        CompilationUnitTree shadowUnit = userPath == null ? null
                : shadow.unit(userPath.getCompilationUnit().getSourceFile().toUri());
        TypeElement shadowOwner = shadowUnit == null ? null : shadow.typeElement(shadowUnit, name);
        if (shadowOwner == null) {
            done.add(name); // not from source
            return;
        }
        if (generatedNameTaken(owner, transformer)) {
            done.add(name);
            return;
        }
        diagnostics.useShadow(shadow, owner);
        ClassTransformer.Outcome outcome;
        try {
            outcome = transformer.transform(owner, shadowOwner, lastChance, generatedNames);
        } catch (RuntimeException | LinkageError | StackOverflowError ex) {
            java.io.StringWriter sw = new java.io.StringWriter();
            ex.printStackTrace(new java.io.PrintWriter(sw));
            String trace = sw.toString();
            diagnostics.error("weft.internal-error", "weft failed on this class (a bug in weft): "
                    + trace.substring(0, Math.min(trace.length(), 3000)), owner);
            outcome = ClassTransformer.Outcome.SKIPPED;
        }
        if (outcome == ClassTransformer.Outcome.WRITTEN) {
            written.put(generatedQualifiedName(owner), owner.getQualifiedName().toString());
        }
        if (outcome == ClassTransformer.Outcome.DEFERRED) {
            deferred.add(name);
            previouslyDeferred.add(name);
        } else {
            done.add(name);
        }
    }

    /**
     * Whether {@code owner} is, or is nested in, the implicitly declared class of a compact source
     * file (Java 25: methods and fields with no class around them); if so, says why weft cannot
     * transform its methods, on each. No code outside that file can name its class, {@code Foo_Async}
     * included, so there is nowhere to put the state machines.
     */
    private boolean inCompactSourceFile(TypeElement owner) {
        TypeElement top = ClassModel.outermost(owner);
        if (top.getKind() != ElementKind.CLASS || !top.getModifiers().contains(Modifier.FINAL)
                || !javacEnv.getElementUtils().getPackageOf(top).isUnnamed()) {
            return false;
        }
        TreePath path = trees.getPath(top);
        if (path == null) {
            return false;
        }
        // javac makes the implicit class final without a modifier in the source: no position for it
        ClassTree tree = (ClassTree) path.getLeaf();
        if (trees.getSourcePositions().getStartPosition(path.getCompilationUnit(), tree.getModifiers())
                != Diagnostic.NOPOS) {
            return false;
        }
        String file = SourceText.fileNameOf(path.getCompilationUnit());
        for (ExecutableElement m : ClassModel.asyncMethodsOf(owner)) {
            diagnostics.error("weft.compact-source-file", "weft cannot transform " + m.getSimpleName() + ": "
                    + file + " is a compact source file (methods with no class declared around them), and no"
                    + " code outside it can name its class, so there is nowhere to put the generated "
                    + SignatureValidator.generatedName(owner) + ". Put the @Async methods in a class in a file of"
                    + " its own (for example Greeter.java, declaring public class Greeter) and call them through"
                    + " new Greeter_Async() from main", m);
        }
        return true;
    }

    /**
     * Whether a source file given to this compilation already declares the class weft is about to
     * write for {@code owner} (javac's Filer would refuse to write it); if so, says where, on
     * {@code owner}. An earlier build's class file on the class path, or source on the source path,
     * is no obstacle: javac takes the one written now. Nor is weft's own output of an earlier build
     * among the sources: {@code transformer} is told, and keeps it or reports it stale.
     */
    private boolean generatedNameTaken(TypeElement owner, ClassTransformer transformer) {
        String generated = SignatureValidator.generatedName(owner);
        String qualified = generatedQualifiedName(owner);
        String writtenFor = written.get(qualified);
        if (writtenFor != null) {
            diagnostics.error("weft.generated-name-taken", "weft writes " + generated + " for " + writtenFor
                    + " already, and would write a class of the same name for " + owner.getQualifiedName()
                    + " (a nested class Outer.Inner and a class Outer_Inner share it): rename one of them", owner);
            return true;
        }
        TypeElement existing = javacEnv.getElementUtils().getTypeElement(qualified);
        TreePath path = existing == null ? null : trees.getPath(existing);
        if (path == null || !userSources.containsValue(path.getCompilationUnit().getSourceFile())) {
            return false; // also when javac found it on its source path: it reads the new one instead
        }
        if (isWeftsOutput(path.getCompilationUnit().getSourceFile())) {
            transformer.earlierOutput(qualified, path.getCompilationUnit().getSourceFile());
            return false;
        }
        diagnostics.error("weft.generated-name-taken", "weft writes " + generated + " for " + owner.getSimpleName()
                + ", and a source of this compilation already declares it: " + path.getCompilationUnit()
                .getSourceFile().getName() + ", a class that is not weft's output; rename it, or "
                + owner.getSimpleName(), owner);
        return true;
    }

    /** Whether {@code file} is a class weft wrote (in an earlier build: this one's are not the user's sources). */
    private static boolean isWeftsOutput(JavaFileObject file) {
        try {
            return file.getCharContent(true).toString().startsWith(AsyncClassWriter.HEADER);
        } catch (IOException e) {
            return false;
        }
    }

    private String generatedQualifiedName(TypeElement owner) {
        return ClassModel.qualifiedGeneratedName(javacEnv.getElementUtils(), owner);
    }

    private boolean unsupportedCompilerReported;

    /**
     * Outside javac, one error on the first {@code @Async} method: none where there is none, so
     * that a project which inherits weft's processor path (from a parent build) and has no
     * {@code @Async} method still builds in Eclipse.
     */
    private void reportUnsupportedCompiler(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (TypeElement annotation : annotations) {
            if (unsupportedCompilerReported || !annotation.getQualifiedName().contentEquals(ClassModel.ASYNC)) {
                continue;
            }
            Element first = round.getElementsAnnotatedWith(annotation).stream().findFirst().orElse(null);
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "[weft.unsupported-compiler] weft's"
                    + " annotation processor runs only in javac (it reads javac's Compiler Tree API), and"
                    + " this compiler is not javac (its processing environment is "
                    + processingEnv.getClass().getName() + "); Eclipse's own compiler (ECJ) cannot run it."
                    + " Compile with javac: in Eclipse, turn annotation processing off for this project and"
                    + " let Maven or Gradle generate target/generated-sources/annotations; elsewhere, javac"
                    + " -processorpath weft-processor.jar", first);
            unsupportedCompilerReported = true;
        }
    }

    /** Remembers the file of a root class, for the shadow compilations of this and later rounds. */
    private void remember(TypeElement root) {
        TreePath path = trees.getPath(root);
        if (path == null) {
            return;
        }
        CompilationUnitTree unit = path.getCompilationUnit();
        diagnostics.addUserUnit(unit);
        JavaFileObject file = unit.getSourceFile();
        String binary = javacEnv.getElementUtils().getBinaryName(root).toString();
        if (userSources.containsValue(file) && !userSources.containsKey(binary)) {
            multiClassFiles.add(file);
        }
        userSources.put(binary, file);
    }

    private static void collect(TypeElement type, Map<String, TypeElement> into) {
        if (!ClassModel.asyncMethodsOf(type).isEmpty()) {
            into.putIfAbsent(type.getQualifiedName().toString(), type);
        }
        for (TypeElement nested : ElementFilter.typesIn(type.getEnclosedElements())) {
            collect(nested, into);
        }
    }
}
