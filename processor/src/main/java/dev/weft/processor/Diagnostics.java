package dev.weft.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.weft.processor.validation.ValidationReport;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Prints weft's diagnostics at exact source positions. Every message starts with a stable code
 * in brackets ({@code [weft.await-in-lambda] ...}) and says what to do instead.
 */
public final class Diagnostics {
    private final Trees trees;
    private final Messager messager;
    private int errors;

    public Diagnostics(Trees trees, Messager messager) {
        this.trees = trees;
        this.messager = messager;
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
        }
        if (tree != null && unit != null) {
            trees.printMessage(kind, text, anchor(tree), unit);
        } else if (element != null) {
            messager.printMessage(kind, text, element);
        } else {
            messager.printMessage(kind, text);
        }
    }

    public void error(String code, String message, Element element) {
        TreePath path = element == null ? null : trees.getPath(element);
        if (path != null) {
            print(Diagnostic.Kind.ERROR, code, message, path.getLeaf(), path.getCompilationUnit(), element);
        } else {
            print(Diagnostic.Kind.ERROR, code, message, null, null, element);
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
