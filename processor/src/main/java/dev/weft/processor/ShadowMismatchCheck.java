package dev.weft.processor;

import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
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

    private final javax.lang.model.util.Elements elements;

    ShadowMismatchCheck(Trees trees, javax.lang.model.util.Elements elements) {
        this.trees = trees;
        this.elements = elements;
    }

    /**
     * Remembers that {@code method} of {@code owner} got no state machine because {@code unresolved}
     * did not resolve.
     *
     * @param waitedFor the name weft waited for a processor to generate, or null
     * @param generatedName the class weft wrote for {@code owner}, {@code Foo_Async}
     */
    void expectError(TypeElement owner, ExecutableElement method, String unresolved, String waitedFor,
            String generatedName) {
        if (method == null) {
            return;
        }
        pending.computeIfAbsent(owner.getQualifiedName().toString(), k -> new ArrayList<>())
                .add(new String[] {method.getSimpleName().toString(), erasedParameters(method), unresolved,
                        waitedFor, generatedName, owner.getSimpleName().toString()});
    }

    @Override
    public void finished(TaskEvent e) {
        if (pending.isEmpty()) {
            return;
        }
        if (e.getKind() == TaskEvent.Kind.ANALYZE && e.getTypeElement() != null) {
            check(e.getTypeElement());
        } else if (e.getKind() == TaskEvent.Kind.COMPILATION) {
            // classes javac never analysed: it stopped on errors (another processor's) first
            for (String name : new java.util.TreeSet<>(pending.keySet())) {
                TypeElement type = elements.getTypeElement(name);
                if (type != null) {
                    check(type);
                }
            }
            pending.clear();
        }
    }

    private void check(TypeElement type) {
        List<String[]> methods = pending.remove(type.getQualifiedName().toString());
        if (methods != null) {
            for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
                for (String[] expected : methods) {
                    if (m.getSimpleName().contentEquals(expected[0]) && erasedParameters(m).equals(expected[1])) {
                        checkMethod(m, expected);
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

    private void checkMethod(ExecutableElement m, String[] expected) {
        String unresolved = expected[2];
        TreePath path = trees.getPath(m);
        if (path == null) {
            return;
        }
        if (!attributed(path)) {
            // javac stopped before attributing anything: errors elsewhere, another processor's say
            waitedInVain(path, expected[3], expected[4], expected[5], false);
            return;
        }
        // javac has attributed this class already: reading its trees attributes nothing again
        if (new BodyIndex(trees, path).erroneous()) {
            return; // javac found the error too, and reported it
        }
        if (generatedClass(path, expected[3])) {
            waitedInVain(path, expected[3], expected[4], expected[5], true);
            return;
        }
        trees.printMessage(Diagnostic.Kind.ERROR, "[weft.shadow-mismatch] weft could not transform "
                + m.getSimpleName() + "(): reading it again on its own, weft could not resolve " + unresolved
                + ", which this compilation resolves. Something changes this compilation in a way an"
                + " annotation processor cannot see: another processor that rewrites code (such as"
                + " Lombok), or javac options such as --add-exports or --module-path. Move the code that"
                + " needs it out of the @Async method, or report this with your build settings",
                path.getLeaf(), path.getCompilationUnit());
    }

    /**
     * Whether javac has attributed the body at {@code method} (reading a type set there, never
     * asking for one: that would attribute it now).
     */
    private boolean attributed(TreePath method) {
        boolean[] typed = {false};
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitIdentifier(IdentifierTree node, Void v) {
                typed[0] |= trees.getTypeMirror(getCurrentPath()) != null;
                return null;
            }

            @Override
            public Void visitLiteral(LiteralTree node, Void v) {
                typed[0] |= trees.getTypeMirror(getCurrentPath()) != null;
                return null;
            }
        }.scan(new TreePath(method, ((MethodTree) method.getLeaf()).getBody()), null);
        return typed[0];
    }

    /**
     * Whether {@code name}, as the attributed body at {@code method} first uses it, is a class
     * compiled from source in this compilation: one that a processor generated after weft wrote
     * {@code Foo_Async} (the shadow compilation sees every source before).
     */
    private boolean generatedClass(TreePath method, String name) {
        TreePath use = firstUse(method, name);
        Element e = use == null ? null : trees.getElement(use);
        return e instanceof TypeElement && trees.getPath(e) != null;
    }

    /** The path of the first identifier {@code name} in the body at {@code method}, or null. */
    private static TreePath firstUse(TreePath method, String name) {
        if (name == null) {
            return null;
        }
        TreePath[] first = {null};
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitIdentifier(IdentifierTree node, Void v) {
                if (first[0] == null && node.getName().contentEquals(name)) {
                    first[0] = getCurrentPath();
                }
                return null;
            }
        }.scan(new TreePath(method, ((MethodTree) method.getLeaf()).getBody()), null);
        return first[0];
    }

    /**
     * The error for a body that names {@code name}, which weft waited for a processor to generate
     * until it had to write {@code Foo_Async}: at the first use of the name in the body. Either it
     * was generated later ({@code generatedLater}), or never, in a compilation that stopped (on
     * another processor's errors) before javac could say so itself. The likely cause is a processor
     * that generates {@code name} from code naming {@code Foo_Async} (Dagger's component): each
     * waits for the other.
     */
    private void waitedInVain(TreePath method, String name, String generatedName, String owner,
            boolean generatedLater) {
        if (name == null) {
            return; // an error javac reports once it gets to attributing, after the others are fixed
        }
        TreePath first = firstUse(method, name);
        String methodName = ((MethodTree) method.getLeaf()).getName().toString();
        trees.printMessage(Diagnostic.Kind.ERROR, "[weft.not-generated-in-time] " + name + " was not generated"
                + (generatedLater ? " until after weft had written " + generatedName : "") + ": weft waited for a"
                + " processor to generate it as long as it could, then wrote " + generatedName + " without "
                + methodName + "'s state machine. If a processor generates " + name + " from code that names "
                + generatedName + " (a Dagger @Component that provides it, say), the two wait on each other:"
                + " move the use of " + name + " out of " + owner + "'s @Async methods (into a plain method of"
                + " another class, say)" + (generatedLater ? "" : "; otherwise, check the name and its import"),
                first != null ? first.getLeaf() : method.getLeaf(), method.getCompilationUnit());
    }

    private static String erasedParameters(ExecutableElement m) {
        StringBuilder sb = new StringBuilder();
        m.getParameters().forEach(p -> sb.append(p.asType().toString().replaceAll("<.*>", "")).append(','));
        return sb.toString();
    }
}
