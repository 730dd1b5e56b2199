package dev.weft.processor.emit;

import com.sun.source.tree.AnnotatedTypeTree;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import dev.weft.processor.analysis.BodyIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * The type annotations written in front of a simple type name that the copy must write
 * qualified. Java allows a type annotation before a simple name ({@code @Nullable Node}) but not
 * before a qualified one: {@code @Nullable Outer.Node} is an error (javac 17: "scoping construct
 * cannot be annotated with type-use annotation"), and the annotation has to go after the
 * qualifier, {@code Outer.@Nullable Node}, which annotates the same type. So when the copy
 * qualifies {@code Node}, these annotations move there with it.
 *
 * <p>Two places hold such annotations: an annotated type in a type context ({@code
 * List<@Nullable Node>}, {@code (@Nullable Node) x}), all of whose annotations are type
 * annotations; and the modifiers of a declaration whose type starts with the name ({@code
 * @Nullable Node node}), where only annotations that apply to types and not to that kind of
 * declaration move: one that may also annotate the declaration is taken as a declaration
 * annotation in front of a qualified type, which is legal and keeps its meaning there. (A record
 * component is the declaration of a field, an accessor and a parameter at once.)
 */
final class TypeAnnotations {
    private TypeAnnotations() {}

    /**
     * The annotations that must follow the qualifier once {@code name} is written qualified, in a
     * list the caller may change.
     */
    static List<AnnotationTree> toMove(IdentifierTree name, BodyIndex index) {
        Tree parent = index.parent(name);
        if (parent instanceof AnnotatedTypeTree && ((AnnotatedTypeTree) parent).getUnderlyingType() == name) {
            return new ArrayList<>(((AnnotatedTypeTree) parent).getAnnotations());
        }
        // the whole declared type that the name starts: Node<...>, Node[], Node...
        Tree type = name;
        for (Tree p = parent; ; p = index.parent(type)) {
            if (p instanceof ParameterizedTypeTree && ((ParameterizedTypeTree) p).getType() == type
                    || p instanceof ArrayTypeTree && ((ArrayTypeTree) p).getType() == type) {
                type = p;
            } else {
                parent = p;
                break;
            }
        }
        ModifiersTree modifiers;
        if (parent instanceof VariableTree && ((VariableTree) parent).getType() == type) {
            modifiers = ((VariableTree) parent).getModifiers();
        } else if (parent instanceof MethodTree && ((MethodTree) parent).getReturnType() == type) {
            modifiers = ((MethodTree) parent).getModifiers();
        } else {
            return new ArrayList<>();
        }
        Set<String> contexts = declarationContexts(index.element(parent));
        List<AnnotationTree> move = new ArrayList<>();
        for (AnnotationTree a : modifiers.getAnnotations()) {
            Set<String> targets = targets(index.element(a.getAnnotationType()));
            if (targets != null && targets.contains("TYPE_USE") && !targets.containsAll(contexts)) {
                move.add(a);
            }
        }
        return move;
    }

    /**
     * A record component's annotations go on to its field, accessor and constructor parameter, and
     * to each as a type annotation where they do not apply to that declaration.
     */
    private static final Set<String> RECORD_COMPONENT = Set.of("FIELD", "METHOD", "PARAMETER");

    /**
     * The {@code ElementType}s of a declaration of {@code declared}'s kind (JLS 9.6.4.1): an
     * annotation that applies to types and misses one of them annotates a type there.
     */
    private static Set<String> declarationContexts(Element declared) {
        if (declared == null) {
            return Set.of();
        }
        switch (declared.getKind()) {
            case PARAMETER:
            case EXCEPTION_PARAMETER:
                return Set.of("PARAMETER");
            case FIELD:
                if (declared.getEnclosingElement().getKind() == ElementKind.RECORD
                        && !declared.getModifiers().contains(Modifier.STATIC)) {
                    return RECORD_COMPONENT; // javac's element for a component's tree is its field
                }
                return Set.of("FIELD");
            case ENUM_CONSTANT:
                return Set.of("FIELD");
            case METHOD:
                return Set.of("METHOD");
            case RECORD_COMPONENT:
                return RECORD_COMPONENT;
            default: // locals, resources, pattern bindings
                return Set.of("LOCAL_VARIABLE");
        }
    }

    /** The names in {@code @Target} of the annotation type, or null when it has none. */
    private static Set<String> targets(Element annotationType) {
        if (!(annotationType instanceof TypeElement)) {
            return null;
        }
        for (AnnotationMirror m : annotationType.getAnnotationMirrors()) {
            if (!((TypeElement) m.getAnnotationType().asElement()).getQualifiedName()
                    .contentEquals("java.lang.annotation.Target")) {
                continue;
            }
            for (java.util.Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> v
                    : m.getElementValues().entrySet()) {
                Object value = v.getValue().getValue();
                Set<String> names = new java.util.HashSet<>();
                if (value instanceof List) {
                    for (Object item : (List<?>) value) {
                        names.add(String.valueOf(((AnnotationValue) item).getValue()));
                    }
                } else {
                    names.add(String.valueOf(value)); // @Target(TYPE_USE), written without braces
                }
                return names;
            }
        }
        return null;
    }
}
