package dev.weft.processor;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.weft.processor.analysis.AsyncMethodModel;
import dev.weft.processor.analysis.Awaits;
import dev.weft.processor.analysis.BodyIndex;
import dev.weft.processor.analysis.Reachability;
import dev.weft.processor.analysis.SourceText;
import dev.weft.processor.analysis.TypeText;
import dev.weft.processor.attribution.ShadowCompilation;
import dev.weft.processor.emit.AsyncClassWriter;
import dev.weft.processor.emit.PrivateAccess;
import dev.weft.processor.emit.SourceCopier;
import dev.weft.processor.emit.StateMachineWriter;
import dev.weft.processor.lowering.LoweredMethod;
import dev.weft.processor.lowering.Lowerer;
import dev.weft.processor.lowering.StateLayout;
import dev.weft.processor.lowering.UnsupportedConstructException;
import dev.weft.processor.validation.BodyValidator;
import dev.weft.processor.validation.SignatureValidator;
import dev.weft.processor.validation.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Runs the phases for one class that has {@code @Async} methods and writes its {@code Foo_Async}. */
final class ClassTransformer {
    enum Outcome { WRITTEN, DEFERRED, SKIPPED }

    private static final Set<String> FALLBACK_BASE_METHODS = Set.of("start", "resume", "suspendOn",
            "awaited", "returnValue", "returnTask", "run", "isDone", "isCancelled", "cancel", "join",
            "toCompletableFuture", "name", "of", "done", "failed", "equals", "hashCode", "toString",
            "getClass", "notify", "notifyAll", "wait", "clone", "finalize");

    private final ShadowCompilation shadow;
    private final Trees trees;
    private final Elements elements;
    private final Types types;
    private final Filer filer;
    private final Diagnostics diagnostics;

    /**
     * @param shadow where bodies are attributed and read: every tree, element and type below
     *     comes from it
     * @param filer the user's compilation's, where {@code Foo_Async} is written
     */
    ClassTransformer(ShadowCompilation shadow, Filer filer, Diagnostics diagnostics) {
        this.shadow = shadow;
        this.trees = shadow.trees();
        this.elements = shadow.elements();
        this.types = shadow.types();
        this.filer = filer;
        this.diagnostics = diagnostics;
    }

    /**
     * @param userOwner the class in the user's compilation, which {@code Foo_Async} originates from
     * @param owner the same class in the shadow compilation
     * @param generatedNames the simple names of the {@code Foo_Async} classes weft writes in this
     *     round: a body may mention them before they exist
     */
    Outcome transform(TypeElement userOwner, TypeElement owner, boolean lastChance, Set<String> generatedNames) {
        List<ExecutableElement> asyncMethods = WeftProcessor.asyncMethodsOf(owner);
        TreePath ownerPath = trees.getPath(owner);
        if (ownerPath == null) {
            return Outcome.SKIPPED; // not from source
        }
        CompilationUnitTree unit = ownerPath.getCompilationUnit();
        Map<Element, TreePath> methodPaths = methodPaths(ownerPath);
        // 1. attribute every body first: a name that does not resolve yet may be a class that
        //    another round generates, so nothing is reported or written before all resolve
        Map<ExecutableElement, BodyIndex> indexes = new LinkedHashMap<>();
        for (ExecutableElement m : asyncMethods) {
            TreePath path = methodPaths.get(m);
            if (path == null || ((MethodTree) path.getLeaf()).getBody() == null) {
                continue;
            }
            indexes.put(m, new BodyIndex(trees, path));
        }
        // 2. a body with a compile error is the user's to fix: its method gets a stub, and weft
        //    reports nothing about it. A name that does not resolve may still be a class a later
        //    round generates (wait for it), unless it is a Foo_Async that weft writes now. Errors
        //    the attributed tree does not show (a type mismatch, a missing return) are javac's:
        //    it reports them in the user's file and, by its stop policy, stops before attributing
        //    the generated files, whatever they contain.
        Set<ExecutableElement> broken = new HashSet<>();
        boolean waiting = false;
        for (Map.Entry<ExecutableElement, BodyIndex> e : indexes.entrySet()) {
            BodyIndex index = e.getValue();
            Set<String> unresolved = new HashSet<>(index.unresolvedNames());
            unresolved.removeAll(generatedNames);
            if (!unresolved.isEmpty()) {
                waiting = true;
                broken.add(e.getKey());
            }
            MethodTree tree = index.method();
            if (index.hardError() || shadow.hasErrorIn(unit, trees.getSourcePositions().getStartPosition(unit, tree),
                    trees.getSourcePositions().getEndPosition(unit, tree))) {
                broken.add(e.getKey());
            }
        }
        if (waiting && !lastChance) {
            return Outcome.DEFERRED;
        }
        boolean erroneous = !broken.isEmpty();
        SourceText source = new SourceText(trees, unit);
        boolean extendsOwner = subclassable(owner);
        String generatedName = SignatureValidator.generatedName(owner);
        TypeText typeText = new TypeText(elements, types, unit, owner, extendsOwner);
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
        Set<String> machineNames = new HashSet<>();
        Set<Element> staticAsync = new HashSet<>();
        for (ExecutableElement m : asyncMethods) {
            if (m.getModifiers().contains(Modifier.STATIC)) {
                staticAsync.add(m);
            }
        }
        List<AsyncMethodModel> models = new ArrayList<>();
        for (ExecutableElement m : asyncMethods) {
            models.add(new AsyncMethodModel(m, methodPaths.get(m), machineName(m, unitNames, machineNames, memberTypeNames)));
        }
        typeText.shadow(machineNames);
        TypeElement coroutine = elements.getTypeElement("dev.weft.internal.Coroutine");
        Set<String> baseMethods = new HashSet<>(FALLBACK_BASE_METHODS);
        Set<String> baseFields = new HashSet<>(Set.of("state"));
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
        BodyIndex classIndex = BodyIndex.withoutAttribution(trees, ownerPath);
        SourceCopier.Context cx = new SourceCopier.Context();
        cx.owner = owner;
        cx.extendsOwner = extendsOwner;
        cx.generatedName = generatedName;
        cx.baseMethodNames = baseMethods;
        cx.baseFieldNames = baseFields;
        cx.staticAsyncMethods = staticAsync;
        cx.machineLabel = "machine";
        cx.top = outermost(owner);
        Set<String> taken = new HashSet<>(unitNames);
        taken.addAll(machineNames);
        taken.addAll(baseMethods); // helpers are called unqualified from the state machines
        taken.addAll(baseFields);
        taken.addAll(memberNames);
        cx.privateAccess = new PrivateAccess(types, elements, typeText, generatedName, taken);
        cx.privateAccess.setSubclass(owner);
        SourceCopier classCopier = new SourceCopier(source, classIndex, new Reachability(classIndex),
                new Awaits(classIndex), typeText, types, elements, cx);
        AsyncClassWriter writer = new AsyncClassWriter(owner, generatedName, extendsOwner, source,
                classCopier, typeText, trees, elements, cx.privateAccess);
        SignatureValidator signatures = new SignatureValidator();
        boolean anyMethod = false;
        for (AsyncMethodModel model : models) {
            ValidationReport report = signatures.validateMethod(model.element, model.path);
            if (!erroneous) {
                diagnostics.print(report);
            }
            boolean overridable = generates(model.element, extendsOwner);
            BodyIndex index = indexes.get(model.element);
            if (!overridable || index == null) {
                continue;
            }
            anyMethod = true;
            SourceCopier.Context mcx = copyOf(cx);
            mcx.staticMethod = model.isStatic();
            Awaits awaits = new Awaits(index);
            Reachability reach = new Reachability(index);
            SourceCopier copier = new SourceCopier(source, index, reach, awaits, typeText, types, elements, mcx);
            StateMachineWriter smw = new StateMachineWriter(model, source, copier, typeText, types, elements,
                    owner.getSimpleName().toString());
            if (!report.isClean()) {
                writer.add(smw.stub("see the compile errors"), null);
                continue;
            }
            if (broken.contains(model.element)) {
                writer.add(smw.stub("the method has compile errors"), null);
                continue;
            }
            ValidationReport body = new BodyValidator(index, awaits, unit, owner, elements, types)
                    .validate(model.element);
            diagnostics.print(body);
            if (!body.isClean()) {
                writer.add(smw.stub("see the compile errors"), null);
                continue;
            }
            try {
                LoweredMethod lowered = new Lowerer(index, awaits, reach, typeText, source, types, elements)
                        .lower(model.tree);
                Set<String> names = new HashSet<>(namesIn(model.tree));
                names.addAll(memberNames);
                StateLayout layout = new StateLayout(lowered, index, baseFields, names);
                rejectLocalClassFields(layout, index);
                copier.setLayout(layout);
                TypeSpec machine = smw.machine(layout);
                writer.addRawMembers(smw.rawMembers());
                writer.addRawCode(smw.rawCode());
                writer.add(smw.entry(layout), machine);
            } catch (UnsupportedConstructException e) {
                diagnostics.print(Diagnostic.Kind.ERROR, e.code(), e.getMessage(), e.at(), unit, model.element);
                writer.add(smw.stub("see the compile errors"), null);
            } catch (RuntimeException | StackOverflowError e) {
                internalError(model.element, e);
                writer.add(smw.stub("internal error"), null);
            }
        }
        if (!anyMethod) {
            return Outcome.SKIPPED;
        }
        String qualified = writer.packageName().isEmpty() ? generatedName
                : writer.packageName() + "." + generatedName;
        String text = writer.write();
        try {
            JavaFileObject file = filer.createSourceFile(qualified, outermost(userOwner));
            try (Writer w = file.openWriter()) {
                w.write(text);
            }
        } catch (IOException e) {
            diagnostics.error("weft.internal-error", "could not write " + qualified + ": " + e, owner);
        }
        return Outcome.WRITTEN;
    }

    /**
     * The path of each method of the class at {@code classPath}, found in one pass over its
     * members: {@link Trees#getPath(Element)} searches the whole compilation unit at each call.
     */
    private Map<Element, TreePath> methodPaths(TreePath classPath) {
        Map<Element, TreePath> paths = new HashMap<>();
        for (Tree member : ((ClassTree) classPath.getLeaf()).getMembers()) {
            if (member instanceof MethodTree) {
                TreePath path = new TreePath(classPath, member);
                // a declared method's tree holds its symbol: no attribution happens here
                Element e = trees.getElement(path);
                if (e != null) {
                    paths.put(e, path);
                }
            }
        }
        return paths;
    }

    /** A field cannot name a local class: a variable of one must not live across an await. */
    private void rejectLocalClassFields(StateLayout layout, BodyIndex index) {
        for (dev.weft.processor.lowering.Var v : layout.fields()) {
            rejectUnnameableField(v, index);
            javax.lang.model.type.TypeMirror t = v.type();
            while (t instanceof javax.lang.model.type.ArrayType) {
                t = ((javax.lang.model.type.ArrayType) t).getComponentType();
            }
            if (!(t instanceof javax.lang.model.type.DeclaredType)) {
                continue;
            }
            TypeElement te = (TypeElement) ((javax.lang.model.type.DeclaredType) t).asElement();
            if (te.getNestingKind() != NestingKind.LOCAL || v.element() == null
                    || layout.localClasses().contains(trees.getTree(te))) {
                continue;
            }
            Tree[] at = {index.method()};
            new TreeScanner<Void, Void>() {
                @Override
                public Void visitVariable(VariableTree node, Void x) {
                    if (v.element().equals(index.element(node))) {
                        at[0] = node;
                    }
                    return super.visitVariable(node, x);
                }
            }.scan(index.method(), null);
            throw new UnsupportedConstructException(at[0], "weft.local-class", v.element().getSimpleName()
                    + " has the local class type " + te.getSimpleName() + " and lives across an await, so"
                    + " it must become a field of the state machine, which cannot name a local class;"
                    + " declare " + te.getSimpleName() + " as a member class, or keep " + v.element().getSimpleName()
                    + " between two awaits");
        }
    }

    /**
     * A {@code var} of an anonymous class whose own members are used, or of an intersection
     * type, that lives across an await: its field can only have a supertype that Java can name,
     * and the later uses need more than that. Said at the declaration.
     */
    private void rejectUnnameableField(dev.weft.processor.lowering.Var v, BodyIndex index) {
        javax.lang.model.type.TypeMirror t = v.type();
        if (v.element() == null) {
            return;
        }
        boolean intersection = t.getKind() == javax.lang.model.type.TypeKind.INTERSECTION;
        Element anonymous = t instanceof javax.lang.model.type.DeclaredType
                && ((TypeElement) ((javax.lang.model.type.DeclaredType) t).asElement()).getNestingKind() == NestingKind.ANONYMOUS
                ? ((javax.lang.model.type.DeclaredType) t).asElement() : null;
        if (!intersection && anonymous == null) {
            return;
        }
        Tree[] at = {null};
        boolean[] needsOwnMembers = {false};
        javax.lang.model.type.TypeMirror named = types.erasure(new TypeText(elements, types,
                index.path(index.method()).getCompilationUnit(), (TypeElement) index.element(index.method())
                        .getEnclosingElement(), false).denotable(t));
        new TreeScanner<Void, Void>() {
            private boolean isV(Tree tree) {
                return tree != null && v.element().equals(index.element(tree));
            }

            @Override
            public Void visitVariable(VariableTree node, Void x) {
                if (isV(node)) {
                    at[0] = node;
                } else if (isV(node.getInitializer()) && !types.isAssignable(named, index.type(node))) {
                    needsOwnMembers[0] = true; // converted to a type the named supertype is not
                }
                return super.visitVariable(node, x);
            }

            @Override
            public Void visitAssignment(com.sun.source.tree.AssignmentTree node, Void x) {
                if (isV(node.getExpression()) && !types.isAssignable(named, index.type(node.getVariable()))) {
                    needsOwnMembers[0] = true;
                }
                return super.visitAssignment(node, x);
            }

            @Override
            public Void visitMemberSelect(MemberSelectTree node, Void x) {
                Element member = index.element(node);
                if (member != null && isV(node.getExpression()) && member.getEnclosingElement() instanceof TypeElement) {
                    TypeElement declaring = (TypeElement) member.getEnclosingElement();
                    boolean reachable = anonymous != null && anonymous.equals(declaring)
                            ? overridesInherited(member, declaring)
                            : types.isSubtype(named, types.erasure(declaring.asType()));
                    needsOwnMembers[0] |= !reachable; // a member the named supertype does not have
                }
                return super.visitMemberSelect(node, x);
            }
        }.scan(index.method(), null);
        if (needsOwnMembers[0] && at[0] != null) {
            String name = v.element().getSimpleName().toString();
            throw new UnsupportedConstructException(at[0], "weft.unnameable-type", name + " has "
                    + (intersection ? "an intersection type" : "the type of an anonymous class") + " and lives across an"
                    + " await, so it must become a field of the state machine, and Java cannot declare a field of"
                    + " that type; declare " + name + " with a type that has a name (an interface, or a local or"
                    + " member class instead of the anonymous one), or keep it between two awaits");
        }
    }

    /** Whether {@code member}, a method of {@code type}, overrides one that a supertype declares. */
    private boolean overridesInherited(Element member, TypeElement type) {
        if (member.getKind() != ElementKind.METHOD) {
            return false;
        }
        for (javax.lang.model.type.TypeMirror s : types.directSupertypes(type.asType())) {
            for (Element inherited : elements.getAllMembers((TypeElement) types.asElement(s))) {
                if (inherited.getKind() == ElementKind.METHOD && elements.overrides((ExecutableElement) member,
                        (ExecutableElement) inherited, type)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void internalError(Element method, Throwable e) {
        StringWriter sw = new StringWriter();
        e.printStackTrace(new PrintWriter(sw));
        String trace = sw.toString();
        if (trace.length() > 2000) {
            trace = trace.substring(0, 2000) + "...";
        }
        diagnostics.error("weft.internal-error", "weft failed to transform this method (a bug in"
                + " weft; please report it with the method's source): " + trace, method);
    }

    private static SourceCopier.Context copyOf(SourceCopier.Context c) {
        SourceCopier.Context n = new SourceCopier.Context();
        n.owner = c.owner;
        n.extendsOwner = c.extendsOwner;
        n.generatedName = c.generatedName;
        n.baseMethodNames = c.baseMethodNames;
        n.baseFieldNames = c.baseFieldNames;
        n.staticAsyncMethods = c.staticAsyncMethods;
        n.machineLabel = c.machineLabel;
        n.privateAccess = c.privateAccess;
        n.top = c.top;
        return n;
    }

    /**
     * The {@code @Async} methods of {@code owner} that {@code Foo_Async} declares: those it can
     * override (or, static, redeclare). The others are rejected by the signature checks.
     */
    static List<ExecutableElement> generatedMethods(TypeElement owner) {
        boolean extendsOwner = subclassable(owner);
        List<ExecutableElement> out = new ArrayList<>();
        for (ExecutableElement m : WeftProcessor.asyncMethodsOf(owner)) {
            if (generates(m, extendsOwner)) {
                out.add(m);
            }
        }
        return out;
    }

    private static boolean generates(ExecutableElement m, boolean extendsOwner) {
        Set<Modifier> mods = m.getModifiers();
        return !mods.contains(Modifier.PRIVATE) && !mods.contains(Modifier.FINAL) && !mods.contains(Modifier.ABSTRACT)
                && (mods.contains(Modifier.STATIC) || extendsOwner);
    }

    static boolean subclassable(TypeElement t) {
        if (t.getKind() != ElementKind.CLASS || t.getModifiers().contains(Modifier.FINAL)
                || t.getModifiers().contains(Modifier.SEALED)) {
            return false;
        }
        for (Element e = t; e instanceof TypeElement; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                return false;
            }
        }
        if (t.getNestingKind() == NestingKind.MEMBER && !t.getModifiers().contains(Modifier.STATIC)) {
            return false;
        }
        if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS) {
            return false;
        }
        for (ExecutableElement c : ElementFilter.constructorsIn(t.getEnclosedElements())) {
            if (!c.getModifiers().contains(Modifier.PRIVATE)) {
                return true;
            }
        }
        return false;
    }

    private static TypeElement outermost(TypeElement t) {
        TypeElement out = t;
        for (Element e = t.getEnclosingElement(); e instanceof TypeElement; e = e.getEnclosingElement()) {
            out = (TypeElement) e;
        }
        return out;
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
    static Set<String> namesIn(Tree tree) {
        Set<String> names = new HashSet<>();
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitAnnotation(com.sun.source.tree.AnnotationTree node, Void v) {
                // javac writes "value = " into each single-value annotation it attributes
                scan(node.getAnnotationType(), v);
                for (com.sun.source.tree.ExpressionTree arg : node.getArguments()) {
                    scan(arg instanceof com.sun.source.tree.AssignmentTree
                            ? ((com.sun.source.tree.AssignmentTree) arg).getExpression() : arg, v);
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
