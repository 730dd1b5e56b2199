package dev.weft.processor.lowering;

import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.List;

/**
 * The lowered statements that enclose a point of the body, innermost first: what a
 * {@code break}, {@code continue} or {@code yield} there jumps to (regenerator's LeapManager),
 * and the {@code finally} blocks that such a jump, or a {@code return}, runs on its way out.
 */
public final class JumpContext {
    public enum Kind { LOOP, SWITCH, LABELED, SWITCH_EXPRESSION, FINALLY }

    public final Kind kind;
    /** The loop, switch, labeled or try statement this frame lowers. */
    public final Tree tree;
    /** For a labeled loop or switch: the labeled statement around it. */
    public final Tree labeled;
    public final Label breakTo;
    public final Label continueTo;
    /** For a switch expression: the variable that receives the yielded value. */
    public final Var result;
    /** For a finally frame: the try (or resource) whose finally a jump out of here runs. */
    public final Handler handler;
    /** For a finally frame: where a return keeps its value while the finally blocks run. */
    public final ReturnSlot returnSlot;
    public final JumpContext outer;

    JumpContext(Kind kind, Tree tree, Tree labeled, Label breakTo, Label continueTo, Var result,
            JumpContext outer) {
        this(kind, tree, labeled, breakTo, continueTo, result, null, null, outer);
    }

    JumpContext(Kind kind, Tree tree, Tree labeled, Label breakTo, Label continueTo, Var result,
            Handler handler, ReturnSlot returnSlot, JumpContext outer) {
        this.kind = kind;
        this.tree = tree;
        this.labeled = labeled;
        this.breakTo = breakTo;
        this.continueTo = continueTo;
        this.result = result;
        this.handler = handler;
        this.returnSlot = returnSlot;
        this.outer = outer;
    }

    /** The frame lowering {@code target} (a loop, switch or labeled statement), or null. */
    public static JumpContext find(JumpContext ctx, Tree target) {
        for (JumpContext f = ctx; f != null; f = f.outer) {
            if (f.kind != Kind.FINALLY && (f.tree == target || f.labeled == target)) {
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

    /** The innermost finally frame, or null: a return from here must run finally blocks first. */
    public static JumpContext innermostFinally(JumpContext ctx) {
        for (JumpContext f = ctx; f != null; f = f.outer) {
            if (f.kind == Kind.FINALLY) {
                return f;
            }
        }
        return null;
    }

    /** How to leave for a label: completion records to set, then the state to go to. */
    public static final class Route {
        /** Assignments to the completion records of the finally blocks passed, one statement each. */
        public final List<Code> assignments;
        /** The same assignments on one line. */
        public final Code records;
        public final Label first;

        Route(List<Code> assignments, Label first) {
            this.assignments = assignments;
            List<Object> all = new ArrayList<>();
            for (Code c : assignments) {
                all.add(c);
                all.add(" ");
            }
            this.records = Code.of(all.toArray());
            this.first = first;
        }
    }

    /**
     * The way from {@code from} to label {@code to} of frame {@code until} (null: out of the
     * method), through every finally between them: each finally's record names the next
     * finally, the last one names {@code to} (JLS 14.20.2, completion records as regenerator
     * keeps them). A finally that cannot complete normally ends the route.
     */
    public static Route route(JumpContext from, JumpContext until, Label to) {
        List<Handler> passed = new ArrayList<>();
        for (JumpContext f = from; f != null && f != until; f = f.outer) {
            if (f.kind == Kind.FINALLY) {
                passed.add(f.handler);
            }
        }
        if (passed.isEmpty()) {
            return new Route(List.of(), to);
        }
        List<Code> parts = new ArrayList<>();
        for (int i = 0; i < passed.size(); i++) {
            Handler h = passed.get(i);
            if (h.resource) {
                parts.add(Code.of(Code.var(h.thrown), " = null;"));
            }
            if (!h.finallyCompletes) {
                break;
            }
            Label after = i + 1 < passed.size() ? passed.get(i + 1).finallyLabel : to;
            parts.add(Code.of(Code.var(h.next), " = ", new Code.LabelRef(after), ";"));
        }
        return new Route(parts, passed.get(0).finallyLabel);
    }
}
