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
     * {@code null}, guards: Java 21 syntax), which the lowering does not handle yet.
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
        try {
            Method guard = CaseTree.class.getMethod("getGuard");
            if (guard.invoke(c) != null) {
                return true;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // javac 17: no guards
        }
        for (ExpressionTree e : c.getExpressions()) {
            if (e.getKind() == Tree.Kind.NULL_LITERAL) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static List<? extends Tree> labels(CaseTree c) {
        try {
            Method m = CaseTree.class.getMethod("getLabels");
            return (List<? extends Tree>) m.invoke(c);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
