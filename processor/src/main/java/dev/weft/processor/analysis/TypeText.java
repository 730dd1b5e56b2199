package dev.weft.processor.analysis;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Writes a type back as source text that means the same type inside the generated class: simple
 * names where the original file's imports, its package or the class's members make them resolve
 * to that type, qualified names elsewhere. Non-denotable types (captures, intersections,
 * anonymous classes, the null type) become their most specific denotable supertype.
 */
public final class TypeText {
    private final Elements elements;
    private final Types types;
    private final TypeElement owner;
    private final boolean ownerMembersInScope;
    private final String packageName;
    private final Set<String> singleImports = new HashSet<>();
    private final Set<String> singleImportNames = new HashSet<>();
    private final List<String> onDemandPackages = new ArrayList<>();
    private final Set<String> shadowed = new HashSet<>();
    /**
     * Anonymous classes that became member classes of a state machine, and local classes that
     * did under another name, with their names there.
     */
    private final java.util.Map<TypeElement, String> memberClassNames = new java.util.HashMap<>();

    /**
     * @param owner the class whose {@code @Async} methods are being transformed
     * @param ownerMembersInScope whether the generated class extends {@code owner}, so that its
     *     member types resolve by simple name
     */
    public TypeText(Elements elements, Types types, CompilationUnitTree unit, TypeElement owner,
            boolean ownerMembersInScope) {
        this.elements = elements;
        this.types = types;
        this.owner = owner;
        this.ownerMembersInScope = ownerMembersInScope;
        this.packageName = elements.getPackageOf(owner).getQualifiedName().toString();
        for (ImportTree imp : unit.getImports()) {
            if (imp.isStatic()) {
                continue;
            }
            String name = imp.getQualifiedIdentifier().toString();
            if (name.endsWith(".*")) {
                onDemandPackages.add(name.substring(0, name.length() - 2));
            } else {
                singleImports.add(name);
                singleImportNames.add(name.substring(name.lastIndexOf('.') + 1));
            }
        }
    }

    /** Simple names that must not be used for other types (e.g. the generated nested classes). */
    public void shadow(Set<String> names) {
        shadowed.addAll(names);
    }

    /**
     * Names the anonymous or local class {@code type}, which became a member class {@code name}
     * of the state machine that uses it; its type is then denotable, by that name.
     */
    public void name(TypeElement type, String name) {
        memberClassNames.put(type, name);
    }

    /** Whether {@code anonymous} became a member class with a name. */
    public boolean isNamed(TypeElement anonymous) {
        return memberClassNames.containsKey(anonymous);
    }

    /**
     * The cast that gives a field of the intersection type {@code type} (declared with its first
     * bound) its other bounds back, as in {@code (Runnable & Serializable)}, or null when
     * {@code type} is no intersection or a bound is no class, interface or type variable. A
     * bound whose type arguments Java cannot write is cast to with wildcards for them.
     */
    public String intersectionCast(TypeMirror type) {
        if (type.getKind() != TypeKind.INTERSECTION) {
            return null;
        }
        List<String> bounds = new ArrayList<>();
        for (TypeMirror bound : ((IntersectionType) type).getBounds()) {
            if (bound.getKind() == TypeKind.DECLARED && (mentionsCapture(bound) || mentionsIntersection(bound))) {
                // Comparable<? extends Object & Serializable & ...> (the lub of Integer and
                // String): its unbounded parameterization is a supertype Java can write
                TypeElement e = (TypeElement) ((DeclaredType) bound).asElement();
                bounds.add(render(types.erasure(bound), false) + e.getTypeParameters().stream().map(p -> "?")
                        .collect(Collectors.joining(", ", "<", ">")));
            } else if (!types.isSameType(bound, denotable(bound)) || mentionsCapture(bound) || mentionsIntersection(bound)) {
                return null;
            } else {
                bounds.add(render(bound, false));
            }
        }
        return bounds.size() < 2 ? null : "(" + String.join(" & ", bounds) + ")";
    }

    public static boolean mentionsIntersection(TypeMirror type) {
        if (type.getKind() == TypeKind.INTERSECTION) {
            return true;
        }
        if (type instanceof WildcardType) {
            WildcardType w = (WildcardType) type;
            return (w.getExtendsBound() != null && mentionsIntersection(w.getExtendsBound()))
                    || (w.getSuperBound() != null && mentionsIntersection(w.getSuperBound()));
        }
        return type instanceof DeclaredType
                && ((DeclaredType) type).getTypeArguments().stream().anyMatch(TypeText::mentionsIntersection);
    }

    /** The text of {@code type} as a denotable type, for a field, a local or a type argument. */
    public String of(TypeMirror type) {
        return render(denotable(type), false);
    }

    /**
     * The first class that the declaration of {@code e} mentions (its parameters' types, its
     * thrown types, its type parameters' bounds) and the generated class cannot name, or null.
     */
    public TypeElement unnameableClassInDeclaration(javax.lang.model.element.ExecutableElement e) {
        List<TypeMirror> mentioned = new ArrayList<>();
        e.getParameters().forEach(p -> mentioned.add(p.asType()));
        mentioned.addAll(e.getThrownTypes());
        e.getTypeParameters().forEach(p -> mentioned.addAll(p.getBounds()));
        for (TypeMirror t : mentioned) {
            TypeElement found = unnameableClassIn(t);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * A class that {@code type} mentions and the generated class cannot name, or null when it can
     * name them all: a private member class (of any class but its own), or one that is
     * package-private, or protected and not inherited, in another package. Such a type reaches a
     * body without being written in it ({@code Collection<Tracker>}, the type of a field the body
     * reads, with {@code Tracker} private in the field's class), and the generated code must not
     * write it either.
     */
    public TypeElement unnameableClassIn(TypeMirror type) {
        switch (type.getKind()) {
            case ARRAY:
                return unnameableClassIn(((ArrayType) type).getComponentType());
            case WILDCARD: {
                WildcardType w = (WildcardType) type;
                TypeMirror bound = w.getExtendsBound() != null ? w.getExtendsBound() : w.getSuperBound();
                return bound == null ? null : unnameableClassIn(bound);
            }
            case INTERSECTION:
                for (TypeMirror bound : ((IntersectionType) type).getBounds()) {
                    TypeElement found = unnameableClassIn(bound);
                    if (found != null) {
                        return found;
                    }
                }
                return null;
            case DECLARED: {
                DeclaredType d = (DeclaredType) type;
                TypeElement te = (TypeElement) d.asElement();
                if (memberClassNames.containsKey(te) || te.getNestingKind() == NestingKind.LOCAL
                        || te.getNestingKind() == NestingKind.ANONYMOUS) {
                    return null; // named by weft, or written as in the body
                }
                for (Element c = te; c instanceof TypeElement; c = c.getEnclosingElement()) {
                    if (!canName((TypeElement) c)) {
                        return (TypeElement) c;
                    }
                }
                for (TypeMirror a : d.getTypeArguments()) {
                    TypeElement found = unnameableClassIn(a);
                    if (found != null) {
                        return found;
                    }
                }
                return null;
            }
            default:
                return null; // primitives, type variables, captures (typed by their own rules)
        }
    }

    /** Why the generated class cannot name {@code c}, one of {@link #unnameableClassIn}'s answers. */
    public static String whyUnnameable(TypeElement c) {
        String where = c.getEnclosingElement() instanceof TypeElement
                ? " in " + ((TypeElement) c.getEnclosingElement()).getQualifiedName() : "";
        if (c.getModifiers().contains(Modifier.PRIVATE)) {
            return "it is private" + where;
        }
        return "it is " + (c.getModifiers().contains(Modifier.PROTECTED) ? "protected" : "package-private") + where
                + ", in another package";
    }

    private boolean canName(TypeElement c) {
        java.util.Set<Modifier> modifiers = c.getModifiers();
        if (modifiers.contains(Modifier.PUBLIC)) {
            return true;
        }
        if (modifiers.contains(Modifier.PRIVATE)) {
            return false;
        }
        boolean samePackage = elements.getPackageOf(c).getQualifiedName().contentEquals(packageName);
        if (samePackage) {
            return true;
        }
        // protected: a member of a class the generated class extends (through the owner)
        return modifiers.contains(Modifier.PROTECTED) && ownerMembersInScope
                && c.getEnclosingElement() instanceof TypeElement
                && types.isSubtype(types.erasure(owner.asType()), types.erasure(c.getEnclosingElement().asType()));
    }

    /** The boxed form of a primitive type, the type itself otherwise. */
    public TypeMirror boxed(TypeMirror type) {
        if (type.getKind().isPrimitive()) {
            return types.boxedClass((javax.lang.model.type.PrimitiveType) type).asType();
        }
        return type;
    }

    /** The most specific denotable supertype of {@code type}. */
    public TypeMirror denotable(TypeMirror type) {
        switch (type.getKind()) {
            case NULL:
            case ERROR:
            case NONE:
                return elements.getTypeElement("java.lang.Object").asType();
            case INTERSECTION:
                return denotable(((IntersectionType) type).getBounds().get(0));
            case UNION: {
                // a multi-catch parameter: the nearest class all alternatives extend (JLS 14.20)
                List<? extends TypeMirror> alternatives = ((javax.lang.model.type.UnionType) type).getAlternatives();
                TypeMirror c = alternatives.get(0);
                for (int depth = 0; depth < 64; depth++) {
                    TypeMirror candidate = c;
                    if (alternatives.stream().allMatch(a -> types.isSubtype(a, candidate))) {
                        return denotable(candidate);
                    }
                    List<? extends TypeMirror> supers = types.directSupertypes(c);
                    if (supers.isEmpty()) {
                        break;
                    }
                    c = supers.get(0);
                }
                return elements.getTypeElement("java.lang.Throwable").asType();
            }
            case TYPEVAR:
                if (isCapture(type)) {
                    return denotable(((TypeVariable) type).getUpperBound());
                }
                return type;
            case DECLARED: {
                TypeElement te = (TypeElement) ((DeclaredType) type).asElement();
                if (te.getNestingKind() == NestingKind.ANONYMOUS && !memberClassNames.containsKey(te)) {
                    List<? extends TypeMirror> ifaces = te.getInterfaces();
                    return denotable(ifaces.isEmpty() ? te.getSuperclass() : ifaces.get(0));
                }
                return type;
            }
            default:
                return type;
        }
    }

    /**
     * Whether a capture variable occurs inside a type argument of {@code type} rather than as
     * one ({@code Iterator<Entry<capture of ?, ...>>}, not {@code List<capture of ?>}): then no
     * type Java can write is a type the value converts to in every position.
     */
    public static boolean hasNestedCapture(TypeMirror type) {
        if (type.getKind() != TypeKind.DECLARED) {
            return false;
        }
        for (TypeMirror a : ((DeclaredType) type).getTypeArguments()) {
            if (!isCapture(a) && mentionsCapture(a)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a capture variable occurs anywhere in {@code type}. */
    public static boolean mentionsCapture(TypeMirror type) {
        switch (type.getKind()) {
            case TYPEVAR:
                return isCapture(type);
            case ARRAY:
                return mentionsCapture(((ArrayType) type).getComponentType());
            case WILDCARD: {
                WildcardType w = (WildcardType) type;
                return (w.getExtendsBound() != null && mentionsCapture(w.getExtendsBound()))
                        || (w.getSuperBound() != null && mentionsCapture(w.getSuperBound()));
            }
            case DECLARED: {
                DeclaredType d = (DeclaredType) type;
                for (TypeMirror a : d.getTypeArguments()) {
                    if (mentionsCapture(a)) {
                        return true;
                    }
                }
                return d.getEnclosingType().getKind() == TypeKind.DECLARED && mentionsCapture(d.getEnclosingType());
            }
            case INTERSECTION:
                return ((IntersectionType) type).getBounds().stream().anyMatch(TypeText::mentionsCapture);
            default:
                return false;
        }
    }

    private static boolean isCapture(TypeMirror type) {
        return type.getKind() == TypeKind.TYPEVAR && type.toString().startsWith("capture#");
    }

    private String render(TypeMirror type, boolean asArgument) {
        switch (type.getKind()) {
            case BOOLEAN: case BYTE: case SHORT: case INT: case LONG: case CHAR: case FLOAT:
            case DOUBLE: case VOID:
                return type.toString();
            case ARRAY:
                return render(denotable(((ArrayType) type).getComponentType()), false) + "[]";
            case TYPEVAR:
                if (isCapture(type)) {
                    TypeVariable tv = (TypeVariable) type;
                    if (!renderingCaptures.add(tv)) {
                        // a capture inside its own bound (Node<?> of Node<T extends Node<T>>)
                        return asArgument ? "?" : render(types.erasure(tv), false);
                    }
                    try {
                        return renderCapture(tv, asArgument);
                    } finally {
                        renderingCaptures.remove(tv);
                    }
                }
                return ((TypeVariable) type).asElement().getSimpleName().toString();
            case WILDCARD: {
                WildcardType w = (WildcardType) type;
                if (w.getExtendsBound() != null) {
                    return "? extends " + render(w.getExtendsBound(), true);
                }
                if (w.getSuperBound() != null) {
                    return "? super " + render(w.getSuperBound(), true);
                }
                return "?";
            }
            case DECLARED: {
                DeclaredType d = (DeclaredType) type;
                TypeElement te = (TypeElement) d.asElement();
                if (memberClassNames.containsKey(te)) {
                    return memberClassNames.get(te);
                }
                if (te.getNestingKind() == NestingKind.ANONYMOUS) {
                    return render(denotable(type), asArgument);
                }
                // a local class is named as written: it is in scope there, or became a member
                // class of the state machine
                String name = te.getNestingKind() == NestingKind.LOCAL ? te.getSimpleName().toString() : name(te);
                if (d.getTypeArguments().isEmpty()) {
                    return name;
                }
                // JLS 4.10.5 upward projection: an argument that is not a capture itself but
                // mentions one (Entry<capture of ? extends K> in Iterator<...>) cannot be named,
                // and naming it with wildcards inside would be a different, unrelated type;
                // "? extends" its projection is a supertype that keeps every use compiling. So
                // for an intersection (Iterator<Serializable & Comparable<...>> of List.of("a",
                // 1)): "? extends" its first bound, which every element is
                return name + d.getTypeArguments().stream()
                        .map(a -> (!isCapture(a) && mentionsCapture(a)) || mentionsIntersection(a)
                                ? "? extends " + render(a, false) : render(a, true))
                        .collect(Collectors.joining(", ", "<", ">"));
            }
            case INTERSECTION:
            case NULL:
            case ERROR:
            default: {
                TypeMirror named = denotable(type);
                // a kind denotable() leaves as it is would come back here for ever
                return named == type ? type.toString() : render(named, asArgument);
            }
        }
    }

    /** The captures being rendered, outermost first: a capture met again inside its own bound stops there. */
    private final Set<TypeVariable> renderingCaptures = new HashSet<>();

    private String renderCapture(TypeVariable tv, boolean asArgument) {
        if (asArgument) {
            TypeMirror lower = tv.getLowerBound();
            if (lower != null && lower.getKind() != TypeKind.NULL
                    && lower.getKind() != TypeKind.NONE) {
                return "? super " + render(denotable(lower), false);
            }
            TypeMirror upper = tv.getUpperBound();
            if (upper == null || isObject(upper)) {
                return "?";
            }
            return "? extends " + render(denotable(upper), false);
        }
        return render(denotable(tv), false);
    }

    private boolean isObject(TypeMirror t) {
        return t.getKind() == TypeKind.DECLARED
                && ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().contentEquals("java.lang.Object");
    }

    /**
     * How the generated file names {@code java.lang.<simple>}: by its simple name, unless the
     * package, an import, a member type or a generated class gives that name to another class
     * ({@code Override} of the user's package, a {@code String} that {@code import lib.*} brings).
     */
    public String javaLang(String simple) {
        TypeElement te = elements.getTypeElement("java.lang." + simple);
        return te == null ? "java.lang." + simple : name(te);
    }

    /**
     * How the generated file names the class {@code qualified} (which may be a {@code Bar_Async}
     * written later in this build): by its simple name, through an import it adds, when nothing
     * else in the file goes by that name; qualified otherwise. A qualified name in an expression
     * ({@code java.lang.invoke.MethodHandles.lookup()}) would break on a field of the user's
     * named {@code java}; an import cannot.
     */
    public String imported(String qualified) {
        String simple = qualified.substring(qualified.lastIndexOf('.') + 1);
        String pkg = qualified.substring(0, Math.max(0, qualified.lastIndexOf('.')));
        String added = addedImports.get(simple);
        if (added != null || singleImports.contains(qualified)) {
            return added == null || added.equals(qualified) ? simple : qualified;
        }
        boolean taken = pkg.isEmpty() || shadowed.contains(simple) || singleImportNames.contains(simple)
                || memberNamed(simple) || typeExists("java.lang." + simple)
                || typeExists(packageName.isEmpty() ? simple : packageName + "." + simple)
                || onDemandPackages.stream().anyMatch(p -> !p.equals(pkg) && typeExists(p + "." + simple));
        if (taken) {
            return qualified;
        }
        addedImports.put(simple, qualified);
        return simple;
    }

    /**
     * Text that names the class {@code qualified} before a static member in an expression: its
     * simple name where {@link #imported} can import it; else its qualified name, unless the
     * package's first name is a variable there (one of {@code variables}, or a field of the
     * owner), which would obscure the package (JLS 6.4.2); then a cast of null to it, which javac
     * accepts before a static member (the {@code static} lint is off in generated code).
     */
    public String staticQualifier(String qualified, Set<String> variables) {
        String name = imported(qualified);
        String root = qualified.substring(0, Math.max(0, qualified.indexOf('.')));
        if (name.equals(qualified) && !root.isEmpty() && (variables.contains(root) || memberNamed(root))) {
            return "((" + qualified + ") null)";
        }
        return name;
    }

    /** The imports {@link #imported} added, in order. */
    public java.util.Collection<String> addedImports() {
        return addedImports.values();
    }

    private final Map<String, String> addedImports = new java.util.TreeMap<>();

    /** How {@code te} is named in the generated file. */
    public String name(TypeElement te) {
        String simple = te.getSimpleName().toString();
        if (shadowed.contains(simple)) {
            return qualified(te);
        }
        Element enclosing = te.getEnclosingElement();
        if (enclosing.getKind() == ElementKind.PACKAGE) {
            if (memberTypeNamed(simple) != null) {
                return te.getQualifiedName().toString();
            }
            String pkg = ((PackageElement) enclosing).getQualifiedName().toString();
            String qualified = te.getQualifiedName().toString();
            if (singleImports.contains(qualified)) {
                return simple;
            }
            if (singleImportNames.contains(simple)) {
                return qualified;
            }
            if (pkg.equals(packageName)) {
                return simple;
            }
            if (typeExists(packageName.isEmpty() ? simple : packageName + "." + simple)) {
                return qualified;
            }
            int found = 0;
            boolean mine = false;
            for (String p : onDemandPackages) {
                if (typeExists(p + "." + simple)) {
                    found++;
                    mine |= p.equals(pkg);
                }
            }
            if (mine && found == 1) {
                return simple;
            }
            if (pkg.equals("java.lang") && found == 0) {
                return simple;
            }
            return qualified;
        }
        // a member type
        for (Element e = enclosing; e instanceof TypeElement; e = e.getEnclosingElement()) {
            NestingKind k = ((TypeElement) e).getNestingKind();
            if (k == NestingKind.ANONYMOUS || k == NestingKind.LOCAL) {
                return simple; // declared in the body, and copied with it: in scope as written
            }
        }
        if (singleImports.contains(te.getQualifiedName().toString())) {
            return simple;
        }
        if (ownerMembersInScope && memberTypeNamed(simple) == te && inheritedThroughClasses(te)) {
            return simple;
        }
        if (enclosing instanceof TypeElement) {
            return name((TypeElement) enclosing) + "." + simple;
        }
        return te.getQualifiedName().toString();
    }

    /**
     * Whether {@code te}, a member type the owner inherits, comes down its chain of classes: a
     * member type of an interface (Map.Entry, in a subclass of Properties) may be hidden there by
     * a class's own, even a private one (Hashtable.Entry), which a simple name would then mean.
     */
    private boolean inheritedThroughClasses(TypeElement te) {
        Element declaring = te.getEnclosingElement();
        for (TypeElement c = owner; c != null; ) {
            if (c.equals(declaring)) {
                return true;
            }
            TypeMirror sup = c.getSuperclass();
            c = sup.getKind() == TypeKind.DECLARED ? (TypeElement) ((DeclaredType) sup).asElement() : null;
        }
        return false;
    }

    /** Lookups by canonical name, most of them misses, which javac would search for again each time. */
    private final Map<String, Boolean> typeExists = new HashMap<>();

    private boolean typeExists(String canonicalName) {
        return typeExists.computeIfAbsent(canonicalName, n -> elements.getTypeElement(n) != null);
    }

    private String qualified(TypeElement te) {
        return te.getQualifiedName().toString();
    }

    /** The owner's member types by simple name, the first of each name; built on first use. */
    private Map<String, TypeElement> memberTypes;

    private TypeElement memberTypeNamed(String simple) {
        loadMembers();
        return memberTypes.get(simple);
    }

    /** Whether the owner has a member (a field, method or type, inherited ones included) named {@code simple}. */
    private boolean memberNamed(String simple) {
        loadMembers();
        return memberNames.contains(simple);
    }

    private void loadMembers() {
        if (memberTypes == null) {
            memberTypes = new HashMap<>();
            for (Element e : elements.getAllMembers(owner)) {
                memberNames.add(e.getSimpleName().toString());
                if (e.getKind().isClass() || e.getKind().isInterface()) {
                    memberTypes.putIfAbsent(e.getSimpleName().toString(), (TypeElement) e);
                }
            }
        }
    }

    private final Set<String> memberNames = new HashSet<>();
}
