package dev.weft.processor.analysis;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;

/**
 * Whether an instance method's body uses the object it was called on. A state machine of a body
 * that does not is a static nested class: it holds no reference to the user's object, so a
 * suspended task is 4 bytes smaller (often 8, after alignment) and keeps nothing of the caller's
 * alive. The answer is conservative: anything weft does not read with certainty (a class declared
 * in the body, a name that does not resolve, a generic enclosing class whose type variables the
 * machine would name) counts as a use, which only costs that saving.
 */
public final class ReceiverUse {
    private ReceiverUse() {}

    /** Whether {@code method}'s state machine must be an inner class of the generated class. */
    public static boolean needsReceiver(AsyncMethodModel method) {
        if (method.isStatic()) {
            return false;
        }
        if (method.index == null || inGenericContext(method.element)) {
            return true;
        }
        Finder finder = new Finder(method.index);
        TreePath body = new TreePath(method.path, method.tree.getBody());
        finder.scan(body, null);
        return finder.found;
    }

    /** Type variables of an enclosing class are in scope only in an inner class. */
    private static boolean inGenericContext(Element e) {
        for (Element c = e.getEnclosingElement(); c != null; c = c.getEnclosingElement()) {
            if (c instanceof TypeElement && !((TypeElement) c).getTypeParameters().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static final class Finder extends TreePathScanner<Void, Void> {
        private final BodyIndex index;
        boolean found;

        Finder(BodyIndex index) {
            this.index = index;
        }

        @Override
        public Void scan(Tree tree, Void unused) {
            return found ? null : super.scan(tree, unused);
        }

        @Override
        public Void visitClass(ClassTree node, Void unused) {
            found = true; // a local or anonymous class: its members' names are not the owner's
            return null;
        }

        @Override
        public Void visitIdentifier(IdentifierTree node, Void unused) {
            String name = node.getName().toString();
            if (name.equals("this") || name.equals("super")) {
                found = true;
                return null;
            }
            Element e = element();
            if (e == null || isInstanceMember(e)) {
                found = true;
            }
            return null;
        }

        @Override
        public Void visitMemberSelect(MemberSelectTree node, Void unused) {
            String name = node.getIdentifier().toString();
            if (name.equals("this") || name.equals("super")) { // Outer.this, Iface.super
                found = true;
                return null;
            }
            return super.visitMemberSelect(node, unused);
        }

        @Override
        public Void visitNewClass(NewClassTree node, Void unused) {
            Element constructor = element();
            if (node.getEnclosingExpression() == null
                    && (constructor == null || isInnerClass(constructor.getEnclosingElement()))) {
                found = true; // new Inner(): the enclosing instance is implicitly this
                return null;
            }
            return super.visitNewClass(node, unused);
        }

        @Override
        public Void visitMemberReference(MemberReferenceTree node, Void unused) {
            if (node.getMode() == MemberReferenceTree.ReferenceMode.NEW
                    && isInnerClass(index.trees().getElement(new TreePath(getCurrentPath(), node.getQualifierExpression())))) {
                found = true; // Inner::new
                return null;
            }
            return super.visitMemberReference(node, unused);
        }

        private Element element() {
            return index.trees().getElement(getCurrentPath());
        }

        private static boolean isInstanceMember(Element e) {
            return (e.getKind() == ElementKind.FIELD || e.getKind() == ElementKind.METHOD)
                    && !e.getModifiers().contains(Modifier.STATIC);
        }

        private static boolean isInnerClass(Element e) {
            if (!(e instanceof TypeElement)) {
                return e == null; // unresolved: assume the worst
            }
            TypeElement t = (TypeElement) e;
            return t.getKind() == ElementKind.CLASS && t.getNestingKind() != NestingKind.TOP_LEVEL
                    && !t.getModifiers().contains(Modifier.STATIC);
        }
    }
}
