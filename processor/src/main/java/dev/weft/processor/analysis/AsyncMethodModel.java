package dev.weft.processor.analysis;

import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;

/** One {@code @Async} method: its element, its tree and the name of its state machine class. */
public final class AsyncMethodModel {
    public final ExecutableElement element;
    public final TreePath path;
    public final MethodTree tree;
    public final String machineName;

    public AsyncMethodModel(ExecutableElement element, TreePath path, String machineName) {
        this.element = element;
        this.path = path;
        this.tree = (MethodTree) path.getLeaf();
        this.machineName = machineName;
    }

    public boolean isStatic() {
        return element.getModifiers().contains(Modifier.STATIC);
    }
}
