package dev.weft.processor.attribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;

/**
 * The signatures of a {@code Foo_Async} that weft is about to write, as source with empty bodies,
 * so that bodies mentioning {@code Foo_Async} attribute in the {@link ShadowCompilation} before the
 * real class exists. Read from the user's elements: their signatures are entered already, and
 * reading them attributes no body.
 */
public final class SignatureStub {
    private SignatureStub() {}

    /**
     * @param extendsOwner whether {@code Foo_Async extends Foo} (else it is a final holder of
     *     static methods)
     * @param methods the {@code @Async} methods {@code Foo_Async} declares
     */
    public static String of(Elements elements, TypeElement owner, String generatedName, boolean extendsOwner,
            List<ExecutableElement> methods) {
        return of(elements, owner, generatedName, extendsOwner, methods, Element::getModifiers);
    }

    /** As {@link #of(Elements, TypeElement, String, boolean, List)}, with the methods' modifiers as {@code modifiers} says. */
    public static String of(Elements elements, TypeElement owner, String generatedName, boolean extendsOwner,
            List<ExecutableElement> methods, java.util.function.Function<Element, Set<Modifier>> modifiers) {
        String pkg = elements.getPackageOf(owner).getQualifiedName().toString();
        StringBuilder sb = new StringBuilder();
        if (!pkg.isEmpty()) {
            sb.append("package ").append(pkg).append(";\n");
        }
        if (owner.getModifiers().contains(Modifier.PUBLIC)) {
            sb.append("public ");
        }
        if (extendsOwner) {
            if (owner.getModifiers().contains(Modifier.ABSTRACT)) {
                sb.append("abstract ");
            }
            if (owner.getModifiers().contains(Modifier.SEALED)) {
                sb.append("non-sealed ");
            }
            String params = typeParameters(owner.getTypeParameters());
            sb.append("class ").append(generatedName).append(params).append(" extends ")
                    .append(owner.getQualifiedName());
            if (!owner.getTypeParameters().isEmpty()) {
                sb.append(owner.getTypeParameters().stream().map(p -> p.getSimpleName().toString())
                        .collect(Collectors.joining(", ", "<", ">")));
            }
            sb.append(" {\n");
            for (Element e : owner.getEnclosedElements()) {
                if (e.getKind() == javax.lang.model.element.ElementKind.CONSTRUCTOR
                        && !e.getModifiers().contains(Modifier.PRIVATE)) {
                    ExecutableElement c = (ExecutableElement) e;
                    sb.append("  ").append(visibility(c)).append(typeParameters(c.getTypeParameters()))
                            .append(' ').append(generatedName).append(parameters(c)).append(throwsClause(c))
                            .append(" { super(").append(c.getParameters().stream()
                                    .map(p -> p.getSimpleName().toString()).collect(Collectors.joining(", ")))
                            .append("); }\n");
                }
            }
        } else {
            sb.append("final class ").append(generatedName).append(" {\n");
        }
        for (ExecutableElement m : methods) {
            sb.append("  ").append(visibility(m));
            if (modifiers.apply(m).contains(Modifier.STATIC)) {
                sb.append("static ");
            }
            sb.append(typeParameters(m.getTypeParameters())).append(' ').append(type(m.getReturnType()))
                    .append(' ').append(m.getSimpleName()).append(parameters(m)).append(throwsClause(m))
                    .append(" { throw null; }\n");
        }
        return sb.append("}\n").toString();
    }

    /**
     * {@code member} of {@code owner} as a one-line declaration with an empty body, or null for a
     * kind it does not write: see {@link InPlaceMembers}. Access stays as it is, since weft reaches
     * private members differently.
     */
    static String member(Element member, TypeElement owner) {
        StringBuilder sb = modifiers(member.getModifiers(), false); // members get bodies: never abstract
        switch (member.getKind()) {
            case FIELD:
                return sb.append(type(member.asType())).append(' ').append(member.getSimpleName()).append(';')
                        .toString();
            case METHOD: {
                ExecutableElement m = (ExecutableElement) member;
                String typeParameters = typeParameters(m.getTypeParameters());
                return sb.append(typeParameters).append(typeParameters.isEmpty() ? "" : " ")
                        .append(type(m.getReturnType())).append(' ').append(m.getSimpleName()).append(parameters(m))
                        .append(throwsClause(m)).append(" { throw null; }").toString();
            }
            case CONSTRUCTOR: {
                ExecutableElement c = (ExecutableElement) member;
                return sb.append(typeParameters(c.getTypeParameters())).append(' ').append(owner.getSimpleName())
                        .append(parameters(c)).append(throwsClause(c)).append(" { throw null; }").toString();
            }
            default:
                return null;
        }
    }

    /**
     * A whole class added in place (Lombok's builders), as one line: its members as {@link
     * #member} writes them. {@code header} is what follows the name, as its tree has it (type
     * parameters, {@code extends}, {@code implements}): the tree is complete as soon as the class
     * is added, its element's supertypes only later.
     */
    static String addedClass(TypeElement type, Set<Modifier> modifiers, String header) {
        StringBuilder sb = modifiers(modifiers, true);
        sb.append("class ").append(type.getSimpleName()).append(header).append(" {");
        for (Element nested : type.getEnclosedElements()) {
            String stub = nested instanceof TypeElement ? null : member(nested, type);
            if (stub != null) {
                sb.append(' ').append(stub);
            }
        }
        return sb.append(" }").toString();
    }

    /** Of {@code modifiers}, those a stub keeps (access, static, abstract if asked), each with a space. */
    private static StringBuilder modifiers(Set<Modifier> modifiers, boolean abstractToo) {
        StringBuilder sb = new StringBuilder();
        for (Modifier m : List.of(Modifier.PUBLIC, Modifier.PROTECTED, Modifier.PRIVATE, Modifier.STATIC,
                Modifier.ABSTRACT)) {
            if (modifiers.contains(m) && (abstractToo || m != Modifier.ABSTRACT)) {
                sb.append(m).append(' ');
            }
        }
        return sb;
    }

    private static String visibility(ExecutableElement e) {
        if (e.getModifiers().contains(Modifier.PUBLIC)) {
            return "public ";
        }
        if (e.getModifiers().contains(Modifier.PROTECTED)) {
            return "protected ";
        }
        return "";
    }

    private static String typeParameters(List<? extends TypeParameterElement> params) {
        if (params.isEmpty()) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (TypeParameterElement p : params) {
            List<String> bounds = new ArrayList<>();
            for (TypeMirror b : p.getBounds()) {
                if (!b.toString().equals("java.lang.Object")) {
                    bounds.add(type(b));
                }
            }
            out.add(p.getSimpleName() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds)));
        }
        return "<" + String.join(", ", out) + ">";
    }

    private static String parameters(ExecutableElement e) {
        List<String> out = new ArrayList<>();
        List<? extends VariableElement> params = e.getParameters();
        for (int i = 0; i < params.size(); i++) {
            TypeMirror t = params.get(i).asType();
            String text = e.isVarArgs() && i == params.size() - 1 && t instanceof ArrayType
                    ? type(((ArrayType) t).getComponentType()) + "..." : type(t);
            out.add(text + " " + params.get(i).getSimpleName());
        }
        return "(" + String.join(", ", out) + ")";
    }

    private static String throwsClause(ExecutableElement e) {
        if (e.getThrownTypes().isEmpty()) {
            return "";
        }
        return " throws " + e.getThrownTypes().stream().map(SignatureStub::type).collect(Collectors.joining(", "));
    }

    /** A type as qualified source, without type annotations (a stub needs no more). */
    static String type(TypeMirror t) {
        switch (t.getKind()) {
            case ARRAY:
                return type(((ArrayType) t).getComponentType()) + "[]";
            case TYPEVAR:
                return ((TypeVariable) t).asElement().getSimpleName().toString();
            case WILDCARD: {
                WildcardType w = (WildcardType) t;
                if (w.getExtendsBound() != null) {
                    return "? extends " + type(w.getExtendsBound());
                }
                return w.getSuperBound() != null ? "? super " + type(w.getSuperBound()) : "?";
            }
            case DECLARED: {
                DeclaredType d = (DeclaredType) t;
                TypeElement e = (TypeElement) d.asElement();
                TypeMirror outer = d.getEnclosingType();
                String name = outer.getKind() == TypeKind.DECLARED && !((DeclaredType) outer).getTypeArguments().isEmpty()
                        ? type(outer) + "." + e.getSimpleName() : e.getQualifiedName().toString();
                if (d.getTypeArguments().isEmpty()) {
                    return name;
                }
                return name + d.getTypeArguments().stream().map(SignatureStub::type)
                        .collect(Collectors.joining(", ", "<", ">"));
            }
            default:
                if (t.getKind().isPrimitive() || t.getKind() == TypeKind.VOID) {
                    return t.getKind().name().toLowerCase(java.util.Locale.ROOT);
                }
                return t.toString(); // an error type: the name as written
        }
    }
}
