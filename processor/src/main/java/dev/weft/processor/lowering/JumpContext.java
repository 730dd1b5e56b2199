package dev.weft.processor.lowering;

import com.sun.source.tree.Tree;

/**
 * The lowered statements that enclose a point of the body, innermost first: what a
 * {@code break}, {@code continue} or {@code yield} there jumps to (regenerator's LeapManager).
 */
public final class JumpContext {
    public enum Kind { LOOP, SWITCH, LABELED, SWITCH_EXPRESSION }

    public final Kind kind;
    /** The loop, switch or labeled statement this frame lowers. */
    public final Tree tree;
    /** For a labeled loop or switch: the labeled statement around it. */
    public final Tree labeled;
    public final Label breakTo;
    public final Label continueTo;
    /** For a switch expression: the variable that receives the yielded value. */
    public final Var result;
    public final JumpContext outer;

    JumpContext(Kind kind, Tree tree, Tree labeled, Label breakTo, Label continueTo, Var result,
            JumpContext outer) {
        this.kind = kind;
        this.tree = tree;
        this.labeled = labeled;
        this.breakTo = breakTo;
        this.continueTo = continueTo;
        this.result = result;
        this.outer = outer;
    }

    /** The frame lowering {@code target} (a loop, switch or labeled statement), or null. */
    public static JumpContext find(JumpContext ctx, Tree target) {
        for (JumpContext f = ctx; f != null; f = f.outer) {
            if (f.tree == target || f.labeled == target) {
                return f;
            }
        }
        return null;
    }

    /** The innermost switch expression being lowered, or null. */
    public static JumpContext innermostSwitchExpression(JumpContext ctx) {
        for (JumpContext f = ctx; f != null; f = f.outer) {
            if (f.kind == Kind.SWITCH_EXPRESSION) {
                return f;
            }
        }
        return null;
    }
}
