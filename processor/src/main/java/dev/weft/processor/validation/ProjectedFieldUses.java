package dev.weft.processor.validation;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.weft.processor.analysis.BodyIndex;
import dev.weft.processor.analysis.TypeText;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * A variable whose type has an intersection as a type argument ({@code var xs = List.of("a", 1)},
 * a {@code List<Serializable & Comparable<...>>}) that lives across an await becomes a field of
 * its upward projection, {@code List<? extends Serializable>}: reads through it type as the first
 * bound. Finds the first use that needs more than that, and so would compile in the body but not
 * in {@code Foo_Async}: a call that takes the element type ({@code xs.add(...)}), a value of the
 * element type given a type the first bound is not ({@code Comparable<?> c = xs.get(0)}), or
 * iterated into such a variable.
 */
public final class ProjectedFieldUses {
    private ProjectedFieldUses() {}

    /** Whether {@code type} is such a type: declared, with an intersection among its type arguments. */
    public static boolean applies(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED && ((DeclaredType) type).getTypeArguments().stream()
                .anyMatch(TypeText::mentionsIntersection);
    }

    /** The first use of {@code variable} the projection does not allow, or null. */
    public static Tree firstUnsupportedUse(VariableElement variable, TypeMirror type, BodyIndex index,
            TypeText typeText, Types types) {
        TypeMirror bound = firstIntersectionArgument(type, typeText);
        Tree[] found = {null};
        new TreeScanner<Void, Void>() {
            private boolean isVariable(Tree tree) {
                return tree != null && variable.equals(index.element(tree));
            }

            /** A call on the variable whose declared signature mentions its class's type variables there. */
            private boolean callMentioningTypeArguments(Tree tree, boolean inParameters) {
                if (!(tree instanceof MethodInvocationTree)) {
                    return false;
                }
                ExpressionTree select = ((MethodInvocationTree) tree).getMethodSelect();
                Element m = index.element(tree);
                if (!(select instanceof MemberSelectTree) || !isVariable(((MemberSelectTree) select).getExpression())
                        || !(m instanceof ExecutableElement) || !(m.getEnclosingElement() instanceof TypeElement)) {
                    return false;
                }
                List<? extends TypeParameterElement> classVariables =
                        ((TypeElement) m.getEnclosingElement()).getTypeParameters();
                ExecutableElement method = (ExecutableElement) m;
                // a "? super E" parameter (forEach's Consumer) takes what it took in the body
                return inParameters
                        ? method.getParameters().stream().anyMatch(p -> mentions(p.asType(), classVariables, types, false))
                        : mentions(method.getReturnType(), classVariables, types, true);
            }

            /** A value of the element type, from the variable, given {@code target}: fine if the bound is one. */
            private void checkFlow(Tree value, TypeMirror target) {
                if (found[0] == null && target != null && callMentioningTypeArguments(value, false)
                        && !types.isAssignable(typeText.denotable(index.type(value)), target)) {
                    found[0] = value;
                }
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void v) {
                if (found[0] == null && callMentioningTypeArguments(node, true)) {
                    found[0] = node;
                }
                return super.visitMethodInvocation(node, v);
            }

            @Override
            public Void visitVariable(VariableTree node, Void v) {
                if (node.getInitializer() != null) {
                    checkFlow(node.getInitializer(), index.type(node));
                }
                return super.visitVariable(node, v);
            }

            @Override
            public Void visitAssignment(AssignmentTree node, Void v) {
                checkFlow(node.getExpression(), index.type(node.getVariable()));
                return super.visitAssignment(node, v);
            }

            @Override
            public Void visitEnhancedForLoop(EnhancedForLoopTree node, Void v) {
                TypeMirror loopVariable = index.type(node.getVariable());
                if (found[0] == null && bound != null && isVariable(node.getExpression()) && loopVariable != null
                        && !types.isAssignable(bound, typeText.denotable(loopVariable))) {
                    found[0] = node.getVariable();
                }
                return super.visitEnhancedForLoop(node, v);
            }
        }.scan(index.method(), null);
        return found[0];
    }

    private static TypeMirror firstIntersectionArgument(TypeMirror type, TypeText typeText) {
        for (TypeMirror a : ((DeclaredType) type).getTypeArguments()) {
            if (a.getKind() == TypeKind.INTERSECTION) {
                return typeText.denotable(a);
            }
        }
        return null;
    }

    private static boolean mentions(TypeMirror type, List<? extends TypeParameterElement> variables, Types types,
            boolean underSuper) {
        switch (type.getKind()) {
            case TYPEVAR:
                return variables.stream().anyMatch(p -> types.isSameType(p.asType(), type));
            case ARRAY:
                return mentions(((javax.lang.model.type.ArrayType) type).getComponentType(), variables, types, underSuper);
            case WILDCARD: {
                javax.lang.model.type.WildcardType w = (javax.lang.model.type.WildcardType) type;
                return (w.getExtendsBound() != null && mentions(w.getExtendsBound(), variables, types, underSuper))
                        || (underSuper && w.getSuperBound() != null && mentions(w.getSuperBound(), variables, types, true));
            }
            case DECLARED:
                return ((DeclaredType) type).getTypeArguments().stream()
                        .anyMatch(a -> mentions(a, variables, types, underSuper));
            default:
                return false;
        }
    }
}
