package dev.weft.processor.validation;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import javax.lang.model.element.Element;

/**
 * Finds {@code await(...)} calls outside every {@code @Async} method of a compilation unit
 * (field initializers, constructors, plain methods and the lambdas in them). It reads names, not
 * types, so that it costs no attribution: a call counts when its name resolves to
 * {@code dev.weft.Await.await} through the file's imports.
 */
public final class StrayAwaitScanner {
    private static final String ASYNC = "dev.weft.annotation.Async";
    private final Trees trees;

    public StrayAwaitScanner(Trees trees) {
        this.trees = trees;
    }

    public ValidationReport scan(CompilationUnitTree unit) {
        ValidationReport r = new ValidationReport();
        boolean staticAwait = false;
        boolean awaitClass = unit.getPackageName() != null && unit.getPackageName().toString().equals("dev.weft");
        for (ImportTree imp : unit.getImports()) {
            String q = imp.getQualifiedIdentifier().toString();
            if (imp.isStatic() && (q.equals("dev.weft.Await.await") || q.equals("dev.weft.Await.*"))) {
                staticAwait = true;
            }
            if (!imp.isStatic() && (q.equals("dev.weft.Await") || q.equals("dev.weft.*"))) {
                awaitClass = true;
            }
        }
        if (!staticAwait && !awaitClass && !unit.toString().contains("dev.weft.Await")) {
            return r;
        }
        boolean byStaticImport = staticAwait;
        boolean bySimpleClassName = awaitClass;
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitMethod(MethodTree node, Void v) {
                Element e = trees.getElement(getCurrentPath());
                if (e != null && e.getAnnotationMirrors().stream().anyMatch(a ->
                        a.getAnnotationType().toString().equals(ASYNC))) {
                    return null; // checked with types by the body validator
                }
                return super.visitMethod(node, v);
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void v) {
                ExpressionTree select = node.getMethodSelect();
                boolean isAwait = false;
                if (select instanceof IdentifierTree) {
                    isAwait = byStaticImport && ((IdentifierTree) select).getName().contentEquals("await");
                } else if (select instanceof MemberSelectTree) {
                    MemberSelectTree ms = (MemberSelectTree) select;
                    String q = ms.getExpression().toString();
                    isAwait = ms.getIdentifier().contentEquals("await")
                            && (q.equals("dev.weft.Await") || (bySimpleClassName && q.equals("Await")));
                }
                if (isAwait) {
                    TreePath p = getCurrentPath();
                    r.error("weft.await-outside-async", "await can only be used inside an @Async method"
                            + " (as in Python); annotate the enclosing method with @Async and return"
                            + " a Task, or start the work with EventLoop.run(...) and use the Task it gives",
                            node, p.getCompilationUnit(), null);
                }
                return super.visitMethodInvocation(node, v);
            }
        }.scan(new TreePath(unit), null);
        return r;
    }
}
