package dev.weft.processor.analysis;

import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The parts of {@link CaseTree} that changed between javac 17 and 25 (pattern labels), read so
 * that the processor compiled for 17 works on both.
 */
public final class SwitchSupport {
    private static final Method GET_LABELS = caseTreeMethod("getLabels");
    private static final Method GET_GUARD = caseTreeMethod("getGuard");

    private SwitchSupport() {}

    public static boolean isRule(CaseTree c) {
        return c.getCaseKind() == CaseTree.CaseKind.RULE;
    }

    public static Tree body(CaseTree c) {
        return c.getBody();
    }

    @SuppressWarnings("deprecation")
    public static boolean isDefault(CaseTree c) {
        List<? extends Tree> labels = labels(c);
        if (labels == null) {
            return c.getExpressions().isEmpty();
        }
        for (Tree t : labels) {
            if (t.getKind().name().equals("DEFAULT_CASE_LABEL")) {
                return true;
            }
        }
        return false;
    }

    /** The constant expressions of a case label; empty for {@code default}. */
    public static List<? extends ExpressionTree> expressions(CaseTree c) {
        return c.getExpressions();
    }

    /**
     * True when the case uses something other than constants and {@code default} (patterns,
     * {@code null}, guards: Java 21 syntax): its switch is an enhanced one (JLS 14.11.2).
     */
    public static boolean hasPatterns(CaseTree c) {
        List<? extends Tree> labels = labels(c);
        if (labels != null) {
            for (Tree t : labels) {
                if (t.getKind().name().contains("PATTERN")) {
                    return true;
                }
            }
        }
        if (guard(c) != null) {
            return true;
        }
        for (ExpressionTree e : c.getExpressions()) {
            if (e.getKind() == Tree.Kind.NULL_LITERAL) {
                return true;
            }
        }
        return false;
    }

    /**
     * The labels of a case other than {@code default}, as written: constants, {@code null} and
     * patterns ({@code case Circle c, } {@code case Box(var o)}); on javac 17, its constants.
     */
    public static List<? extends Tree> nonDefaultLabels(CaseTree c) {
        List<? extends Tree> labels = labels(c);
        if (labels == null) {
            return c.getExpressions();
        }
        List<Tree> out = new java.util.ArrayList<>();
        for (Tree t : labels) {
            if (!t.getKind().name().equals("DEFAULT_CASE_LABEL")) {
                out.add(t);
            }
        }
        return out;
    }

    /** The guard of a case ({@code case Circle c when c.r() > 2}), or null (none, or javac 17). */
    public static ExpressionTree guard(CaseTree c) {
        if (GET_GUARD == null) {
            return null;
        }
        try {
            return (ExpressionTree) GET_GUARD.invoke(c);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("javac's CaseTree.getGuard failed", e);
        }
    }

    /** A method of javac 21's {@link CaseTree}, or null on javac 17. */
    private static Method caseTreeMethod(String name) {
        try {
            return CaseTree.class.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<? extends Tree> labels(CaseTree c) {
        if (GET_LABELS == null) {
            return null;
        }
        try {
            return (List<? extends Tree>) GET_LABELS.invoke(c);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("javac's CaseTree.getLabels failed", e);
        }
    }
}
