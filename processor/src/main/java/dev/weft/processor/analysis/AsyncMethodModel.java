package dev.weft.processor.analysis;

import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;

/**
 * One {@code @Async} method: its element, its tree, its attributed body and the name of its
 * state machine class. Part of a {@link ClassModel}.
 */
public final class AsyncMethodModel {
    public final ExecutableElement element;
    public final TreePath path;
    public final MethodTree tree;
    public final String machineName;
    /** The attributed body, or null when the method has none. */
    public final BodyIndex index;
    /** Whether the body has a compile error of the user's (javac reports it; weft stubs the method). */
    public final boolean broken;
    /** Whether {@code Foo_Async} declares it (the signature checks reject the others). */
    public final boolean generated;
    /**
     * The name the shadow compilation could not resolve when that made the body broken, or null:
     * the user's javac must fail on it too, which {@code ShadowMismatchCheck} makes sure of.
     */
    public final String unresolved;

    public AsyncMethodModel(ExecutableElement element, TreePath path, String machineName, BodyIndex index,
            boolean broken, boolean generated, String unresolved) {
        this.unresolved = unresolved;
        this.element = element;
        this.path = path;
        this.tree = (MethodTree) path.getLeaf();
        this.machineName = machineName;
        this.index = index;
        this.broken = broken;
        this.generated = generated;
    }

    public boolean isStatic() {
        return element.getModifiers().contains(Modifier.STATIC);
    }
}
