package dev.weft.processor.analysis;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.VariableElement;

/**
 * JLS 14.22 "can complete normally" for statements of an attributed body, and the targets of
 * {@code break}/{@code continue}. The generated code must agree with javac exactly: a statement
 * emitted after one that cannot complete normally is a compile error, and a missing jump after
 * one that can would fall through into the next state.
 */
public final class Reachability {
    private final BodyIndex index;

    public Reachability(BodyIndex index) {
        this.index = index;
    }

    /** The statement a break or continue jumps out of (a loop, a switch or a labeled statement). */
    public Tree target(Tree jump) {
        String label = jump instanceof BreakTree
                ? nameOrNull(((BreakTree) jump).getLabel())
                : nameOrNull(((ContinueTree) jump).getLabel());
        boolean isBreak = jump instanceof BreakTree;
        for (TreePath p = index.path(jump).getParentPath(); p != null; p = p.getParentPath()) {
            Tree t = p.getLeaf();
            if (t instanceof LambdaExpressionTree || t instanceof ClassTree) {
                return null;
            }
            if (label != null) {
                if (t instanceof LabeledStatementTree
                        && ((LabeledStatementTree) t).getLabel().contentEquals(label)) {
                    return isBreak ? t : ((LabeledStatementTree) t).getStatement();
                }
            } else if (isLoop(t) || (isBreak && t instanceof SwitchTree)) {
                return t;
            }
        }
        return null;
    }

    private static String nameOrNull(javax.lang.model.element.Name n) {
        return n == null ? null : n.toString();
    }

    public static boolean isLoop(Tree t) {
        switch (t.getKind()) {
            case WHILE_LOOP: case DO_WHILE_LOOP: case FOR_LOOP: case ENHANCED_FOR_LOOP:
                return true;
            default:
                return false;
        }
    }

    /** True when some break inside {@code s} exits {@code s}. */
    private boolean breaksOut(Tree s) {
        boolean[] found = {false};
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitBreak(BreakTree node, Void v) {
                if (target(node) == s) {
                    found[0] = true;
                }
                return null;
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void v) {
                return null;
            }

            @Override
            public Void visitClass(ClassTree node, Void v) {
                return null;
            }
        }.scan(s, null);
        return found[0];
    }

    private boolean continues(Tree loop) {
        boolean[] found = {false};
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitContinue(ContinueTree node, Void v) {
                if (target(node) == loop) {
                    found[0] = true;
                }
                return null;
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void v) {
                return null;
            }

            @Override
            public Void visitClass(ClassTree node, Void v) {
                return null;
            }
        }.scan(loop, null);
        return found[0];
    }

    /** True when {@code e} is a constant expression whose value is {@code true}. */
    public boolean isConstantTrue(ExpressionTree e) {
        return Boolean.TRUE.equals(constant(e));
    }

    public Object constant(ExpressionTree e) {
        if (e == null) {
            return null;
        }
        switch (e.getKind()) {
            case BOOLEAN_LITERAL:
                return ((LiteralTree) e).getValue();
            case PARENTHESIZED:
                return constant(((ParenthesizedTree) e).getExpression());
            case LOGICAL_COMPLEMENT: {
                Object v = constant(((UnaryTree) e).getExpression());
                return v instanceof Boolean ? !(Boolean) v : null;
            }
            case CONDITIONAL_AND:
            case CONDITIONAL_OR: {
                Object l = constant(((BinaryTree) e).getLeftOperand());
                Object r = constant(((BinaryTree) e).getRightOperand());
                if (l instanceof Boolean && r instanceof Boolean) {
                    return e.getKind() == Tree.Kind.CONDITIONAL_AND
                            ? (Boolean) l && (Boolean) r
                            : (Boolean) l || (Boolean) r;
                }
                return null;
            }
            case IDENTIFIER:
            case MEMBER_SELECT: {
                Element el = index.element(e);
                if (el instanceof VariableElement) {
                    return ((VariableElement) el).getConstantValue();
                }
                return null;
            }
            default:
                return null;
        }
    }

    /** JLS 14.22: whether {@code s} can complete normally (assuming it is reachable). */
    public boolean canCompleteNormally(Tree s) {
        switch (s.getKind()) {
            case BLOCK: {
                List<? extends StatementTree> stmts = ((BlockTree) s).getStatements();
                for (StatementTree st : stmts) {
                    if (!canCompleteNormally(st)) {
                        return false;
                    }
                }
                return true;
            }
            case LABELED_STATEMENT:
                return canCompleteNormally(((LabeledStatementTree) s).getStatement()) || breaksOut(s);
            case IF: {
                IfTree t = (IfTree) s;
                if (t.getElseStatement() == null) {
                    return true;
                }
                return canCompleteNormally(t.getThenStatement()) || canCompleteNormally(t.getElseStatement());
            }
            case WHILE_LOOP:
                return !isConstantTrue(((WhileLoopTree) s).getCondition()) || breaksOut(s);
            case DO_WHILE_LOOP: {
                DoWhileLoopTree t = (DoWhileLoopTree) s;
                boolean condTrue = isConstantTrue(t.getCondition());
                return ((canCompleteNormally(t.getStatement()) || continues(s)) && !condTrue) || breaksOut(s);
            }
            case FOR_LOOP: {
                ForLoopTree t = (ForLoopTree) s;
                return (t.getCondition() != null && !isConstantTrue(t.getCondition())) || breaksOut(s);
            }
            case ENHANCED_FOR_LOOP:
                return true;
            case BREAK: case CONTINUE: case RETURN: case THROW: case YIELD:
                return false;
            case SYNCHRONIZED:
                return canCompleteNormally(((SynchronizedTree) s).getBlock());
            case TRY: {
                TryTree t = (TryTree) s;
                boolean any = canCompleteNormally(t.getBlock());
                for (CatchTree c : t.getCatches()) {
                    any |= canCompleteNormally(c.getBlock());
                }
                return any && (t.getFinallyBlock() == null || canCompleteNormally(t.getFinallyBlock()));
            }
            case SWITCH:
                return switchCanCompleteNormally((SwitchTree) s);
            default:
                return true;
        }
    }

    private boolean switchCanCompleteNormally(SwitchTree s) {
        List<? extends CaseTree> cases = s.getCases();
        if (breaksOut(s)) {
            return true;
        }
        boolean hasDefault = false;
        for (CaseTree c : cases) {
            if (SwitchSupport.isDefault(c)) {
                hasDefault = true;
            }
        }
        if (!hasDefault) {
            return true;
        }
        if (cases.isEmpty()) {
            return true;
        }
        if (SwitchSupport.isRule(cases.get(0))) {
            for (CaseTree c : cases) {
                Tree body = SwitchSupport.body(c);
                if (body instanceof ExpressionTree) {
                    return true;
                }
                if (body instanceof StatementTree && canCompleteNormally((StatementTree) body)) {
                    return true; // a block, or an expression statement (a rule of a switch statement)
                }
            }
            return false;
        }
        // statement groups: the last group's statements decide
        CaseTree last = cases.get(cases.size() - 1);
        List<? extends StatementTree> stmts = last.getStatements();
        if (stmts == null || stmts.isEmpty()) {
            return true;
        }
        for (StatementTree st : stmts) {
            if (!canCompleteNormally(st)) {
                return false;
            }
        }
        return true;
    }
}
