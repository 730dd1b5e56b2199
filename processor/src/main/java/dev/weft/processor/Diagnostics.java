package dev.weft.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.weft.processor.attribution.ShadowCompilation;
import dev.weft.processor.attribution.UserPositions;
import dev.weft.processor.validation.ValidationReport;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Prints weft's diagnostics at exact source positions. Every message starts with a stable code
 * in brackets ({@code [weft.await-in-lambda] ...}) and says what to do instead.
 *
 * <p>Trees and elements of the {@link ShadowCompilation} where weft attributes bodies are mapped
 * to the same positions in the user's files: the user's compilation prints every message.
 */
public final class Diagnostics {
    private final Trees trees;
    private final Messager messager;
    private final UserPositions positions;
    private ShadowCompilation shadow;
    /** The user's element that messages with no position of their own are put on. */
    private Element fallback;
    private int errors;

    public Diagnostics(Trees trees, Messager messager) {
        this.trees = trees;
        this.messager = messager;
        this.positions = new UserPositions(trees);
    }

    /** Makes {@code unit}, of the user's compilation, one that shadow trees are mapped into. */
    public void addUserUnit(CompilationUnitTree unit) {
        positions.add(unit);
    }

    /**
     * From now on, trees and elements of {@code shadow} are printed at their place in the user's
     * files; a message whose place cannot be found goes on {@code fallback}, the user's element.
     */
    public void useShadow(ShadowCompilation shadow, Element fallback) {
        this.shadow = shadow;
        this.fallback = fallback;
    }

    public void print(ValidationReport report) {
        for (ValidationReport.Item item : report.items()) {
            print(item.kind, item.code, item.message, item.tree, item.unit, item.element);
        }
    }

    public void print(Diagnostic.Kind kind, String code, String message, Tree tree,
            CompilationUnitTree unit, Element element) {
        String text = "[" + code + "] " + message;
        if (kind == Diagnostic.Kind.ERROR) {
            errors++;
        } else if (kind != Diagnostic.Kind.NOTE && tree != null && unit != null && suppressed(code, tree, unit)) {
            return;
        }
        if ((tree == null || unit == null) && element != null && isShadowElement(element)) {
            TreePath path = shadow.trees().getPath(element);
            tree = path.getLeaf();
            unit = path.getCompilationUnit();
        }
        if (tree != null && unit != null && isShadow(unit)) {
            UserPositions.At at = positions.find(shadow, unit, anchor(tree));
            if (at == null) {
                at = positions.find(shadow, unit, tree);
            }
            if (at != null) {
                trees.printMessage(kind, text, at.tree, at.unit);
            } else if (fallback != null) {
                messager.printMessage(kind, text, fallback);
            } else {
                messager.printMessage(kind, text);
            }
        } else if (tree != null && unit != null) {
            trees.printMessage(kind, text, anchor(tree), unit);
        } else if (element != null && !isShadowElement(element)) {
            messager.printMessage(kind, text, element);
        } else {
            messager.printMessage(kind, text);
        }
    }

    /**
     * Whether a declaration around {@code tree} says {@code @SuppressWarnings("weft.code")} (or
     * {@code "weft"} for all of weft's warnings), as javac's own lint categories are suppressed.
     */
    private boolean suppressed(String code, Tree tree, CompilationUnitTree unit) {
        Trees at = isShadow(unit) ? shadow.trees() : trees;
        TreePath path = at.getPath(unit, tree);
        for (TreePath p = path; p != null; p = p.getParentPath()) {
            Tree leaf = p.getLeaf();
            if (!(leaf instanceof com.sun.source.tree.ClassTree || leaf instanceof com.sun.source.tree.MethodTree
                    || leaf instanceof com.sun.source.tree.VariableTree)) {
                continue;
            }
            Element declared = at.getElement(p);
            List<String> values = declared != null ? suppressions(declared) : suppressions(leaf);
            if (values.contains(code) || values.contains("weft")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> suppressions(Element declared) {
        SuppressWarnings annotation = declared.getAnnotation(SuppressWarnings.class);
        return annotation == null ? List.of() : List.of(annotation.value());
    }

    /**
     * The string literals of a declaration's {@code @SuppressWarnings}, read from its tree: a
     * local variable of a body javac has not attributed yet has no element.
     */
    private static List<String> suppressions(Tree declaration) {
        com.sun.source.tree.ModifiersTree mods = declaration instanceof com.sun.source.tree.ClassTree
                ? ((com.sun.source.tree.ClassTree) declaration).getModifiers()
                : declaration instanceof com.sun.source.tree.MethodTree
                        ? ((com.sun.source.tree.MethodTree) declaration).getModifiers()
                        : ((com.sun.source.tree.VariableTree) declaration).getModifiers();
        List<String> values = new java.util.ArrayList<>();
        for (com.sun.source.tree.AnnotationTree a : mods.getAnnotations()) {
            String type = a.getAnnotationType().toString();
            if (type.equals("SuppressWarnings") || type.equals("java.lang.SuppressWarnings")) {
                new com.sun.source.util.TreeScanner<Void, Void>() {
                    @Override
                    public Void visitLiteral(com.sun.source.tree.LiteralTree node, Void v) {
                        if (node.getValue() instanceof String) {
                            values.add((String) node.getValue());
                        }
                        return null;
                    }
                }.scan(a.getArguments(), null);
            }
        }
        return values;
    }

    private boolean isShadow(CompilationUnitTree unit) {
        return shadow != null && shadow.unit(unit.getSourceFile().toUri()) == unit;
    }

    private boolean isShadowElement(Element element) {
        if (shadow == null || element == null) {
            return false;
        }
        TreePath path = shadow.trees().getPath(element);
        return path != null && isShadow(path.getCompilationUnit());
    }

    public void error(String code, String message, Element element) {
        report(Diagnostic.Kind.ERROR, code, message, element);
    }

    public void warning(String code, String message, Element element) {
        report(Diagnostic.Kind.WARNING, code, message, element);
    }

    private void report(Diagnostic.Kind kind, String code, String message, Element element) {
        if (isShadowElement(element)) {
            print(kind, code, message, null, null, element);
            return;
        }
        TreePath path = element == null ? null : trees.getPath(element);
        if (path != null) {
            print(kind, code, message, path.getLeaf(), path.getCompilationUnit(), element);
        } else {
            print(kind, code, message, null, null, element);
        }
    }

    /**
     * The tree whose position javac reports for {@code tree}: javac puts a call at its
     * parenthesis and a member select at its dot, so use the leftmost part instead, where the
     * construct starts.
     */
    static Tree anchor(Tree tree) {
        Tree t = tree;
        while (true) {
            if (t instanceof com.sun.source.tree.MethodInvocationTree) {
                t = ((com.sun.source.tree.MethodInvocationTree) t).getMethodSelect();
            } else if (t instanceof com.sun.source.tree.MemberSelectTree) {
                t = ((com.sun.source.tree.MemberSelectTree) t).getExpression();
            } else if (t instanceof com.sun.source.tree.MemberReferenceTree) {
                t = ((com.sun.source.tree.MemberReferenceTree) t).getQualifierExpression();
            } else {
                return t;
            }
        }
    }

    public int errorCount() {
        return errors;
    }
}
