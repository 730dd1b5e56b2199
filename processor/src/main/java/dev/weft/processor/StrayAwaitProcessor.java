package dev.weft.processor;

import com.google.auto.service.AutoService;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.weft.processor.validation.InheritedAsyncCheck;
import dev.weft.processor.validation.StrayAwaitScanner;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Looks at every source file for weft's two mistakes that leave no {@code @Async} method for
 * {@link WeftProcessor} to be called on: {@code await(...)} in a method that is not
 * {@code @Async} (a newcomer's first file, which forgot the annotation), and {@code @Async} on a
 * method of a local or anonymous class, whose annotation javac does not hand to processors.
 * Without this processor both would compile and fail only at run time.
 *
 * <p>It supports every annotation ({@code "*"}), so that javac calls it in every round, even one
 * with no annotation at all, and claims none ({@code process} returns false), so that it takes
 * nothing from other processors. {@link WeftProcessor} claims {@code @Async} itself, and looks at
 * the same files when it is the only weft processor a build names ({@code -processor}); each file
 * is scanned once ({@link StrayAwaitScanner#firstLook}). Reading names only, it attributes
 * nothing, and a file that never mentions {@code dev.weft} costs one look at its text.
 */
@AutoService(Processor.class)
public final class StrayAwaitProcessor extends AbstractProcessor {
    private Trees trees;
    private Diagnostics diagnostics;
    private InheritedAsyncCheck inheritance;

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        ProcessingEnvironment javacEnv = JavacEnvironments.unwrap(env);
        if (javacEnv == null) {
            return; // not javac: WeftProcessor says so, on an @Async method
        }
        trees = Trees.instance(javacEnv);
        diagnostics = new Diagnostics(trees, env.getMessager());
        inheritance = new InheritedAsyncCheck(javacEnv.getElementUtils(), javacEnv.getTypeUtils());
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
        if (trees != null) {
            for (Element root : round.getRootElements()) {
                scan(trees, diagnostics, inheritance, root);
            }
        }
        return false;
    }

    /**
     * Scans the file of {@code root} for stray awaits and local {@code @Async} methods, and its
     * classes for {@code @Async} methods they inherit untransformed, once per file.
     */
    static void scan(Trees trees, Diagnostics diagnostics, InheritedAsyncCheck inheritance, Element root) {
        TreePath path = root instanceof TypeElement ? trees.getPath(root) : null;
        if (path == null) {
            return;
        }
        CompilationUnitTree unit = path.getCompilationUnit();
        if (StrayAwaitScanner.firstLook(unit)) {
            diagnostics.print(new StrayAwaitScanner().scan(unit));
            for (Tree declared : unit.getTypeDecls()) {
                Element type = trees.getElement(new TreePath(new TreePath(unit), declared));
                if (type instanceof TypeElement) {
                    inheritance.check((TypeElement) type,
                            (c, message) -> diagnostics.warning("weft.inherited-async", message, c));
                }
            }
        }
    }
}
