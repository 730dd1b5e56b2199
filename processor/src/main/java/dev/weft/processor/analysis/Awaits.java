package dev.weft.processor.analysis;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;

/** Finds the suspension points ({@code Await.await(...)} calls) of an attributed body. */
public final class Awaits {
    public static final String AWAIT_CLASS = "dev.weft.Await";
    public static final String TASK_CLASS = "dev.weft.Task";

    private final BodyIndex index;
    private final Map<Tree, Boolean> memo = new IdentityHashMap<>();

    public Awaits(BodyIndex index) {
        this.index = index;
    }

    /** True when {@code tree} is a call of {@code dev.weft.Await.await}. */
    public boolean isAwait(Tree tree) {
        if (!(tree instanceof MethodInvocationTree)) {
            return false;
        }
        return isMethod(index.element(tree), AWAIT_CLASS, "await");
    }

    /** True for {@code Task.of(x)}. */
    public boolean isTaskOf(Tree tree) {
        return tree instanceof MethodInvocationTree
                && ((MethodInvocationTree) tree).getArguments().size() == 1
                && isMethod(index.element(tree), TASK_CLASS, "of");
    }

    /** True for {@code Task.done()}. */
    public boolean isTaskDone(Tree tree) {
        return tree instanceof MethodInvocationTree
                && ((MethodInvocationTree) tree).getArguments().isEmpty()
                && isMethod(index.element(tree), TASK_CLASS, "done");
    }

    public static boolean isMethod(Element e, String owner, String name) {
        if (e == null || e.getKind() != ElementKind.METHOD || !e.getSimpleName().contentEquals(name)) {
            return false;
        }
        Element enclosing = e.getEnclosingElement();
        return enclosing instanceof TypeElement
                && ((TypeElement) enclosing).getQualifiedName().contentEquals(owner);
    }

    /**
     * True when an await runs as part of evaluating {@code tree}: awaits inside lambdas and class
     * bodies do not count (they are rejected separately).
     */
    public boolean contains(Tree tree) {
        if (tree == null) {
            return false;
        }
        return memo.computeIfAbsent(tree, t -> first(t) != null);
    }

    /** The first await call (in source order) that evaluating {@code tree} runs, or null. */
    public Tree first(Tree tree) {
        Tree[] found = {null};
        new TreeScanner<Void, Void>() {
            @Override
            public Void scan(Tree t, Void v) {
                if (found[0] != null || t == null) {
                    return null;
                }
                if (isAwait(t)) {
                    found[0] = t;
                    return null;
                }
                return super.scan(t, v);
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void v) {
                return null;
            }

            @Override
            public Void visitClass(ClassTree node, Void v) {
                return null;
            }
        }.scan(tree, null);
        return found[0];
    }
}
