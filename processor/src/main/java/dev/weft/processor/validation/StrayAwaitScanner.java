package dev.weft.processor.validation;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Finds {@code await(...)} calls outside every {@code @Async} method of a compilation unit
 * (field initializers, constructors, plain methods and the lambdas in them). It reads names, not
 * types, so that it costs no attribution: a call counts when its name resolves to
 * {@code dev.weft.Await.await} through the file's imports.
 */
public final class StrayAwaitScanner {
    private static final String ASYNC = "dev.weft.annotation.Async";

    /** The files scanned, of every compilation running in this JVM (javac's units compare by identity). */
    private static final Map<CompilationUnitTree, Boolean> SCANNED = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Whether {@code unit} is seen here for the first time: both of weft's processors look at each
     * file, and the first one scans it.
     */
    public static boolean firstLook(CompilationUnitTree unit) {
        return SCANNED.putIfAbsent(unit, Boolean.TRUE) == null;
    }

    public ValidationReport scan(CompilationUnitTree unit) {
        ValidationReport r = new ValidationReport();
        String text = text(unit);
        if (!text.contains("dev.weft")) {
            return r; // neither await nor @Async can be named without dev.weft (or from within it)
        }
        boolean staticAwait = false;
        boolean awaitClass = unit.getPackageName() != null && unit.getPackageName().toString().equals("dev.weft");
        boolean asyncImported = false;
        String foreignAsyncImport = null; // an Async of another library (Spring's, say) an IDE picked
        for (ImportTree imp : unit.getImports()) {
            String q = imp.getQualifiedIdentifier().toString();
            if (imp.isStatic() && (q.equals("dev.weft.Await.await") || q.equals("dev.weft.Await.*"))) {
                staticAwait = true;
            }
            if (!imp.isStatic() && (q.equals("dev.weft.Await") || q.equals("dev.weft.*"))) {
                awaitClass = true;
            }
            if (!imp.isStatic() && (q.equals(ASYNC) || q.equals("dev.weft.annotation.*"))) {
                asyncImported = true;
            } else if (!imp.isStatic() && q.endsWith(".Async")) {
                foreignAsyncImport = q;
            }
        }
        String foreignAsync = foreignAsyncImport;
        boolean byStaticImport = staticAwait;
        boolean bySimpleClassName = awaitClass;
        boolean simpleAsync = asyncImported;
        boolean awaitsPossible = staticAwait || awaitClass || text.contains("dev.weft.Await");
        new TreePathScanner<Void, Void>() {
            /** How many method, lambda or initializer bodies enclose the current tree. */
            private int bodies;
            /** How many of those are bodies of @Async methods. */
            private int asyncBodies;
            /** The annotation named Async but not weft's on the innermost method, if any. */
            private String foreignOnMethod;

            private boolean isAsync(AnnotationTree a) {
                String name = a.getAnnotationType().toString();
                return name.equals(ASYNC) || (simpleAsync && name.equals("Async"));
            }

            @Override
            public Void visitMethod(MethodTree node, Void v) {
                // by name, not element: a method of a local or anonymous class has no element yet,
                // and asking for one would make javac attribute the whole class now
                for (AnnotationTree a : node.getModifiers().getAnnotations()) {
                    if (isAsync(a) && bodies > 0) {
                        r.error("weft.local-async", "@Async methods of local or anonymous classes cannot be"
                                + " transformed: weft generates a subclass for each class with @Async methods,"
                                + " and these classes have no name to extend; move the method into a"
                                + " top-level or static nested class", a, unit, null);
                        return null;
                    }
                }
                // awaits in an @Async body are checked with types by the body validator
                boolean async = node.getModifiers().getAnnotations().stream().anyMatch(this::isAsync);
                String outerForeign = foreignOnMethod;
                foreignOnMethod = async ? null : foreignAsyncOn(node);
                bodies++;
                asyncBodies += async ? 1 : 0;
                try {
                    return super.visitMethod(node, v);
                } finally {
                    bodies--;
                    asyncBodies -= async ? 1 : 0;
                    foreignOnMethod = outerForeign;
                }
            }

            /** The qualified name of an annotation of {@code node} named Async that is not weft's. */
            private String foreignAsyncOn(MethodTree node) {
                for (AnnotationTree a : node.getModifiers().getAnnotations()) {
                    String name = a.getAnnotationType().toString();
                    if (name.equals("Async") && foreignAsync != null) {
                        return foreignAsync;
                    }
                    if (name.endsWith(".Async") && !name.equals(ASYNC)) {
                        return name;
                    }
                }
                return null;
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void v) {
                return inBody(true, () -> super.visitLambdaExpression(node, v));
            }

            @Override
            public Void visitBlock(BlockTree node, Void v) {
                boolean initializer = getCurrentPath().getParentPath().getLeaf() instanceof ClassTree;
                return inBody(initializer, () -> super.visitBlock(node, v));
            }

            @Override
            public Void visitVariable(VariableTree node, Void v) {
                // a field initializer is a body too: an anonymous class in it is not a member
                boolean field = getCurrentPath().getParentPath().getLeaf() instanceof ClassTree;
                return inBody(field, () -> super.visitVariable(node, v));
            }

            private Void inBody(boolean body, java.util.function.Supplier<Void> scan) {
                bodies += body ? 1 : 0;
                try {
                    return scan.get();
                } finally {
                    bodies -= body ? 1 : 0;
                }
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
                if (isAwait && awaitsPossible && asyncBodies == 0) {
                    TreePath p = getCurrentPath();
                    String message = foreignOnMethod != null && bodies == 1
                            ? "await can only be used inside an @Async method, and the @Async on this method is "
                                    + foreignOnMethod + ", not weft's " + ASYNC + ": import " + ASYNC
                                    + " instead (an IDE may have picked the other)"
                            : "await can only be used inside an @Async method"
                                    + " (as in Python); annotate the enclosing method with @Async and return"
                                    + " a Task, or start the work with EventLoop.run(...) and use the Task it gives";
                    r.error("weft.await-outside-async", message, node, p.getCompilationUnit(), null);
                }
                return super.visitMethodInvocation(node, v);
            }
        }.scan(new TreePath(unit), null);
        return r;
    }

    /** The file's text, or its tree printed when the text cannot be read. */
    private static String text(CompilationUnitTree unit) {
        try {
            return unit.getSourceFile().getCharContent(true).toString();
        } catch (java.io.IOException | RuntimeException e) {
            return unit.toString();
        }
    }
}
