package dev.weft.processor.validation;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/** Checks the declaration of each {@code @Async} method and of the class that holds it. */
public final class SignatureValidator {
    /** @param path {@code m}'s declaration, or null when it has no source */
    public ValidationReport validateMethod(ExecutableElement m, TreePath path) {
        ValidationReport r = new ValidationReport();
        Tree at = path == null ? null : path.getLeaf();
        CompilationUnitTree unit = path == null ? null : path.getCompilationUnit();
        String name = m.getSimpleName() + "()";
        Tree returnAt = at instanceof MethodTree && ((MethodTree) at).getReturnType() != null
                ? ((MethodTree) at).getReturnType() : at;
        if (!isTask(m.getReturnType())) {
            r.error("weft.not-task", "@Async method " + name + " must return dev.weft.Task<T>, not "
                    + m.getReturnType() + "; declare Task<T> and return Task.of(value)", returnAt, unit, m);
        }
        if (m.getModifiers().contains(Modifier.PRIVATE)) {
            r.error("weft.private-async", "@Async method " + name + " must not be private: the generated"
                    + " class cannot reach it; make it package-private or wider", at, unit, m);
        }
        if (m.getModifiers().contains(Modifier.FINAL)) {
            boolean safeVarargs = m.getAnnotation(SafeVarargs.class) != null;
            r.error("weft.final-async", "@Async method " + name + " must not be final: the generated"
                    + " class overrides it; remove final" + (safeVarargs ? " (javac then refuses @SafeVarargs,"
                            + " which only a final, static or private method may carry: make the method static,"
                            + " or take a List<T> instead of T...)" : ""), at, unit, m);
        }
        if (m.getModifiers().contains(Modifier.ABSTRACT) || m.getModifiers().contains(Modifier.NATIVE)) {
            r.error("weft.abstract-async", "@Async method " + name + " must have a body to transform;"
                    + " remove @Async here and put it on the implementing method", at, unit, m);
        }
        if (m.getModifiers().contains(Modifier.SYNCHRONIZED)) {
            r.error("weft.await-in-synchronized", "@Async method " + name + " must not be synchronized:"
                    + " its awaits would suspend while holding the monitor; use dev.weft.sync.Lock instead",
                    at, unit, m);
        }
        Element owner = m.getEnclosingElement();
        if (!(owner instanceof TypeElement)) {
            r.error("weft.unsupported", "@Async is only supported on methods of classes", at, unit, m);
            return r;
        }
        TypeElement type = (TypeElement) owner;
        if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
            r.error("weft.unsupported", "@Async methods of local or anonymous classes cannot be"
                    + " transformed; move the method into a top-level or static nested class", at, unit, m);
            return r;
        }
        if (type.getKind() == ElementKind.ANNOTATION_TYPE
                || (type.getKind() == ElementKind.INTERFACE && !m.getModifiers().contains(Modifier.STATIC))) {
            // a static method of an interface is transformed as one of a class: Api_Async.m(...)
            r.error("weft.unsupported", "@Async default methods of interfaces cannot be transformed: weft"
                    + " overrides an instance @Async method in a generated subclass, and an interface has"
                    + " none; put the method in a class that implements the interface (an abstract class"
                    + " will do), or make it static", at, unit, m);
            return r;
        }
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                r.error("weft.not-subclassable", "class " + type.getSimpleName() + " is private, so the"
                        + " generated " + generatedName(type) + " cannot reach it; make it package-private",
                        at, unit, m);
                return r;
            }
        }
        if (!m.getModifiers().contains(Modifier.STATIC)) {
            String why = null;
            if (type.getKind() != ElementKind.CLASS) {
                why = Messages.article(type.getKind().toString().toLowerCase(java.util.Locale.ROOT));
            } else if (type.getModifiers().contains(Modifier.FINAL)) {
                why = "final" + lombokFinal(type);
            } else if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
                why = "an inner (non-static) class";
            } else if (!hasAccessibleConstructor(type)) {
                why = "a class with only private constructors";
            } else if (type.getModifiers().contains(Modifier.SEALED)
                    && !dev.weft.processor.analysis.ClassModel.permitsGenerated(type)) {
                why = "sealed and does not permit " + generatedName(type);
            }
            if (why != null) {
                String way = type.getKind() != ElementKind.CLASS
                        // a record or an enum can never be extended: only the other way out is open
                        ? ", which no class can extend; make the method static (taking the "
                                + type.getKind().toString().toLowerCase(java.util.Locale.ROOT)
                                + " as a parameter), or put it in a class of its own"
                        : "; make the class subclassable (non-final, static, with a non-private constructor"
                                + (type.getModifiers().contains(Modifier.SEALED)
                                        ? "; a sealed class names " + generatedName(type) + " in its permits clause"
                                        : "")
                                + ") or the method static";
                r.error("weft.not-subclassable", "instance @Async method " + name + " needs "
                        + generatedName(type) + " to extend " + type.getSimpleName() + ", but "
                        + type.getSimpleName() + " is " + why + way, at, unit, m);
            }
        }
        return r;
    }

    /**
     * Where Lombok made {@code type} final ({@code @Value}, {@code @UtilityClass}), which the
     * source does not say: ", as Lombok's @Value makes it"; else "".
     */
    private static String lombokFinal(TypeElement type) {
        for (javax.lang.model.element.AnnotationMirror a : type.getAnnotationMirrors()) {
            String name = a.getAnnotationType().toString();
            if (name.equals("lombok.Value") || name.equals("lombok.experimental.UtilityClass")) {
                return " (Lombok's @" + name.substring(name.lastIndexOf('.') + 1) + " makes it so)";
            }
        }
        return "";
    }

    private static boolean hasAccessibleConstructor(TypeElement type) {
        for (ExecutableElement c : ElementFilter.constructorsIn(type.getEnclosedElements())) {
            if (!c.getModifiers().contains(Modifier.PRIVATE)) {
                return true;
            }
        }
        return false;
    }

    public static boolean isTask(TypeMirror t) {
        if (t.getKind() != TypeKind.DECLARED) {
            return false;
        }
        TypeElement e = (TypeElement) ((DeclaredType) t).asElement();
        return e.getQualifiedName().contentEquals("dev.weft.Task");
    }

    /** {@code Foo_Async}, or {@code Outer_Inner_Async} for a nested class. */
    public static String generatedName(TypeElement type) {
        StringBuilder sb = new StringBuilder(type.getSimpleName());
        for (Element e = type.getEnclosingElement(); e instanceof TypeElement; e = e.getEnclosingElement()) {
            sb.insert(0, e.getSimpleName() + "_");
        }
        return sb + "_Async";
    }
}
