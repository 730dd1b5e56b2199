package dev.weft.processor.lowering;

import com.sun.source.tree.Tree;
import java.util.List;

/** One instruction of the lowered method, before it is cut into states. */
public abstract class Instr {
    private Instr() {}

    /** Whether execution can go on to the next instruction (JLS "can complete normally"). */
    public abstract boolean completesNormally();

    /** Where a label sits. */
    public static final class Mark extends Instr {
        public final Label label;

        Mark(Label label) {
            this.label = label;
        }

        @Override
        public boolean completesNormally() {
            return true;
        }
    }

    /** The original source line that the following code comes from. */
    public static final class Line extends Instr {
        public final Tree at;

        Line(Tree at) {
            this.at = at;
        }

        @Override
        public boolean completesNormally() {
            return true;
        }
    }

    /** A statement, copied or synthesized. */
    public static final class Exec extends Instr {
        public final Code code;
        final boolean completes;

        Exec(Code code, boolean completes) {
            this.code = code;
            this.completes = completes;
        }

        @Override
        public boolean completesNormally() {
            return completes;
        }
    }

    /** The declaration of a local; an assignment (or nothing) once the local is a field. */
    public static final class Declare extends Instr {
        public final Var var;
        /** The initializer, or null. */
        public final Code init;
        public final boolean isFinal;

        Declare(Var var, Code init, boolean isFinal) {
            this.var = var;
            this.init = init;
            this.isFinal = isFinal;
        }

        @Override
        public boolean completesNormally() {
            return true;
        }
    }

    /** {@code var = value;} */
    public static final class Assign extends Instr {
        public final Var var;
        public final Code value;

        Assign(Var var, Code value) {
            this.var = var;
            this.value = value;
        }

        @Override
        public boolean completesNormally() {
            return true;
        }
    }

    /** {@code state = N; continue;} */
    public static final class Jump extends Instr {
        public final Label target;

        Jump(Label target) {
            this.target = target;
        }

        @Override
        public boolean completesNormally() {
            return false;
        }
    }

    /**
     * {@code state = next; continue;}: the end of a {@code finally}, going on where its
     * completion record says (the labels it may hold are targets where they are assigned).
     */
    public static final class JumpVia extends Instr {
        public final Var next;

        JumpVia(Var next) {
            this.next = next;
        }

        @Override
        public boolean completesNormally() {
            return false;
        }
    }

    /** {@code if (cond) { state = N; continue; }} */
    public static final class JumpIf extends Instr {
        public final Code condition;
        public final Label target;

        JumpIf(Code condition, Label target) {
            this.condition = condition;
            this.target = target;
        }

        @Override
        public boolean completesNormally() {
            return true;
        }
    }

    /** {@code if (suspendOn(task, N)) { return; }}, always followed by the mark of N. */
    public static final class Suspend extends Instr {
        public final Code task;
        public final Label resume;

        Suspend(Code task, Label resume) {
            this.task = task;
            this.resume = resume;
        }

        @Override
        public boolean completesNormally() {
            return true;
        }
    }

    /** {@code returnValue(v); return;} or {@code returnTask(t); return;} */
    public static final class Return extends Instr {
        /** null for {@code Task.done()}. */
        public final Code value;
        public final boolean adoptsTask;

        Return(Code value, boolean adoptsTask) {
            this.value = value;
            this.adoptsTask = adoptsTask;
        }

        @Override
        public boolean completesNormally() {
            return false;
        }
    }

    /** A {@code switch} on the user's selector whose arms only jump to the lowered case bodies. */
    public static final class Dispatch extends Instr {
        public final Code selector;
        public final List<Arm> arms;
        /**
         * The label for values no arm matches; null: throw (an exhaustive switch expression), or,
         * in an enhanced switch, nothing (the arms are exhaustive, as in the original).
         */
        public final Label otherwise;
        /** Patterns, {@code null} or guards in the labels (JLS 14.11.2): no {@code default} of weft's. */
        public final boolean enhanced;

        Dispatch(Code selector, List<Arm> arms, Label otherwise, boolean enhanced) {
            this.selector = selector;
            this.arms = arms;
            this.otherwise = otherwise;
            this.enhanced = enhanced;
        }

        @Override
        public boolean completesNormally() {
            return false;
        }
    }

    /** One {@code case A, B:} (or {@code case Circle c when c.r() > 2:}) of a dispatch. */
    public static final class Arm {
        public final List<Code> labels;
        /** The case's guard, or null. */
        public final Code guard;
        public final Label target;

        Arm(List<Code> labels, Code guard, Label target) {
            this.labels = labels;
            this.guard = guard;
            this.target = target;
        }
    }
}
