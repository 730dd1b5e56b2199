package dev.weft.processor.validation;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.UnionTypeTree;
import java.util.List;
import com.sun.source.util.TreeScanner;
import dev.weft.processor.analysis.Awaits;
import dev.weft.processor.analysis.BodyIndex;
import dev.weft.processor.analysis.PrivateMembers;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks an attributed {@code @Async} body: awaits where they cannot suspend (lambdas, class
 * bodies, {@code synchronized}), catches that would swallow a cancellation (warnings), members the
 * generated class cannot reach or express ({@code private}, {@code super.m()}), and calls that
 * would block the loop's thread (warnings).
 */
public final class BodyValidator {
    private final BodyIndex index;
    private final Awaits awaits;
    private final CompilationUnitTree unit;
    private final TypeElement owner;
    private final Elements elements;
    private final Types types;

    public BodyValidator(BodyIndex index, Awaits awaits, CompilationUnitTree unit, TypeElement owner,
            Elements elements, Types types) {
        this.index = index;
        this.awaits = awaits;
        this.unit = unit;
        this.owner = owner;
        this.elements = elements;
        this.types = types;
    }

    public ValidationReport validate(ExecutableElement method) {
        ValidationReport r = new ValidationReport();
        Deque<Tree> functions = new ArrayDeque<>();
        Set<Tree> reportedTries = new HashSet<>();
        TypeElement top = outermost(owner);
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void v) {
                functions.push(node);
                super.visitLambdaExpression(node, v);
                functions.pop();
                return null;
            }

            @Override
            public Void visitClass(ClassTree node, Void v) {
                functions.push(node);
                super.visitClass(node, v);
                functions.pop();
                return null;
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void v) {
                if (awaits.isAwait(node)) {
                    checkAwait(node, functions.peek(), r, method, reportedTries);
                } else if (functions.isEmpty()) {
                    // a lambda's or class's code may run on another thread (Tasks.toThread, an
                    // executor): only the body's own calls surely block the loop
                    checkBlocking(node, r, method);
                }
                return super.visitMethodInvocation(node, v);
            }

            @Override
            public Void visitTry(TryTree node, Void v) {
                if (functions.isEmpty()) {
                    checkSwallowedCancellation(node, r, method);
                }
                return super.visitTry(node, v);
            }

            @Override
            public Void visitIdentifier(IdentifierTree node, Void v) {
                checkPrivate(node, index.element(node), r, method, top);
                return null;
            }

            /** Inside a class declared in the body, whose super and Iface.super are its own, copied as written. */
            private boolean inClass() {
                return functions.stream().anyMatch(f -> f instanceof ClassTree);
            }

            @Override
            public Void visitMemberSelect(MemberSelectTree node, Void v) {
                checkPrivate(node, index.element(node), r, method, top);
                checkSuper(node, node.getExpression(), node.getIdentifier().toString(), r, method, inClass());
                return super.visitMemberSelect(node, v);
            }

            @Override
            public Void visitMemberReference(MemberReferenceTree node, Void v) {
                checkPrivate(node, index.element(node), r, method, top);
                checkSuper(node, node.getQualifierExpression(), node.getName().toString(), r, method, inClass());
                return super.visitMemberReference(node, v);
            }

            @Override
            public Void visitNewClass(NewClassTree node, Void v) {
                checkPrivate(node, index.element(node), r, method, top);
                return super.visitNewClass(node, v);
            }
        }.scan(index.method().getBody(), null);
        return r;
    }

    private void checkAwait(MethodInvocationTree node, Tree function, ValidationReport r,
            ExecutableElement method, Set<Tree> reportedTries) {
        if (function instanceof LambdaExpressionTree) {
            r.error("weft.await-in-lambda", "await cannot suspend inside a lambda: the lambda runs"
                    + " later, outside the @Async method's state machine; await in the method itself,"
                    + " or make the lambda's work an @Async method and await the Task it returns",
                    node, unit, method);
            return;
        }
        if (function instanceof ClassTree) {
            boolean anonymous = index.parent(function) instanceof NewClassTree;
            r.error(anonymous ? "weft.await-in-anonymous-class" : "weft.await-in-local-class",
                    "await cannot suspend inside " + (anonymous ? "an anonymous" : "a local")
                            + " class: its methods run outside the @Async method's state machine;"
                            + " await in the method itself, or make that code an @Async method",
                    node, unit, method);
            return;
        }
        for (Tree t = index.parent(node); t != null && t != index.method(); t = index.parent(t)) {
            if (t instanceof SynchronizedTree) {
                r.error("weft.await-in-synchronized", "await inside synchronized would suspend while"
                        + " holding the monitor (and resume on a path that never released it);"
                        + " use dev.weft.sync.Lock and await its acquire() instead", node, unit, method);
                return;
            }
        }
    }

    /**
     * A catch of Exception, RuntimeException or Throwable around an await also catches the
     * CancelledException that cancels this task; unless it rethrows it, the task carries on as
     * if it had not been cancelled (asyncio's, Kotlin's and C#'s users all meet this bug).
     */
    private void checkSwallowedCancellation(TryTree t, ValidationReport r, ExecutableElement method) {
        boolean awaitsInside = awaits.contains(t.getBlock());
        for (Tree res : t.getResources()) {
            awaitsInside |= awaits.contains(res);
        }
        TypeElement cancelled = elements.getTypeElement("dev.weft.CancelledException");
        if (!awaitsInside || cancelled == null) {
            return;
        }
        TypeMirror ct = cancelled.asType();
        for (CatchTree c : t.getCatches()) {
            Tree type = c.getParameter().getType();
            List<? extends Tree> alts = type instanceof UnionTypeTree
                    ? ((UnionTypeTree) type).getTypeAlternatives() : List.of(type);
            for (Tree alt : alts) {
                TypeMirror at = index.type(alt);
                if (at == null || !types.isSubtype(ct, at)) {
                    continue;
                }
                if (types.isSameType(ct, at) || rethrows(c)) {
                    return;
                }
                r.warning("weft.swallowed-cancellation", "this catch of " + alt + " around an await also"
                        + " catches the dev.weft.CancelledException that cancels the task, and does not"
                        + " rethrow it: a cancelled task would carry on as if nothing happened; add"
                        + " `catch (CancelledException e) { throw e; }` before it, or rethrow it"
                        + " (`if (" + c.getParameter().getName() + " instanceof CancelledException) throw "
                        + c.getParameter().getName() + ";`)", alt, unit, method);
                return;
            }
        }
    }

    /** Whether a catch body rethrows its parameter (or checks for a cancellation itself). */
    private boolean rethrows(CatchTree c) {
        Element param = index.element(c.getParameter());
        boolean[] found = {false};
        new TreeScanner<Void, Void>() {
            private boolean inThrow;

            @Override
            public Void visitThrow(ThrowTree node, Void v) {
                inThrow = true;
                super.visitThrow(node, v);
                inThrow = false;
                return null;
            }

            @Override
            public Void visitIdentifier(IdentifierTree node, Void v) {
                if ((inThrow && param != null && param.equals(index.element(node)))
                        || node.getName().contentEquals("CancelledException")) {
                    found[0] = true;
                }
                return null;
            }

            @Override
            public Void visitMemberSelect(MemberSelectTree node, Void v) {
                if (node.getIdentifier().contentEquals("CancelledException")) {
                    found[0] = true;
                }
                return super.visitMemberSelect(node, v);
            }
        }.scan(c.getBlock(), null);
        return found[0];
    }

    private void checkBlocking(MethodInvocationTree node, ValidationReport r, ExecutableElement method) {
        Element e = index.element(node);
        if (!(e instanceof ExecutableElement)) {
            return;
        }
        ExecutableElement m = (ExecutableElement) e;
        TypeElement declaring = (TypeElement) m.getEnclosingElement();
        String owner = declaring.getQualifiedName().toString();
        String name = m.getSimpleName().toString();
        String advice = null;
        if (owner.equals("java.lang.Thread") && name.equals("sleep")) {
            advice = "Thread.sleep blocks the event loop's thread; await(Tasks.sleep(duration)) instead";
        } else if (owner.equals("java.lang.Object") && name.equals("wait")) {
            advice = "Object.wait blocks the event loop's thread; await an Event or Condition"
                    + " from dev.weft.sync instead";
        } else if (name.equals("join") && m.getParameters().isEmpty()
                && (isSubtype(declaring, "java.util.concurrent.CompletableFuture"))) {
            advice = "CompletableFuture.join blocks the event loop's thread; await(future) instead";
        } else if (name.equals("join") && m.getParameters().isEmpty() && isSubtype(declaring, "dev.weft.Task")) {
            advice = "Task.join blocks the event loop's thread; await(task) instead";
        } else if (name.equals("get") && (m.getParameters().isEmpty() || m.getParameters().size() == 2)
                && isSubtype(declaring, "java.util.concurrent.Future")) {
            advice = "Future.get blocks the event loop's thread; await the task or CompletionStage instead";
        }
        if (advice != null) {
            r.warning("weft.blocking-call", advice, node, unit, method);
        }
    }

    private boolean isSubtype(TypeElement t, String name) {
        TypeElement other = elements.getTypeElement(name);
        return other != null && types.isSubtype(types.erasure(t.asType()), types.erasure(other.asType()));
    }

    private void checkPrivate(Tree node, Element e, ValidationReport r, ExecutableElement method,
            TypeElement top) {
        if (e == null || !e.getModifiers().contains(Modifier.PRIVATE)) {
            return;
        }
        ElementKind k = e.getKind();
        String generated = SignatureValidator.generatedName(owner);
        if (k.isClass() || k.isInterface()) {
            Element declaring = e.getEnclosingElement();
            if (declaring instanceof TypeElement && outermost((TypeElement) declaring).equals(top)
                    && !declaredInBody(declaring)) {
                r.error("weft.private-member", "the generated " + generated + " is a separate class and"
                        + " cannot name the private type " + e.getSimpleName() + "; make "
                        + e.getSimpleName() + " package-private (or protected)", node, unit, method);
            }
            return;
        }
        if (!PrivateMembers.needed(e, top)) {
            return;
        }
        TypeElement declaring = (TypeElement) e.getEnclosingElement();
        String what = k == ElementKind.CONSTRUCTOR ? "constructor of " + declaring.getSimpleName()
                : (k.isField() ? "field " : "method ") + e.getSimpleName();
        String fix = null;
        TypeElement hidden = privateEnclosing(declaring);
        if (hidden != null) {
            fix = "it is declared in the private class " + hidden.getSimpleName() + ", which " + generated
                    + " cannot name; make " + hidden.getSimpleName() + " package-private";
        } else if (mentionsPrivateType(e)) {
            fix = "its type mentions a private class that " + generated + " cannot name; make that class"
                    + " package-private";
        } else if (node instanceof MemberReferenceTree) {
            fix = "a method reference cannot be redirected to the handle weft uses for private members;"
                    + " write a lambda instead (e.g. x -> " + e.getSimpleName() + "(x)), or make "
                    + e.getSimpleName() + " package-private";
        } else if (k == ElementKind.CONSTRUCTOR && node instanceof NewClassTree
                && ((NewClassTree) node).getClassBody() != null) {
            fix = "an anonymous subclass cannot be created through a handle; make the constructor"
                    + " package-private";
        } else if (k == ElementKind.CONSTRUCTOR && declaring.getNestingKind() == javax.lang.model.element.NestingKind.MEMBER
                && !declaring.getModifiers().contains(Modifier.STATIC)) {
            fix = "an inner class needs its enclosing instance, which the handle cannot pass; make the"
                    + " constructor package-private or the class static";
        } else if (k.isField()) {
            fix = checkFieldUpdate(node, e);
        }
        if (fix != null) {
            r.error("weft.private-member", "the generated " + generated + " reaches private members"
                    + " through method handles, but not this use of private " + what + ": " + fix,
                    node, unit, method);
        }
    }

    /** Why a write of a private field cannot go through its handle, or null when it can. */
    private String checkFieldUpdate(Tree node, Element field) {
        Tree parent = index.parent(node);
        while (parent instanceof com.sun.source.tree.ParenthesizedTree) {
            parent = index.parent(parent);
        }
        Tree.Kind k = parent == null ? null : parent.getKind();
        boolean compound = parent instanceof com.sun.source.tree.CompoundAssignmentTree
                && strip(((com.sun.source.tree.CompoundAssignmentTree) parent).getVariable()) == node;
        boolean step = k == Tree.Kind.PREFIX_INCREMENT || k == Tree.Kind.PREFIX_DECREMENT
                || k == Tree.Kind.POSTFIX_INCREMENT || k == Tree.Kind.POSTFIX_DECREMENT;
        if (!compound && !step) {
            return null;
        }
        String name = field.getSimpleName().toString();
        if (node instanceof MemberSelectTree) {
            ExpressionTree q = strip(((MemberSelectTree) node).getExpression());
            Element qe = index.element(q);
            // this and Outer.this have no side effects: read twice, they are the same object
            boolean isThis = q instanceof IdentifierTree && ((IdentifierTree) q).getName().contentEquals("this")
                    || q instanceof MemberSelectTree && ((MemberSelectTree) q).getIdentifier().contentEquals("this");
            if (!isThis && (!(q instanceof IdentifierTree) || (qe != null && qe.getKind() == ElementKind.FIELD))) {
                return "the update would evaluate the object expression twice; assign it to a local first";
            }
        }
        if ((k == Tree.Kind.POSTFIX_INCREMENT || k == Tree.Kind.POSTFIX_DECREMENT)
                && !(index.parent(parent) instanceof com.sun.source.tree.ExpressionStatementTree)) {
            return "the value of " + name + (k == Tree.Kind.POSTFIX_INCREMENT ? "++" : "--") + " is used;"
                    + " read " + name + " into a local first, or use the prefix form";
        }
        return null;
    }

    private static ExpressionTree strip(ExpressionTree t) {
        while (t instanceof com.sun.source.tree.ParenthesizedTree) {
            t = ((com.sun.source.tree.ParenthesizedTree) t).getExpression();
        }
        return t;
    }

    private static TypeElement privateEnclosing(TypeElement t) {
        for (Element e = t; e instanceof TypeElement; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                return (TypeElement) e;
            }
        }
        return null;
    }

    private static boolean mentionsPrivateType(Element e) {
        List<TypeMirror> ts = new ArrayList<>();
        if (e instanceof ExecutableElement) {
            ExecutableElement x = (ExecutableElement) e;
            ts.add(x.getReturnType());
            for (Element p : x.getParameters()) {
                ts.add(p.asType());
            }
            ts.addAll(x.getThrownTypes());
        } else {
            ts.add(e.asType());
        }
        for (TypeMirror t : ts) {
            if (mentionsPrivate(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsPrivate(TypeMirror t) {
        if (t instanceof javax.lang.model.type.ArrayType) {
            return mentionsPrivate(((javax.lang.model.type.ArrayType) t).getComponentType());
        }
        if (t instanceof javax.lang.model.type.DeclaredType) {
            javax.lang.model.type.DeclaredType d = (javax.lang.model.type.DeclaredType) t;
            if (privateEnclosing((TypeElement) d.asElement()) != null) {
                return true;
            }
            for (TypeMirror a : d.getTypeArguments()) {
                if (mentionsPrivate(a)) {
                    return true;
                }
            }
        }
        if (t instanceof javax.lang.model.type.WildcardType) {
            javax.lang.model.type.WildcardType w = (javax.lang.model.type.WildcardType) t;
            return (w.getExtendsBound() != null && mentionsPrivate(w.getExtendsBound()))
                    || (w.getSuperBound() != null && mentionsPrivate(w.getSuperBound()));
        }
        return false;
    }

    private boolean declaredInBody(Element declaring) {
        for (Element e = declaring; e != null; e = e.getEnclosingElement()) {
            if (e.getKind() == ElementKind.METHOD || e.getKind() == ElementKind.CONSTRUCTOR) {
                return true;
            }
        }
        return false;
    }

    private void checkSuper(Tree node, ExpressionTree qualifier, String member, ValidationReport r,
            ExecutableElement method, boolean inClass) {
        if (inClass) {
            return;
        }
        Element named = qualifier instanceof MemberSelectTree
                && ((MemberSelectTree) qualifier).getIdentifier().contentEquals("super")
                ? index.element(((MemberSelectTree) qualifier).getExpression()) : null;
        boolean plainSuper = qualifier instanceof IdentifierTree
                && ((IdentifierTree) qualifier).getName().contentEquals("super")
                || owner.equals(named); // Owner.super.m: super.m
        boolean interfaceSuper = named instanceof TypeElement && named.getKind().isInterface();
        if (!plainSuper && !interfaceSuper) {
            return;
        }
        Element target = index.element(node);
        Tree parent = index.parent(node);
        if (target instanceof ExecutableElement && parent instanceof MethodInvocationTree
                && ((MethodInvocationTree) parent).getMethodSelect() == node
                && !target.getModifiers().contains(Modifier.ABSTRACT)) {
            return; // called through a findSpecial handle (see emit.PrivateAccess)
        }
        if (interfaceSuper) {
            if (node instanceof MemberReferenceTree) {
                String call = named.getSimpleName() + ".super." + member;
                r.error("weft.super-call", named.getSimpleName() + ".super::" + member + " cannot be expressed from the"
                        + " generated subclass, which does not name " + named.getSimpleName() + " among its direct"
                        + " superinterfaces (weft reaches " + call + "(...) calls through a handle, but not method"
                        + " references); write a lambda instead (e.g. () -> " + call + "())", node, unit, method);
            }
            return;
        }
        String written = qualifier.toString();
        for (Element e : owner.getEnclosedElements()) {
            if ((e.getKind() == ElementKind.METHOD || e.getKind().isField())
                    && e.getSimpleName().contentEquals(member)) {
                r.error("weft.super-call", written + "." + member + " cannot be expressed from the generated"
                        + " subclass, because " + owner.getSimpleName() + " declares its own " + member
                        + " (weft reaches super calls through a handle, but not field accesses or"
                        + " method references); call it through a helper method of " + owner.getSimpleName()
                        + " (e.g. a package-private method that uses super." + member + ")",
                        node, unit, method);
                return;
            }
        }
    }

    static TypeElement outermost(TypeElement t) {
        TypeElement out = t;
        for (Element e = t.getEnclosingElement(); e instanceof TypeElement; e = e.getEnclosingElement()) {
            out = (TypeElement) e;
        }
        return out;
    }

}
