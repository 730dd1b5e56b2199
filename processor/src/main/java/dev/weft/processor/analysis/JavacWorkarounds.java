package dev.weft.processor.analysis;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import javax.lang.model.element.Element;

/**
 * Works around a javac 17 bug met while attributing a body through {@link Trees#getScope}: for
 * a conditional expression in an assignment or argument whose branch calls an instance method by
 * its simple name ({@code x = c ? f() : g()}), {@code Attr.isBooleanOrNumeric} reads the type of
 * the enclosing class's tree, which is only set once javac attributes the class, after
 * annotation processing; it then throws a NullPointerException (fixed in later javacs, which read
 * the class symbol's type). Setting the class tree's type to its symbol's type, the value
 * attribution gives it anyway, lets the attribution go through.
 *
 * <p>The field is written through {@code sun.misc.Unsafe} because {@code jdk.compiler} does not
 * open its tree package; used only after getScope has failed, and harmless if it cannot be done.
 */
final class JavacWorkarounds {
    private JavacWorkarounds() {}

    /** Sets the type of every class tree enclosing {@code path}; returns false when it could not. */
    static boolean setEnclosingClassTypes(Trees trees, TreePath path) {
        try {
            Field unsafeField = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            unsafeField.setAccessible(true);
            Object unsafe = unsafeField.get(null);
            Class<?> unsafeClass = unsafe.getClass();
            boolean any = false;
            for (TreePath p = path; p != null; p = p.getParentPath()) {
                Tree leaf = p.getLeaf();
                if (!(leaf instanceof ClassTree)) {
                    continue;
                }
                Element e = trees.getElement(p);
                if (e == null) {
                    continue;
                }
                Field typeField = findField(leaf.getClass(), "type");
                if (typeField == null) {
                    return false;
                }
                long offset = (long) unsafeClass.getMethod("objectFieldOffset", Field.class).invoke(unsafe, typeField);
                Object current = unsafeClass.getMethod("getObject", Object.class, long.class).invoke(unsafe, leaf, offset);
                if (current == null) {
                    unsafeClass.getMethod("putObject", Object.class, long.class, Object.class)
                            .invoke(unsafe, leaf, offset, e.asType());
                    any = true;
                }
            }
            return any;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Field findField(Class<?> c, String name) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.getName().equals(name)) {
                    return f;
                }
            }
        }
        return null;
    }
}
