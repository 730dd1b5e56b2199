package dev.weft.processor.emit;

import dev.weft.processor.analysis.TypeText;
import java.util.stream.Collectors;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * The doc comments of what {@code Foo_Async} declares: each points at the user's original, with
 * the names the generated file's code uses, so that javadoc and {@code -Xdoclint} resolve the
 * links; public members carry every tag javadoc asks for, so that a fully documented project
 * stays free of javadoc warnings (javac 17 does not honour {@code @SuppressWarnings("doclint")}).
 */
final class DocComments {
    private final TypeText typeText;
    private final Types types;

    DocComments(TypeText typeText, Types types) {
        this.typeText = typeText;
        this.types = types;
    }

    /** {@code {@link Greeter#greet(String)}}, or {@code {@link Greeter#Greeter(Clock)}} for a constructor. */
    String link(ExecutableElement e) {
        TypeElement owner = (TypeElement) e.getEnclosingElement();
        String name = e.getKind() == ElementKind.CONSTRUCTOR ? owner.getSimpleName().toString()
                : e.getSimpleName().toString();
        return "{@link " + typeText.name(owner) + "#" + name + "(" + e.getParameters().stream()
                .map(p -> typeText.of(types.erasure(p.asType()))).collect(Collectors.joining(", ")) + ")}";
    }

    /** The comment of a member that does what {@code original} does: a summary, then its tags. */
    String of(String summary, ExecutableElement original) {
        StringBuilder doc = new StringBuilder(summary).append("\n");
        boolean tags = !original.getTypeParameters().isEmpty() || !original.getParameters().isEmpty()
                || original.getReturnType().getKind() != TypeKind.VOID || !original.getThrownTypes().isEmpty();
        if (tags) {
            doc.append("\n");
        }
        for (TypeParameterElement t : original.getTypeParameters()) {
            doc.append("@param <").append(t.getSimpleName()).append("> as there\n");
        }
        for (VariableElement p : original.getParameters()) {
            doc.append("@param ").append(p.getSimpleName()).append(" as there\n");
        }
        if (original.getKind() == ElementKind.METHOD && original.getReturnType().getKind() != TypeKind.VOID) {
            doc.append("@return as there\n");
        }
        for (TypeMirror thrown : original.getThrownTypes()) {
            doc.append("@throws ").append(typeText.of(thrown)).append(" as there\n");
        }
        return doc.toString();
    }
}
