package dev.weft.processor.analysis;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What weft knows about one class with {@code @Async} methods once its bodies are attributed,
 * before it validates, lowers or writes anything: the class, the name and shape of its
 * {@code Foo_Async}, the names generated code must not capture, and one
 * {@link AsyncMethodModel} per method. Built once by {@link #analyze}, read by every later phase,
 * never changed.
 */
public final class ClassModel {
    /** Where the shadow compilation reported errors, which the attributed trees may not show. */
    public interface ErrorLocator {
        boolean hasErrorIn(CompilationUnitTree unit, long start, long end);
    }

    public static final String ASYNC = "dev.weft.annotation.Async";

    /** The state machine base class's member names, should the class not be on the class path. */
    private static final Set<String> FALLBACK_BASE_METHODS = Set.of("start", "resume", "suspendOn",
            "awaited", "awaitedAs", "awaitedLike", "returnValue", "returnTask", "run", "isDone", "isCancelled", "cancel", "join",
            "toCompletableFuture", "name", "of", "done", "failed", "equals", "hashCode", "toString",
            "getClass", "notify", "notifyAll", "wait", "clone", "finalize");

    public final TypeElement owner;
    /** The top-level class that holds {@link #owner} (itself when it is one). */
    public final TypeElement top;
    public final TreePath ownerPath;
    public final CompilationUnitTree unit;
    public final SourceText source;
    public final TypeText typeText;
    /** {@code Foo_Async}, or {@code Outer_Inner_Async}. */
    public final String generatedName;
    /** Whether {@code Foo_Async extends Foo}; else it only holds static methods. */
    public final boolean extendsOwner;
    public final List<AsyncMethodModel> methods;
    /** Every simple name the compilation unit mentions. */
    public final Set<String> unitNames;
    /** The owner's member names, inherited ones included. */
    public final Set<String> memberNames;
    /** The state machine base class's method and field names, which generated code may capture. */
    public final Set<String> baseMethodNames;
    public final Set<String> baseFieldNames;
    public final Set<Element> staticAsyncMethods;
    /** Whether a body names something that a later round may generate: wait for it. */
    public final boolean waiting;

    private ClassModel(TypeElement owner, TreePath ownerPath, SourceText source, TypeText typeText,
            boolean extendsOwner, List<AsyncMethodModel> methods, Set<String> unitNames, Set<String> memberNames,
            Set<String> baseMethodNames, Set<String> baseFieldNames, boolean waiting) {
        this.owner = owner;
        this.top = outermost(owner);
        this.ownerPath = ownerPath;
        this.unit = ownerPath.getCompilationUnit();
        this.source = source;
        this.typeText = typeText;
        this.generatedName = generatedName(owner);
        this.extendsOwner = extendsOwner;
        this.methods = Collections.unmodifiableList(methods);
        this.unitNames = Collections.unmodifiableSet(unitNames);
        this.memberNames = Collections.unmodifiableSet(memberNames);
        this.baseMethodNames = Collections.unmodifiableSet(baseMethodNames);
        this.baseFieldNames = Collections.unmodifiableSet(baseFieldNames);
        Set<Element> statics = new HashSet<>();
        for (AsyncMethodModel m : methods) {
            if (m.isStatic()) {
                statics.add(m.element);
            }
        }
        this.staticAsyncMethods = Collections.unmodifiableSet(statics);
        this.waiting = waiting;
    }

    /** Whether some body has a compile error of the user's: then weft reports nothing of its own. */
    public boolean erroneous() {
        return methods.stream().anyMatch(m -> m.broken);
    }

    /** The generated class's qualified name. */
    public String qualifiedGeneratedName(Elements elements) {
        return qualifiedGeneratedName(elements, owner);
    }

    /** The qualified name of the class generated for {@code t}: {@code demo.Foo_Async}. */
    public static String qualifiedGeneratedName(Elements elements, TypeElement t) {
        String pkg = elements.getPackageOf(t).getQualifiedName().toString();
        String simple = generatedName(t);
        return pkg.isEmpty() ? simple : pkg + "." + simple;
    }

    /**
     * Attributes every {@code @Async} body of {@code owner} and models the class, or returns
     * null when the class has no source.
     *
     * @param generatedNames the simple names of the {@code Foo_Async} classes weft writes in this
     *     round: a body may mention them before they exist
     */
    public static ClassModel analyze(Trees trees, Elements elements, Types types, TypeElement owner,
            Set<String> generatedNames, ErrorLocator errors) {
        TreePath ownerPath = trees.getPath(owner);
        if (ownerPath == null) {
            return null;
        }
        CompilationUnitTree unit = ownerPath.getCompilationUnit();
        Map<Element, TreePath> methodPaths = methodPaths(trees, ownerPath);
        boolean extendsOwner = subclassable(owner);
        Set<String> unitNames = namesIn(unit);
        // the owner's members, inherited ones included: Elements.getAllMembers builds them anew at each call
        Set<String> memberNames = new HashSet<>();
        Set<String> memberTypeNames = new HashSet<>();
        for (Element e : elements.getAllMembers(owner)) {
            memberNames.add(e.getSimpleName().toString());
            if (e.getKind().isClass() || e.getKind().isInterface()) {
                memberTypeNames.add(e.getSimpleName().toString());
            }
        }
        // a body with a compile error is the user's to fix: its method gets a stub, and weft
        // reports nothing about it. A name that does not resolve may still be a class a later
        // round generates (wait for it), unless it is a Foo_Async that weft writes now.
        boolean waiting = false;
        Set<String> machineNames = new HashSet<>();
        List<AsyncMethodModel> methods = new ArrayList<>();
        for (ExecutableElement m : asyncMethodsOf(owner)) {
            TreePath path = methodPaths.get(m);
            if (path == null) {
                continue;
            }
            MethodTree tree = (MethodTree) path.getLeaf();
            BodyIndex index = tree.getBody() == null ? null : new BodyIndex(trees, path);
            boolean broken = false;
            String unresolvedName = null;
            if (index != null) {
                Set<String> unresolved = new HashSet<>(index.unresolvedNames());
                unresolved.removeAll(generatedNames);
                waiting |= !unresolved.isEmpty();
                if (!unresolved.isEmpty() || index.hardError()) {
                    broken = true;
                    unresolvedName = index.firstError();
                }
                broken |= errors.hasErrorIn(unit, trees.getSourcePositions().getStartPosition(unit, tree),
                        trees.getSourcePositions().getEndPosition(unit, tree));
            }
            methods.add(new AsyncMethodModel(m, path, machineName(m, unitNames, machineNames, memberTypeNames),
                    index, broken, generates(m.getModifiers(), extendsOwner), unresolvedName));
        }
        TypeText typeText = new TypeText(elements, types, unit, owner, extendsOwner);
        typeText.shadow(machineNames);
        Set<String> baseMethods = new HashSet<>(FALLBACK_BASE_METHODS);
        Set<String> baseFields = new HashSet<>(Set.of("state"));
        TypeElement coroutine = elements.getTypeElement("dev.weft.internal.Coroutine");
        if (coroutine != null) {
            for (Element e : elements.getAllMembers(coroutine)) {
                if (e.getModifiers().contains(Modifier.PRIVATE)) {
                    continue;
                }
                if (e.getKind() == ElementKind.METHOD) {
                    baseMethods.add(e.getSimpleName().toString());
                } else if (e.getKind().isField()) {
                    baseFields.add(e.getSimpleName().toString());
                }
            }
        }
        return new ClassModel(owner, ownerPath, new SourceText(trees, unit), typeText, extendsOwner, methods,
                unitNames, memberNames, baseMethods, baseFields, waiting);
    }

    /** The name of the class generated for {@code t}: {@code Foo_Async}, {@code Outer_Inner_Async}. */
    public static String generatedName(TypeElement t) {
        return dev.weft.processor.validation.SignatureValidator.generatedName(t);
    }

    /** The {@code @Async} methods declared directly in {@code type}. */
    public static List<ExecutableElement> asyncMethodsOf(TypeElement type) {
        List<ExecutableElement> methods = new ArrayList<>();
        for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (isAsync(m)) {
                methods.add(m);
            }
        }
        return methods;
    }

    /** Whether {@code e} is annotated {@code @Async} (in source, or in a class file: CLASS retention). */
    public static boolean isAsync(Element e) {
        return e.getAnnotationMirrors().stream().anyMatch(a -> a.getAnnotationType().toString().equals(ASYNC));
    }

    /**
     * The {@code @Async} methods of {@code owner} that {@code Foo_Async} declares: those it can
     * override (or, static, redeclare). The others are rejected by the signature checks.
     */
    public static List<ExecutableElement> generatedMethods(TypeElement owner) {
        return generatedMethods(owner, Element::getModifiers);
    }

    /** As {@link #generatedMethods(TypeElement)}, with each element's modifiers as {@code modifiers} says. */
    public static List<ExecutableElement> generatedMethods(TypeElement owner,
            Function<Element, Set<Modifier>> modifiers) {
        boolean extendsOwner = subclassable(owner, modifiers);
        List<ExecutableElement> out = new ArrayList<>();
        for (ExecutableElement m : asyncMethodsOf(owner)) {
            if (generates(modifiers.apply(m), extendsOwner)) {
                out.add(m);
            }
        }
        return out;
    }

    private static boolean generates(Set<Modifier> mods, boolean extendsOwner) {
        return !mods.contains(Modifier.PRIVATE) && !mods.contains(Modifier.FINAL) && !mods.contains(Modifier.ABSTRACT)
                && (mods.contains(Modifier.STATIC) || extendsOwner);
    }

    /** Whether {@code Foo_Async} can extend {@code t}: a non-final, non-sealed, reachable class. */
    public static boolean subclassable(TypeElement t) {
        return subclassable(t, Element::getModifiers);
    }

    /**
     * As {@link #subclassable(TypeElement)}, with each element's modifiers as {@code modifiers}
     * says (the user's compilation, where another processor may have added some to the trees
     * and not yet to the elements).
     */
    public static boolean subclassable(TypeElement t, Function<Element, Set<Modifier>> modifiers) {
        Set<Modifier> own = modifiers.apply(t);
        if (t.getKind() != ElementKind.CLASS || own.contains(Modifier.FINAL)
                || own.contains(Modifier.SEALED) && !permitsGenerated(t)) {
            return false;
        }
        for (Element e = t; e instanceof TypeElement; e = e.getEnclosingElement()) {
            if (modifiers.apply(e).contains(Modifier.PRIVATE)) {
                return false;
            }
        }
        if (t.getNestingKind() == NestingKind.MEMBER && !own.contains(Modifier.STATIC)) {
            return false;
        }
        if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS) {
            return false;
        }
        for (ExecutableElement c : ElementFilter.constructorsIn(t.getEnclosedElements())) {
            if (!modifiers.apply(c).contains(Modifier.PRIVATE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the sealed class {@code t} names its {@code Foo_Async} among the classes it permits
     * ({@code sealed class Shape permits Circle, Shape_Async}); {@code Foo_Async} is then written
     * {@code non-sealed}. Before it is written, javac knows the name only as written.
     */
    public static boolean permitsGenerated(TypeElement t) {
        String generated = generatedName(t);
        for (javax.lang.model.type.TypeMirror permitted : t.getPermittedSubclasses()) {
            String name = permitted.toString();
            if (name.equals(generated) || name.endsWith("." + generated)) {
                return true;
            }
        }
        return false;
    }

    public static TypeElement outermost(TypeElement t) {
        TypeElement out = t;
        for (Element e = t.getEnclosingElement(); e instanceof TypeElement; e = e.getEnclosingElement()) {
            out = (TypeElement) e;
        }
        return out;
    }

    /**
     * The path of each method of the class at {@code classPath}, found in one pass over its
     * members: {@link Trees#getPath(Element)} searches the whole compilation unit at each call.
     */
    private static Map<Element, TreePath> methodPaths(Trees trees, TreePath classPath) {
        Map<Element, TreePath> paths = new HashMap<>();
        for (Tree member : ((ClassTree) classPath.getLeaf()).getMembers()) {
            if (member instanceof MethodTree) {
                TreePath path = new TreePath(classPath, member);
                Element e = trees.getElement(path); // a declared method's tree holds its symbol
                if (e != null) {
                    paths.put(e, path);
                }
            }
        }
        return paths;
    }

    private static String machineName(ExecutableElement m, Set<String> unitNames, Set<String> taken,
            Set<String> memberTypes) {
        String n = m.getSimpleName().toString();
        String base = Character.toUpperCase(n.charAt(0)) + n.substring(1);
        String name = base;
        if (unitNames.contains(name) || memberTypes.contains(name)) {
            name = base + "Machine";
        }
        int i = 2;
        String candidate = name;
        while (taken.contains(candidate) || unitNames.contains(candidate) || memberTypes.contains(candidate)) {
            candidate = name + i++;
        }
        taken.add(candidate);
        return candidate;
    }

    /** Every simple name mentioned under {@code tree}, but annotation element names. */
    public static Set<String> namesIn(Tree tree) {
        Set<String> names = new HashSet<>();
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitAnnotation(AnnotationTree node, Void v) {
                // javac writes "value = " into each single-value annotation it attributes
                scan(node.getAnnotationType(), v);
                for (ExpressionTree arg : node.getArguments()) {
                    scan(arg instanceof AssignmentTree ? ((AssignmentTree) arg).getExpression() : arg, v);
                }
                return null;
            }

            @Override
            public Void visitIdentifier(IdentifierTree node, Void v) {
                names.add(node.getName().toString());
                return null;
            }

            @Override
            public Void visitMemberSelect(MemberSelectTree node, Void v) {
                names.add(node.getIdentifier().toString());
                return super.visitMemberSelect(node, v);
            }

            @Override
            public Void visitVariable(VariableTree node, Void v) {
                names.add(node.getName().toString());
                return super.visitVariable(node, v);
            }
        }.scan(tree, null);
        return names;
    }
}
