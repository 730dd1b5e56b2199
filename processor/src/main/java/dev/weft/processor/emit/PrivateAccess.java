package dev.weft.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import dev.weft.processor.analysis.TypeText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * The user's private members that {@code @Async} bodies use. {@code Foo_Async} is a separate
 * class, so it cannot name them; it reaches each one through a {@code static final}
 * {@link java.lang.invoke.MethodHandle} from {@code MethodHandles.privateLookupIn}, wrapped in a
 * small static helper with the member's own types (so that calls type-check as in the original,
 * also inside lambdas) that rethrows what the member throws.
 *
 * <p>Helpers and handles are named after the members ({@code invokeLoad}, {@code getCount},
 * {@code setCount}, {@code newBox}; {@code LOAD}, {@code COUNT_GETTER}), numbered only when a
 * name is already taken. Output order is the order of first use, so it is deterministic.
 */
public final class PrivateAccess {
    private static final String HANDLE = "java.lang.invoke.MethodHandle";
    private static final String HANDLES = "java.lang.invoke.MethodHandles";
    private static final String METHOD_TYPE = "java.lang.invoke.MethodType";

    private final Types types;
    private final javax.lang.model.util.Elements elements;
    private final TypeText typeText;
    private final String generatedName;
    private final Set<String> taken;
    /** By member and kind ("get", "set", "call", "new"): the helper's name. */
    private final Map<String, Helper> helpers = new LinkedHashMap<>();

    private static final class Helper {
        final Element member;
        final String kind;
        final String name;
        final String handle;
        /** For a super call: the class whose {@code super} it is. */
        TypeElement caller;
        /** For {@code Iface.super.m()}: the interface named, where the handle looks {@code m} up. */
        TypeElement superinterface;

        Helper(Element member, String kind, String name, String handle) {
            this.member = member;
            this.kind = kind;
            this.name = name;
            this.handle = handle;
        }
    }

    /** @param taken names the helpers and handles must avoid (the user's names, members, ...) */
    public PrivateAccess(Types types, javax.lang.model.util.Elements elements, TypeText typeText,
            String generatedName, Set<String> taken) {
        this.types = types;
        this.elements = elements;
        this.typeText = typeText;
        this.generatedName = generatedName;
        this.taken = taken;
    }

    public boolean isEmpty() {
        return helpers.isEmpty();
    }

    /** A read of private {@code field}; {@code receiver} is null for a static field. */
    public String read(VariableElement field, String receiver) {
        return helper(field, "get").name + "(" + (receiver == null ? "" : receiver) + ")";
    }

    /** A write of private {@code field}, an expression whose value is the value written. */
    public String write(VariableElement field, String receiver, String value) {
        return helper(field, "set").name + "("
                + (receiver == null ? "" : receiver + ", ") + value + ")";
    }

    /** A call of private {@code method}; {@code receiver} is null for a static method. */
    public String call(ExecutableElement method, String receiver, List<String> args) {
        List<String> all = new ArrayList<>();
        if (receiver != null) {
            all.add(receiver);
        }
        all.addAll(args);
        return helper(method, "call").name + "(" + String.join(", ", all) + ")";
    }

    /**
     * A {@code super.m(...)} call from a body of {@code caller} whose class declares its own
     * {@code m}: the generated subclass cannot express it, a {@code findSpecial} handle can.
     */
    public String callSuper(ExecutableElement method, TypeElement caller, String receiver, List<String> args) {
        return callSuper(method, caller, null, receiver, args);
    }

    /**
     * {@code Iface.super.m(...)} from a body of {@code caller}, which names {@code Iface} among
     * its direct superinterfaces ({@code superinterface} null: {@code super.m(...)}).
     */
    public String callSuper(ExecutableElement method, TypeElement caller, TypeElement superinterface, String receiver,
            List<String> args) {
        List<String> all = new ArrayList<>();
        all.add(receiver);
        all.addAll(args);
        Helper h = superinterface == null ? helper(method, "super")
                : helper(method, "super", "super " + superinterface + ".super " + method); // not super.m()'s
        h.caller = caller;
        h.superinterface = superinterface;
        return h.name + "(" + String.join(", ", all) + ")";
    }

    /** A {@code new} through private {@code constructor}. */
    public String construct(ExecutableElement constructor, List<String> args) {
        return helper(constructor, "new").name + "(" + String.join(", ", args) + ")";
    }

    /**
     * The user's class, through whose private lookup the protected members it inherits from a
     * class of another package are reached (a {@code Foo_Async} may not read them through a
     * {@code Foo} that is not itself).
     */
    private TypeElement subclass;

    public void setSubclass(TypeElement owner) {
        this.subclass = owner;
    }

    /** Whether {@code member} is protected in a class of another package than the user's class. */
    public boolean isProtectedElsewhere(Element member) {
        return subclass != null && member.getModifiers().contains(Modifier.PROTECTED)
                && member.getEnclosingElement() instanceof TypeElement
                && !elements.getPackageOf(member).equals(elements.getPackageOf(subclass));
    }

    private Helper helper(Element member, String kind) {
        return helper(member, kind, kind + " " + member.getEnclosingElement() + " " + member);
    }

    private Helper helper(Element member, String kind, String key) {
        Helper h = helpers.get(key);
        if (h == null) {
            String simple = member.getKind() == ElementKind.CONSTRUCTOR
                    ? member.getEnclosingElement().getSimpleName().toString()
                    : member.getSimpleName().toString();
            String cap = Character.toUpperCase(simple.charAt(0)) + simple.substring(1);
            String prefix = kind.equals("call") ? "invoke" : kind.equals("super") ? "invokeSuper" : kind;
            String name = unique(prefix + cap);
            String upper = upperSnake(simple);
            String handle = unique(kind.equals("get") ? upper + "_GETTER" : kind.equals("set") ? upper + "_SETTER"
                    : kind.equals("new") ? upper + "_CONSTRUCTOR" : kind.equals("super") ? "SUPER_" + upper : upper);
            h = new Helper(member, kind, name, handle);
            if (isProtectedElsewhere(member) && !kind.equals("super")) {
                h.caller = subclass; // looked up in, and called on, the user's class
            }
            helpers.put(key, h);
        }
        return h;
    }

    private String unique(String base) {
        String name = base;
        for (int i = 2; taken.contains(name); i++) {
            name = base + i;
        }
        taken.add(name);
        return name;
    }

    private static String upperSnake(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(s.charAt(i - 1))) {
                sb.append('_');
            }
            sb.append(Character.toUpperCase(c));
        }
        return sb.toString();
    }

    /** Adds the handles, their initializer and the helpers to {@code Foo_Async}. */
    public void addTo(TypeSpec.Builder t) {
        if (helpers.isEmpty()) {
            return;
        }
        CodeBlock.Builder init = CodeBlock.builder();
        init.add("// $L\n", "The bodies use private members (or super calls) that " + generatedName + ", a separate");
        init.add("// $L\n", "class, cannot name: it reaches them through handles from a private lookup in their class");
        init.beginControlFlow("try");
        Map<TypeElement, String> lookups = new LinkedHashMap<>();
        boolean first = true;
        for (Helper h : helpers.values()) {
            TypeElement declaring = h.caller != null ? h.caller : (TypeElement) h.member.getEnclosingElement();
            if (!lookups.containsKey(declaring)) {
                String var = unique(lowerFirst(declaring.getSimpleName().toString()) + "Lookup");
                lookups.put(declaring, var);
                String handles = typeText.staticQualifier(HANDLES, Set.of());
                init.addStatement("$L.Lookup $L = $L.privateLookupIn($L.class, $L.lookup())",
                        typeText.imported(HANDLES), var, handles, className(declaring), handles);
            }
        }
        for (Helper h : helpers.values()) {
            TypeElement declaring = (TypeElement) h.member.getEnclosingElement();
            String lookup = lookups.get(h.caller != null ? h.caller : declaring);
            boolean isStatic = h.member.getModifiers().contains(Modifier.STATIC);
            String cls = className(declaring) + ".class";
            String find;
            switch (h.kind) {
                case "get":
                    find = (isStatic ? "findStaticGetter" : "findGetter") + "(" + cls + ", \""
                            + h.member.getSimpleName() + "\", " + classLiteral(h.member.asType()) + ")";
                    break;
                case "set":
                    find = (isStatic ? "findStaticSetter" : "findSetter") + "(" + cls + ", \""
                            + h.member.getSimpleName() + "\", " + classLiteral(h.member.asType()) + ")";
                    break;
                case "super": {
                    ExecutableElement m = (ExecutableElement) h.member;
                    // looked up where javac's invokespecial would: in Iface for Iface.super.m(), in
                    // the direct superclass for super.m() (m may be a default method it inherits,
                    // whose interface the caller does not name, or declared further up)
                    TypeElement refc = h.superinterface != null ? h.superinterface
                            : (TypeElement) types.asElement(h.caller.getSuperclass());
                    if (typeText.unnameableClassIn(types.erasure(refc.asType())) == null) {
                        cls = className(refc) + ".class"; // else the declaring class, as it was
                    }
                    find = "findSpecial(" + cls + ", \"" + m.getSimpleName() + "\", "
                            + methodType(classLiteral(m.getReturnType()), m) + ", " + className(h.caller) + ".class)";
                    break;
                }
                case "new":
                    find = "findConstructor(" + cls + ", " + methodType("void.class", (ExecutableElement) h.member) + ")";
                    break;
                default: {
                    ExecutableElement m = (ExecutableElement) h.member;
                    find = (isStatic ? "findStatic" : "findVirtual") + "(" + cls + ", \"" + m.getSimpleName()
                            + "\", " + methodType(classLiteral(m.getReturnType()), m) + ")";
                }
            }
            t.addField(FieldSpec.builder(StateMachineWriter.raw(typeText.imported(HANDLE)), h.handle,
                    Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).build());
            init.addStatement("$L = $L.$L", h.handle, lookup, find);
        }
        init.nextControlFlow("catch ($L e)", typeText.javaLang("ReflectiveOperationException"));
        init.addStatement("throw new $L(e)", typeText.javaLang("ExceptionInInitializerError"));
        init.endControlFlow();
        t.addStaticBlock(init.build());
        for (Helper h : helpers.values()) {
            t.addMethod(helperMethod(h));
        }
    }

    /** Adds type variable {@code name} with {@code bounds} ({@code Object} left out) to {@code m}. */
    private void addTypeVariable(MethodSpec.Builder m, String name, List<? extends TypeMirror> bounds) {
        List<String> written = bounds.stream()
                .filter(b -> !b.toString().equals("java.lang.Object"))
                .map(typeText::of).collect(Collectors.toList());
        m.addTypeVariable(TypeVariableName.get(name + (written.isEmpty() ? "" : " extends " + String.join(" & ", written))));
    }

    /**
     * An argument {@code name} of type {@code seen} passed to {@code invokeExact} where the handle
     * takes {@code declared}: cast to the declared erasure when it differs ({@code (Object) item}).
     */
    private String erasedAs(TypeMirror declared, TypeMirror seen, String name) {
        TypeMirror erased = types.erasure(declared);
        return types.isSameType(erased, types.erasure(seen)) ? name : "(" + typeText.of(erased) + ") " + name;
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private String methodType(String returnLiteral, ExecutableElement m) {
        StringBuilder sb = new StringBuilder(typeText.staticQualifier(METHOD_TYPE, Set.of()) + ".methodType(" + returnLiteral);
        for (VariableElement p : m.getParameters()) {
            sb.append(", ").append(classLiteral(p.asType()));
        }
        return sb.append(")").toString();
    }

    private String classLiteral(TypeMirror t) {
        return typeText.of(types.erasure(t)) + ".class";
    }

    private String className(TypeElement te) {
        return typeText.of(types.erasure(te.asType()));
    }

    private MethodSpec helperMethod(Helper h) {
        Element member = h.member;
        TypeElement declaring = (TypeElement) member.getEnclosingElement();
        boolean isStatic = member.getModifiers().contains(Modifier.STATIC);
        MethodSpec.Builder m = MethodSpec.methodBuilder(h.name).addModifiers(Modifier.PRIVATE, Modifier.STATIC);
        List<TypeParameterElement> typeParams = new ArrayList<>();
        if (h.caller != null) {
            typeParams.addAll(h.caller.getTypeParameters());
        } else if (!isStatic || h.kind.equals("new")) {
            typeParams.addAll(declaring.getTypeParameters());
        }
        for (TypeParameterElement p : typeParams) {
            addTypeVariable(m, p.getSimpleName().toString(), p.getBounds());
        }
        // reached through a subclass (a super call, a protected member of another package): the
        // member's types as that subclass sees them, Base<T>.label(T) from Sub extends Base<String>
        // taking a String; the handle keeps the declared method's erased types
        TypeMirror view = h.caller != null && !h.kind.equals("new") && !h.caller.equals(declaring)
                ? types.asMemberOf((javax.lang.model.type.DeclaredType) h.caller.asType(), member)
                : member.asType();
        if (view instanceof javax.lang.model.type.ExecutableType) {
            for (javax.lang.model.type.TypeVariable v : ((javax.lang.model.type.ExecutableType) view).getTypeVariables()) {
                TypeMirror upper = v.getUpperBound();
                addTypeVariable(m, v.asElement().getSimpleName().toString(),
                        upper instanceof javax.lang.model.type.IntersectionType
                                ? ((javax.lang.model.type.IntersectionType) upper).getBounds() : List.of(upper));
            }
        }
        String selfType = typeText.of(h.caller != null ? h.caller.asType() : declaring.asType());
        // weft's own names, clear of the member's parameter names (describe(Exception e), merge(Node self))
        Set<String> taken = new HashSet<>();
        if (member instanceof ExecutableElement) {
            ((ExecutableElement) member).getParameters().forEach(p -> taken.add(p.getSimpleName().toString()));
        }
        String self = unused("self", taken);
        String value = unused("value", taken);
        String thrownName = unused("e", taken);
        List<String> args = new ArrayList<>();
        if (!isStatic && !h.kind.equals("new")) {
            m.addParameter(StateMachineWriter.raw(selfType), self);
            args.add(self);
        }
        TypeMirror result;
        String what;
        String access;
        switch (h.kind) {
            case "get":
                result = view;
                what = "Reads";
                access = "field";
                break;
            case "set":
                result = view;
                m.addParameter(StateMachineWriter.raw(typeText.of(view)), value);
                args.add(erasedAs(member.asType(), view, value));
                what = "Writes";
                access = "field";
                break;
            case "new":
                result = declaring.asType();
                what = "Calls";
                access = "constructor";
                break;
            case "super":
                result = ((javax.lang.model.type.ExecutableType) view).getReturnType();
                what = "Calls, as {@code " + (h.superinterface == null ? "" : h.superinterface.getSimpleName() + ".")
                        + "super." + member.getSimpleName() + "} does from "
                        + h.caller.getSimpleName() + ",";
                access = "method";
                break;
            default:
                result = ((javax.lang.model.type.ExecutableType) view).getReturnType();
                what = "Calls";
                access = "method";
        }
        List<? extends TypeMirror> thrownTypes = List.of();
        if (member instanceof ExecutableElement) {
            ExecutableElement e = (ExecutableElement) member;
            javax.lang.model.type.ExecutableType seen = (javax.lang.model.type.ExecutableType) view;
            List<? extends VariableElement> ps = e.getParameters();
            for (int i = 0; i < ps.size(); i++) {
                TypeMirror declared = ps.get(i).asType();
                TypeMirror seenType = seen.getParameterTypes().get(i);
                String type = typeText.of(seenType);
                if (e.isVarArgs() && i == ps.size() - 1 && type.endsWith("[]")) {
                    type = type.substring(0, type.length() - 2) + "...";
                }
                m.addParameter(StateMachineWriter.raw(type), ps.get(i).getSimpleName().toString());
                args.add(erasedAs(declared, seenType, ps.get(i).getSimpleName().toString()));
            }
            thrownTypes = seen.getThrownTypes();
            for (TypeMirror thrown : thrownTypes) {
                m.addException(StateMachineWriter.raw(typeText.of(thrown)));
            }
        }
        String memberText = member.getKind() == ElementKind.CONSTRUCTOR ? declaring.getSimpleName().toString()
                : member.getSimpleName().toString();
        m.addJavadoc("$L", what + (h.kind.equals("super") ? " the " : h.caller != null ? " the protected " : " the private ") + access + " {@code " + declaring.getSimpleName() + "."
                + memberText + "}" + (h.kind.equals("new") || h.kind.equals("call") ? "" : "") + ".\n");
        boolean isVoid = !h.kind.equals("set") && result.getKind() == TypeKind.VOID;
        String resultText = isVoid ? "void" : typeText.of(result);
        m.returns(StateMachineWriter.raw(resultText));
        if (!isVoid && !types.isSameType(types.erasure(result), result)) {
            m.addAnnotation(com.palantir.javapoet.AnnotationSpec.builder(SuppressWarnings.class)
                    .addMember("value", "$S", "unchecked").build());
        }
        CodeBlock.Builder body = CodeBlock.builder().beginControlFlow("try");
        String invoke = h.handle + ".invokeExact(" + String.join(", ", args) + ")";
        if (h.kind.equals("set")) {
            body.addStatement("$L", invoke);
            body.addStatement("return $L", value);
        } else if (isVoid) {
            body.addStatement("$L", invoke);
        } else {
            TypeMirror declaredResult = h.kind.equals("get") ? member.asType()
                    : h.kind.equals("new") ? result : ((ExecutableElement) member).getReturnType();
            // invokeExact returns what the cast right before it says: the declared erasure
            String exact = types.isSameType(types.erasure(declaredResult), types.erasure(result)) ? ""
                    : "(" + typeText.of(types.erasure(declaredResult)) + ") ";
            body.addStatement("return ($L) $L$L", resultText, exact, invoke);
        }
        List<TypeMirror> candidates = new ArrayList<>();
        candidates.add(elements.getTypeElement("java.lang.RuntimeException").asType());
        candidates.add(elements.getTypeElement("java.lang.Error").asType());
        candidates.addAll(thrownTypes);
        // multi-catch alternatives must be unrelated: keep only the widest of each family
        List<TypeMirror> rethrown = new ArrayList<>();
        for (TypeMirror c : candidates) {
            boolean covered = false;
            for (TypeMirror o : candidates) {
                if (o != c && types.isSubtype(types.erasure(c), types.erasure(o))
                        && !(types.isSameType(types.erasure(c), types.erasure(o)) && candidates.indexOf(o) > candidates.indexOf(c))) {
                    covered = true;
                }
            }
            if (!covered && rethrown.stream().noneMatch(r -> types.isSameType(types.erasure(r), types.erasure(c)))) {
                rethrown.add(c);
            }
        }
        boolean all = rethrown.stream().anyMatch(r -> r.toString().equals("java.lang.Throwable"));
        body.nextControlFlow("catch ($L $L)", rethrown.stream().map(typeText::of).collect(Collectors.joining(" | ")),
                thrownName);
        body.addStatement("throw $L", thrownName);
        if (!all) {
            body.nextControlFlow("catch ($L $L)", typeText.javaLang("Throwable"), thrownName);
            body.addStatement("throw new $L($L)", "java.lang.reflect.UndeclaredThrowableException", thrownName);
        }
        body.endControlFlow();
        m.addCode(body.build());
        return m.build();
    }

    /** {@code name}, or {@code name2}, {@code name3}... the first that {@code taken} does not hold. */
    private static String unused(String name, Set<String> taken) {
        String candidate = name;
        for (int n = 2; taken.contains(candidate); n++) {
            candidate = name + n;
        }
        return candidate;
    }
}
