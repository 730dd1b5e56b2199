package dev.weft.processor;

import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.weft.processor.analysis.BodyIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * The safety net under the {@link dev.weft.processor.attribution.ShadowCompilation}: a method
 * whose body the shadow javac could not resolve gets no state machine, on the grounds that the
 * user's javac will report the same error. When the user's javac has attributed the class (its
 * {@code ANALYZE} event) and found nothing wrong in that body, the two disagreed (another
 * processor rewrote the trees, as Lombok does; options a processor cannot see, such as
 * {@code --add-exports}): this says so, as a compile error on the method, instead of leaving a
 * method that fails only when it runs.
 */
final class ShadowMismatchCheck implements TaskListener {
    private final Trees trees;
    /** By the user's class's qualified name: its methods that got no state machine, with the name the shadow missed. */
    private final Map<String, List<String[]>> pending = new HashMap<>();

    ShadowMismatchCheck(Trees trees) {
        this.trees = trees;
    }

    /** Remembers that {@code method} of {@code owner} got no state machine because {@code unresolved} did not resolve. */
    void expectError(TypeElement owner, ExecutableElement method, String unresolved) {
        if (method == null) {
            return;
        }
        pending.computeIfAbsent(owner.getQualifiedName().toString(), k -> new ArrayList<>())
                .add(new String[] {method.getSimpleName().toString(), erasedParameters(method), unresolved});
    }

    @Override
    public void finished(TaskEvent e) {
        if (e.getKind() != TaskEvent.Kind.ANALYZE || e.getTypeElement() == null || pending.isEmpty()) {
            return;
        }
        check(e.getTypeElement());
    }

    private void check(TypeElement type) {
        List<String[]> methods = pending.remove(type.getQualifiedName().toString());
        if (methods != null) {
            for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
                for (String[] expected : methods) {
                    if (m.getSimpleName().contentEquals(expected[0]) && erasedParameters(m).equals(expected[1])) {
                        checkMethod(m, expected[2]);
                    }
                }
            }
        }
        for (Element nested : type.getEnclosedElements()) {
            if (nested instanceof TypeElement) {
                check((TypeElement) nested);
            }
        }
    }

    private void checkMethod(ExecutableElement m, String unresolved) {
        TreePath path = trees.getPath(m);
        if (path == null) {
            return;
        }
        // javac has attributed this class already: reading its trees attributes nothing again
        if (new BodyIndex(trees, path).erroneous()) {
            return; // javac found the error too, and reported it
        }
        trees.printMessage(Diagnostic.Kind.ERROR, "[weft.shadow-mismatch] weft could not transform "
                + m.getSimpleName() + "(): reading it again on its own, weft could not resolve " + unresolved
                + ", which this compilation resolves. Something changes this compilation in a way an"
                + " annotation processor cannot see: another processor that rewrites code (such as"
                + " Lombok), or javac options such as --add-exports or --module-path. Move the code that"
                + " needs it out of the @Async method, or report this with your build settings",
                path.getLeaf(), path.getCompilationUnit());
    }

    private static String erasedParameters(ExecutableElement m) {
        StringBuilder sb = new StringBuilder();
        m.getParameters().forEach(p -> sb.append(p.asType().toString().replaceAll("<.*>", "")).append(','));
        return sb.toString();
    }
}
