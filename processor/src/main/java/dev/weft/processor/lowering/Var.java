package dev.weft.processor.lowering;

import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * A local of the lowered method: a parameter, a local of the user's body or a temporary the
 * lowering introduced. The layout decides whether it lives as a Java local or as a field of the
 * state machine (when it is used in more than one state), and its final name.
 */
public final class Var {
    final VariableElement element;
    final String baseName;
    final TypeMirror type;
    /** The type as the user wrote it (null for temps or {@code var}). */
    final Code declaredType;
    final boolean param;
    final boolean temp;

    boolean hoisted;
    /** Read outside the state switch (by the exception table): always a field once used. */
    boolean forceField;
    String name;
    int declBlock = -1;
    /** The user declared it with {@code var}. */
    boolean writtenAsVar;

    Var(VariableElement element, String baseName, TypeMirror type, Code declaredType, boolean param,
            boolean temp) {
        this.element = element;
        this.baseName = baseName;
        this.type = type;
        this.declaredType = declaredType;
        this.param = param;
        this.temp = temp;
        this.name = baseName;
    }

    public boolean hoisted() {
        return hoisted;
    }

    public String name() {
        return name;
    }

    public boolean isParam() {
        return param;
    }

    public VariableElement element() {
        return element;
    }

    public TypeMirror type() {
        return type;
    }

    public boolean writtenAsVar() {
        return writtenAsVar;
    }

    public boolean isTemp() {
        return temp;
    }

    public Code declaredType() {
        return declaredType;
    }

    @Override
    public String toString() {
        return name;
    }
}
