package dev.weft.processor.lowering;

import java.util.List;
import java.util.Map;
import javax.lang.model.element.VariableElement;

/** The output of {@link Lowerer}: a flat instruction list with labels, and the method's variables. */
public final class LoweredMethod {
    final List<Instr> instrs;
    final List<Var> vars;
    final Map<VariableElement, Var> byElement;
    final Label entry;
    /** The variable the exception table hands a caught exception over in, or null (no try). */
    final Var caught;

    /**
     * Local classes that become member classes of the state machine, so that fields can name
     * them: those that capture no local, and those followed by an await.
     */
    final List<com.sun.source.tree.ClassTree> localClasses;

    /** The variables each of those captures: copied into a field of each instance as it is created. */
    final Map<com.sun.source.tree.ClassTree, List<Var>> localClassCaptures;

    /**
     * Anonymous classes that moved to the state machine with the {@code var} they initialize,
     * by their bodies (also in {@link #localClasses}).
     */
    final Map<com.sun.source.tree.ClassTree, AnonymousClass> anonymousClasses;

    /** Local classes that moved under a new name, because another of their name moved first. */
    final Map<javax.lang.model.element.TypeElement, String> renamedLocalClasses;

    /** An anonymous class that became the member class {@code name} of the state machine. */
    public record AnonymousClass(String name, javax.lang.model.element.TypeElement type) {}

    LoweredMethod(List<Instr> instrs, List<Var> vars, Map<VariableElement, Var> byElement, Label entry,
            Var caught, List<com.sun.source.tree.ClassTree> localClasses,
            Map<com.sun.source.tree.ClassTree, List<Var>> localClassCaptures,
            Map<com.sun.source.tree.ClassTree, AnonymousClass> anonymousClasses,
            Map<javax.lang.model.element.TypeElement, String> renamedLocalClasses) {
        this.anonymousClasses = anonymousClasses;
        this.renamedLocalClasses = renamedLocalClasses;
        this.localClassCaptures = localClassCaptures;
        this.localClasses = localClasses;
        this.caught = caught;
        this.instrs = instrs;
        this.vars = vars;
        this.byElement = byElement;
        this.entry = entry;
    }

    public List<Instr> instrs() {
        return instrs;
    }

    public List<com.sun.source.tree.ClassTree> localClasses() {
        return localClasses;
    }

    public Var caught() {
        return caught;
    }

    public List<Var> vars() {
        return vars;
    }

    public Map<VariableElement, Var> byElement() {
        return byElement;
    }
}
