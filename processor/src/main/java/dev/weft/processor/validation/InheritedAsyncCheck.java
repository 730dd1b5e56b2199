package dev.weft.processor.validation;

import dev.weft.processor.analysis.ClassModel;
import java.util.List;
import java.util.function.BiConsumer;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Finds the classes that inherit an instance {@code @Async} method untransformed: {@code class
 * PrintJob extends Job}, where {@code Job} has {@code @Async run()}. {@code run()} on a {@code
 * PrintJob} (or, when {@code PrintJob} has {@code @Async} instance methods of its own, on a {@code
 * PrintJob_Async}, which extends it) is then the original, which fails at its first await; {@code
 * PrintJob extends Job_Async} is the fix.
 *
 * <p>Reads supertypes and annotations only (javac has them for any class it compiles), and stops
 * at the JDK's classes.
 */
public final class InheritedAsyncCheck {
    private final Elements elements;
    private final Types types;

    public InheritedAsyncCheck(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /**
     * Calls {@code warn} with each concrete class among {@code type} and its member classes and
     * the message for each instance {@code @Async} method it inherits untransformed.
     */
    public void check(TypeElement type, BiConsumer<TypeElement, String> warn) {
        // a class with instance @Async methods of its own: Foo_Async extends it, so that is the
        // object that runs the inherited original; one without: itself, when it can be made
        boolean owns = ownsInstanceAsyncMethods(type);
        if (type.getKind() == ElementKind.CLASS && !isGeneratedBesideItsSuperclass(type)
                && (owns ? ClassModel.subclassable(type) : !type.getModifiers().contains(Modifier.ABSTRACT))) {
            List<? extends Element> members = null;
            for (TypeMirror s = type.getSuperclass(); s.getKind() == TypeKind.DECLARED;
                    s = ((TypeElement) types.asElement(s)).getSuperclass()) {
                TypeElement superclass = (TypeElement) types.asElement(s);
                if (superclass.getQualifiedName().toString().startsWith("java.")) {
                    break;
                }
                if (sealedWithoutItsAsyncClass(superclass)) {
                    break; // weft reports on the superclass that it cannot extend it
                }
                for (ExecutableElement m : ClassModel.asyncMethodsOf(superclass)) {
                    if (m.getModifiers().contains(Modifier.STATIC) || m.getModifiers().contains(Modifier.FINAL)
                            || m.getModifiers().contains(Modifier.PRIVATE)) {
                        continue; // static: called through Job_Async; final, private: an error of Job's own
                    }
                    if (members == null) {
                        members = elements.getAllMembers(type);
                    }
                    if (members.contains(m)) { // not overridden on the way down, by Job_Async say
                        warn.accept(type, owns ? messageForItsAsyncClass(type, superclass, m)
                                : message(type, superclass, m));
                    }
                }
            }
        }
        for (TypeElement nested : ElementFilter.typesIn(type.getEnclosedElements())) {
            check(nested, warn);
        }
    }

    private static boolean sealedWithoutItsAsyncClass(TypeElement type) {
        String generated = SignatureValidator.generatedName(type);
        return type.getModifiers().contains(Modifier.SEALED) && type.getPermittedSubclasses().stream()
                .noneMatch(p -> p.toString().endsWith(generated));
    }

    private static boolean ownsInstanceAsyncMethods(TypeElement type) {
        return ClassModel.asyncMethodsOf(type).stream().anyMatch(m -> !m.getModifiers().contains(Modifier.STATIC));
    }

    /** weft's own {@code Foo_Async}: what it inherits from {@code Foo}'s superclasses is said on {@code Foo}. */
    private boolean isGeneratedBesideItsSuperclass(TypeElement type) {
        TypeMirror s = type.getSuperclass();
        return s.getKind() == TypeKind.DECLARED && type.getSimpleName().contentEquals(
                SignatureValidator.generatedName((TypeElement) types.asElement(s)));
    }

    private static String messageForItsAsyncClass(TypeElement type, TypeElement superclass, ExecutableElement m) {
        String own = SignatureValidator.generatedName(type);
        String generated = SignatureValidator.generatedName(superclass);
        return own + " extends " + type.getSimpleName() + ", which inherits the @Async method " + m.getSimpleName()
                + " from " + superclass.getSimpleName() + ": weft transforms it in " + generated + " only, so "
                + m.getSimpleName() + "(...) on a " + own + " object (from " + type.getSimpleName() + "'s own @Async"
                + " methods too) runs the original, which fails at its first await. Declare " + type.getSimpleName()
                + " extends " + generated + " instead (it is a " + superclass.getSimpleName() + " whose @Async"
                + " methods are transformed)";
    }

    private static String message(TypeElement type, TypeElement superclass, ExecutableElement m) {
        String generated = SignatureValidator.generatedName(superclass);
        boolean permitted = superclass.getModifiers().contains(Modifier.SEALED);
        return type.getSimpleName() + " inherits the @Async method " + m.getSimpleName() + " from "
                + superclass.getSimpleName() + ", which weft transforms in " + generated + " only, so "
                + m.getSimpleName() + "(...) on a " + type.getSimpleName() + " object runs the original, which"
                + " fails at its first await. Declare " + type.getSimpleName() + " extends " + generated
                + " instead (it is a " + superclass.getSimpleName() + " whose @Async methods are transformed)"
                + (permitted ? ", and take " + type.getSimpleName() + " out of " + superclass.getSimpleName()
                        + "'s permits clause (" + generated + " is non-sealed)" : "");
    }
}
