package dev.weft.processor.lowering;

import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.lang.model.type.TypeMirror;

/**
 * A piece of generated Java whose final text depends on decisions made after lowering (state
 * numbers, which locals became fields, their names): a sequence of literal text, references to
 * the user's trees (copied from the source with edits), variables and labels.
 */
public final class Code {
    final List<Object> parts;
    /** Set when this code is exactly the value of the await just resumed ({@code awaited()}). */
    final TypeMirror awaitedType;

    /**
     * Set on the substitution of a compound assignment's right operand when it is the whole value
     * to store ({@code (int) (old + (awaited()))}, the target read before an await): the
     * assignment is then copied as a plain store of it.
     */
    final boolean storedValue;

    private Code(List<Object> parts, TypeMirror awaitedType) {
        this(parts, awaitedType, false);
    }

    private Code(List<Object> parts, TypeMirror awaitedType, boolean storedValue) {
        this.parts = parts;
        this.awaitedType = awaitedType;
        this.storedValue = storedValue;
    }

    /** See {@link #storedValue}. */
    public boolean isStoredValue() {
        return storedValue;
    }

    static Code storedValue(Object... parts) {
        return new Code(of(parts).parts, null, true);
    }

    public List<Object> parts() {
        return parts;
    }

    public TypeMirror awaitedType() {
        return awaitedType;
    }

    public static Code of(Object... parts) {
        List<Object> list = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof Code) {
                list.addAll(((Code) p).parts);
            } else {
                list.add(p);
            }
        }
        return new Code(Collections.unmodifiableList(list), null);
    }

    static Code awaited(TypeMirror type, String typeText) {
        return new Code(List.of("this.<" + typeText + ">awaited()"), type);
    }

    public static Code tree(Tree tree, Map<Tree, Code> substitutions, JumpContext context) {
        return of(new TreeRef(tree, substitutions, context));
    }

    /** The single variable this code reads, or null. */
    public Var asVar() {
        return parts.size() == 1 && parts.get(0) instanceof VarRef ? ((VarRef) parts.get(0)).var : null;
    }

    /** The single tree this code copies unchanged, or null. */
    public Tree asPlainTree() {
        if (parts.size() == 1 && parts.get(0) instanceof TreeRef) {
            TreeRef r = (TreeRef) parts.get(0);
            return r.substitutions.isEmpty() ? r.tree : null;
        }
        return null;
    }

    /**
     * The array initializer this code copies when it is a bare one ({@code {1, 2}}, with no
     * {@code new T[]}), or null: only a declaration may be initialized that way, so an assignment
     * of it must say {@code new T[]}.
     */
    public com.sun.source.tree.NewArrayTree bareArrayInitializer() {
        if (parts.size() == 1 && parts.get(0) instanceof TreeRef) {
            Tree t = ((TreeRef) parts.get(0)).tree;
            if (t instanceof com.sun.source.tree.NewArrayTree && ((com.sun.source.tree.NewArrayTree) t).getType() == null) {
                return (com.sun.source.tree.NewArrayTree) t;
            }
        }
        return null;
    }

    /** The user's tree {@code tree}, copied from the source with {@code substitutions} for some subtrees. */
    public static final class TreeRef {
        public final Tree tree;
        public final Map<Tree, Code> substitutions;
        public final JumpContext context;

        TreeRef(Tree tree, Map<Tree, Code> substitutions, JumpContext context) {
            this.tree = tree;
            this.substitutions = substitutions;
            this.context = context;
        }
    }

    /** A read or write of a lowered variable, by its final name. */
    public static final class VarRef {
        public final Var var;

        VarRef(Var var) {
            this.var = var;
        }
    }

    /** The state number of a label. */
    public static final class LabelRef {
        public final Label label;

        LabelRef(Label label) {
            this.label = label;
        }
    }

    static Code var(Var v) {
        return of(new VarRef(v));
    }
}
