package dev.weft.processor.analysis;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/** Which members of the user's class the generated class can reach only through handles. */
public final class PrivateMembers {
    private PrivateMembers() {}

    /**
     * Whether {@code e} is a private field, method or constructor of the user's top-level class
     * {@code top} (or of a class nested in it), which the generated class cannot name.
     */
    public static boolean needed(Element e, TypeElement top) {
        if (e == null || !e.getModifiers().contains(Modifier.PRIVATE)) {
            return false;
        }
        ElementKind k = e.getKind();
        if (!(k.isField() || k == ElementKind.METHOD || k == ElementKind.CONSTRUCTOR)) {
            return false;
        }
        Element declaring = e.getEnclosingElement();
        if (!(declaring instanceof TypeElement)) {
            return false;
        }
        Element out = declaring;
        for (Element x = declaring; x != null; x = x.getEnclosingElement()) {
            if (x.getKind() == ElementKind.METHOD || x.getKind() == ElementKind.CONSTRUCTOR) {
                return false; // a member of a class declared in the body: copied along with it
            }
            if (x instanceof TypeElement) {
                out = x;
            }
        }
        return out.equals(top);
    }

}
