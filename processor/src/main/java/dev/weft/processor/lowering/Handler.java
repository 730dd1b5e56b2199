package dev.weft.processor.lowering;

import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.List;

/**
 * One lowered {@code try} statement (or one resource of a try-with-resources): its catch arms
 * and its {@code finally}, as the exception table consults them. A {@code finally} keeps its
 * completion record in two fields: {@link #next}, the state to go on at once it has run (the
 * statement after the try, a jump's target, the next enclosing {@code finally}, the method's
 * return, or {@link #rethrow}), and {@link #thrown}, the exception it holds while it runs.
 */
public final class Handler {
    /** One {@code catch} clause: the types it tests for, and the state that runs its body. */
    public static final class Arm {
        /** The caught types, as written (one per alternative of a multi-catch). */
        public final List<Code> types;
        /** True for {@code catch (Throwable e)}: matches everything. */
        public final boolean catchesAll;
        public final Label label;

        Arm(List<Code> types, boolean catchesAll, Label label) {
            this.types = types;
            this.catchesAll = catchesAll;
            this.label = label;
        }
    }

    public final Tree tree;
    public final List<Arm> arms = new ArrayList<>();
    /** Where the finally (or the resource's close) starts; null without one. */
    Label finallyLabel;
    /** The state that rethrows {@link #thrown} after the finally. */
    Label rethrow;
    Var next;
    Var thrown;
    /** False when the finally cannot complete normally: nothing runs after it. */
    boolean finallyCompletes = true;
    /**
     * A resource: its close needs to know whether an exception is pending, so every other way in
     * clears {@link #thrown}.
     */
    boolean resource;

    Handler(Tree tree) {
        this.tree = tree;
    }

    public Label finallyLabel() {
        return finallyLabel;
    }

    public Label rethrow() {
        return rethrow;
    }

    public Var next() {
        return next;
    }

    public Var thrown() {
        return thrown;
    }

    public boolean finallyCompletes() {
        return finallyCompletes;
    }
}
