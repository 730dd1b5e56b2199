package dev.weft.processor;

import com.palantir.javapoet.TypeSpec;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.weft.processor.analysis.AsyncMethodModel;
import dev.weft.processor.analysis.Awaits;
import dev.weft.processor.analysis.BodyIndex;
import dev.weft.processor.analysis.ClassModel;
import dev.weft.processor.analysis.Reachability;
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
import dev.weft.processor.validation.ProjectedFieldUses;
import dev.weft.processor.validation.SignatureValidator;
import dev.weft.processor.validation.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Runs the phases for one class that has {@code @Async} methods and writes its {@code Foo_Async}:
 * analysis attributes the bodies into an immutable {@link ClassModel}; then, method by method,
 * validation ({@link SignatureValidator}, {@link BodyValidator}) says whether the method can be
 * transformed, lowering ({@link Lowerer}, {@link StateLayout}) turns its body into states, and
 * emit ({@link StateMachineWriter}) writes the state machine; {@link AsyncClassWriter} writes the
 * class. A method that a phase turns down gets an entry point that says why, so that code using
 * {@code Foo_Async} compiles and the user sees only the errors that explain it.
 */
final class ClassTransformer {
    enum Outcome { WRITTEN, DEFERRED, SKIPPED }

    private final ShadowCompilation shadow;
    private final Trees trees;
    private final Elements elements;
    private final Types types;
    private final Filer filer;
    private final Diagnostics diagnostics;
    private final ShadowMismatchCheck mismatches;
    /** weft's output of an earlier build that javac compiles as a source, by qualified name. */
    private final Map<String, JavaFileObject> earlierOutputs = new HashMap<>();

    /**
     * @param shadow where bodies are attributed and read: every tree, element and type below
     *     comes from it
     * @param filer the user's compilation's, where {@code Foo_Async} is written
     */
    ClassTransformer(ShadowCompilation shadow, Filer filer, Diagnostics diagnostics, ShadowMismatchCheck mismatches) {
        this.mismatches = mismatches;
        this.shadow = shadow;
        this.trees = shadow.trees();
        this.elements = shadow.elements();
        this.types = shadow.types();
        this.filer = filer;
        this.diagnostics = diagnostics;
    }

    /**
     * Whether the module of {@code userOwner}, in the user's compilation, reads the module {@code
     * name}: always in the unnamed module; in a named one, when it requires it, or requires a
     * module that requires it transitively ({@code java.se}, say).
     */
    static boolean reads(TypeElement userOwner, String name) {
        Element e = userOwner;
        while (e != null && !(e instanceof ModuleElement)) {
            e = e.getEnclosingElement();
        }
        if (e == null || ((ModuleElement) e).isUnnamed()) {
            return true;
        }
        Deque<ModuleElement> transitive = new ArrayDeque<>();
        Set<ModuleElement> seen = new HashSet<>();
        for (ModuleElement.RequiresDirective r : ElementFilter.requiresIn(((ModuleElement) e).getDirectives())) {
            transitive.add(r.getDependency());
        }
        while (!transitive.isEmpty()) {
            ModuleElement m = transitive.poll();
            if (m.getQualifiedName().contentEquals(name)) {
                return true;
            }
            if (seen.add(m)) {
                for (ModuleElement.RequiresDirective r : ElementFilter.requiresIn(m.getDirectives())) {
                    if (r.isTransitive()) {
                        transitive.add(r.getDependency());
                    }
                }
            }
        }
        return false;
    }

    /**
     * @param userOwner the class in the user's compilation, which {@code Foo_Async} originates from
     * @param owner the same class in the shadow compilation
     * @param generatedNames the simple names of the {@code Foo_Async} classes weft writes in this
     *     round: a body may mention them before they exist
     */
    Outcome transform(TypeElement userOwner, TypeElement owner, boolean lastChance, Set<String> generatedNames) {
        ClassModel model = ClassModel.analyze(trees, elements, types, owner, generatedNames, shadow::hasErrorIn);
        if (model == null) {
            return Outcome.SKIPPED; // not from source
        }
        if (model.waiting && !lastChance) {
            return Outcome.DEFERRED;
        }
        if (reportUnseenMethods(userOwner, model)) {
            return Outcome.SKIPPED;
        }
        Set<String> taken = new HashSet<>(model.unitNames);
        model.methods.forEach(m -> taken.add(m.machineName));
        taken.addAll(model.baseMethodNames); // helpers are called unqualified from the state machines
        taken.addAll(model.baseFieldNames);
        taken.addAll(model.memberNames);
        PrivateAccess privateAccess = new PrivateAccess(types, elements, model.typeText, model.generatedName, taken);
        privateAccess.setSubclass(owner);
        BodyIndex classIndex = BodyIndex.withoutAttribution(trees, model.ownerPath);
        SourceCopier classCopier = new SourceCopier(model, classIndex, new Reachability(classIndex),
                new Awaits(classIndex), types, elements, false, privateAccess);
        AsyncClassWriter writer = new AsyncClassWriter(owner, model.generatedName, model.extendsOwner, model.source,
                classCopier, model.typeText, trees, elements, types, privateAccess);
        SignatureValidator signatures = new SignatureValidator();
        boolean anyMethod = false;
        for (AsyncMethodModel method : model.methods) {
            ValidationReport signature = signatures.validateMethod(method.element, method.path);
            if (!model.erroneous()) {
                diagnostics.print(signature); // else the user's own errors come first, alone
            }
            if (method.generated && method.index != null) {
                anyMethod = true;
                generate(model, method, signature, privateAccess, writer);
                if (method.broken && method.unresolved != null && signature.isClean()) {
                    mismatches.expectError(userOwner, userMethod(userOwner, method), method.unresolved,
                            waitedFor(method, generatedNames), model.generatedName);
                }
            }
        }
        if (!anyMethod) {
            return Outcome.SKIPPED;
        }
        if (model.extendsOwner && rejectUnmirroredConstructors(userOwner, model, writer)) {
            return Outcome.SKIPPED;
        }
        write(model, writer.write(reads(userOwner, "java.compiler")), userOwner);
        return Outcome.WRITTEN;
    }

    /**
     * Validates, lowers and writes one method's state machine into {@code writer}, or an entry
     * point that says why it could not.
     */
    private void generate(ClassModel model, AsyncMethodModel method, ValidationReport signature,
            PrivateAccess privateAccess, AsyncClassWriter writer) {
        BodyIndex index = method.index;
        Awaits awaits = new Awaits(index);
        Reachability reach = new Reachability(index);
        SourceCopier copier = new SourceCopier(model, index, reach, awaits, types, elements, method.isStatic(),
                privateAccess);
        StateMachineWriter smw = new StateMachineWriter(method, model.source, copier, model.typeText, types, elements,
                model.owner.getSimpleName().toString());
        if (!signature.isClean()) {
            writer.add(smw.stub("see the compile errors"), null);
            return;
        }
        if (method.broken) {
            writer.add(smw.stub("the method has compile errors"), null);
            return;
        }
        if (rejectUnnameableSignature(model, method)) {
            return; // no entry point: a stub would repeat the declaration too
        }
        ValidationReport body = new BodyValidator(index, awaits, model.unit, model.owner, elements, types)
                .validate(method.element);
        diagnostics.print(body);
        if (!body.isClean()) {
            writer.add(smw.stub("see the compile errors"), null);
            return;
        }
        try {
            LoweredMethod lowered = new Lowerer(index, awaits, reach, model.typeText, model.source, types, elements)
                    .lower(method.tree);
            Set<String> names = new HashSet<>(ClassModel.namesIn(method.tree));
            names.addAll(model.memberNames);
            StateLayout layout = new StateLayout(lowered, index, model.baseFieldNames, names);
            rejectLocalClassFields(layout, index, model.typeText);
            copier.setLayout(layout);
            TypeSpec machine = smw.machine(layout);
            writer.addRawMembers(smw.rawMembers());
            writer.addRawCode(smw.rawCode());
            writer.add(smw.entry(layout), machine);
        } catch (UnsupportedConstructException e) {
            diagnostics.print(Diagnostic.Kind.ERROR, e.code(), e.getMessage(), e.at(), model.unit, method.element);
            writer.add(smw.stub("see the compile errors"), null);
        } catch (RuntimeException | StackOverflowError e) {
            internalError(method.element, e);
            writer.add(smw.stub("internal error"), null);
        }
    }

    /**
     * Reports, on the class, a class whose non-private constructors all mention a class the
     * generated class cannot name ({@code Conn(Mode mode)}, {@code Mode} private in {@code
     * Conn}): {@code Foo_Async} mirrors none of them, and would have no constructor it can write.
     * Whether it did.
     */
    private boolean rejectUnmirroredConstructors(TypeElement userOwner, ClassModel model, AsyncClassWriter writer) {
        List<ExecutableElement> constructors = ElementFilter.constructorsIn(model.owner.getEnclosedElements());
        List<ExecutableElement> nonPrivate = constructors.stream()
                .filter(c -> !c.getModifiers().contains(Modifier.PRIVATE)).collect(java.util.stream.Collectors.toList());
        if (nonPrivate.isEmpty() || nonPrivate.stream().anyMatch(writer::mirrors)) {
            return false; // with none, SignatureValidator said so at each instance @Async method
        }
        String name = model.owner.getSimpleName().toString();
        TypeElement unnameable = model.typeText.unnameableClassInDeclaration(nonPrivate.get(0));
        diagnostics.error("weft.not-subclassable", model.generatedName + " extends " + name + " and mirrors its"
                + " constructors, but each non-private constructor of " + name + " mentions a type "
                + model.generatedName + " cannot name"
                + (unnameable == null ? "" : " (" + unnameable.getSimpleName() + ": "
                        + TypeText.whyUnnameable(unnameable) + ")")
                + "; make that type package-private, or add a constructor whose declaration names only"
                + " types " + model.generatedName + " can", userOwner);
        return true;
    }

    /**
     * Reports each type in {@code method}'s declaration (a parameter's, the return type, a thrown
     * type, a type parameter's bound) that mentions a class the generated class cannot name (a
     * private member class of the user's class, say): the entry point repeats the declaration and
     * the state machine keeps the parameters in fields, in another class. Whether there was any.
     */
    private boolean rejectUnnameableSignature(ClassModel model, AsyncMethodModel method) {
        boolean any = false;
        List<? extends VariableTree> params = method.tree.getParameters();
        for (int i = 0; i < params.size() && i < method.element.getParameters().size(); i++) {
            any |= rejectUnnameable(model, method, method.element.getParameters().get(i).asType(),
                    params.get(i).getType(), "the parameter " + params.get(i).getName());
        }
        if (method.tree.getReturnType() != null) {
            any |= rejectUnnameable(model, method, method.element.getReturnType(), method.tree.getReturnType(),
                    "the return type");
        }
        for (int i = 0; i < method.tree.getThrows().size() && i < method.element.getThrownTypes().size(); i++) {
            any |= rejectUnnameable(model, method, method.element.getThrownTypes().get(i),
                    method.tree.getThrows().get(i), "a thrown type");
        }
        for (int i = 0; i < method.tree.getTypeParameters().size()
                && i < method.element.getTypeParameters().size(); i++) {
            for (TypeMirror bound : method.element.getTypeParameters().get(i).getBounds()) {
                if (rejectUnnameable(model, method, bound, method.tree.getTypeParameters().get(i),
                        "the bound of " + method.tree.getTypeParameters().get(i).getName())) {
                    any = true;
                    break;
                }
            }
        }
        return any;
    }

    private boolean rejectUnnameable(ClassModel model, AsyncMethodModel method, TypeMirror type, Tree at,
            String what) {
        TypeElement unnameable = model.typeText.unnameableClassIn(type);
        if (unnameable == null) {
            return false;
        }
        String name = unnameable.getSimpleName().toString();
        String generated = model.generatedName;
        String message = "the generated " + generated + " is a separate class and cannot name the type " + name
                + " (" + TypeText.whyUnnameable(unnameable) + "), which " + what + " of @Async method "
                + method.element.getSimpleName() + "() mentions: " + generated + " repeats the method's"
                + " declaration; make " + name + (unnameable.getModifiers().contains(Modifier.PRIVATE)
                        ? " package-private (or protected)" : " public");
        diagnostics.print(Diagnostic.Kind.ERROR, unnameable.getModifiers().contains(Modifier.PRIVATE)
                ? "weft.private-member" : "weft.unnameable-type", message, at, model.unit, method.element);
        return true;
    }

    /**
     * Reports, on each, the {@code @Async} methods of {@code userOwner} that the shadow compilation
     * does not see as {@code @Async}: it could not resolve the annotation, so it reads the class
     * differently from the user's compilation (a module or option it was not shown). Never
     * silently: without this, {@code Foo_Async} would be missing with nothing to say why. Whether
     * there were any.
     */
    private boolean reportUnseenMethods(TypeElement userOwner, ClassModel model) {
        boolean any = false;
        for (ExecutableElement m : ClassModel.asyncMethodsOf(userOwner)) {
            // by name and arity: the two compilations may print a parameter's type differently
            boolean seen = model.methods.stream().anyMatch(method -> method.element.getSimpleName()
                    .contentEquals(m.getSimpleName()) && method.element.getParameters().size() == m.getParameters().size());
            if (!seen) {
                any = true;
                diagnostics.error("weft.shadow-mismatch", "weft could not transform " + m.getSimpleName()
                        + ": weft attributes @Async bodies in a javac of its own, shown your sources, class"
                        + " path and module path, and there @dev.weft.annotation.Async does not resolve. Put"
                        + " weft-annotations on the class path or the module path (weft cannot see what"
                        + " --upgrade-module-path adds)", m);
            }
        }
        return any;
    }

    /**
     * The first (by name) of the names in {@code method}'s body that did not resolve, and that a
     * processor could still have generated: weft waited for it; null when the body has an error
     * that no generated class could resolve.
     */
    private static String waitedFor(AsyncMethodModel method, Set<String> generatedNames) {
        if (method.index == null || method.index.hardError()) {
            return null;
        }
        for (String name : method.index.unresolvedNames()) { // sorted
            if (!generatedNames.contains(name)) {
                return name;
            }
        }
        return null;
    }

    /** The user's element for the shadow's {@code method}: same name, same parameter types. */
    private static ExecutableElement userMethod(TypeElement userOwner, AsyncMethodModel method) {
        for (ExecutableElement m : ClassModel.asyncMethodsOf(userOwner)) {
            if (m.getSimpleName().contentEquals(method.element.getSimpleName())
                    && m.getParameters().toString().equals(method.element.getParameters().toString())
                    && m.toString().equals(method.element.toString())) {
                return m;
            }
        }
        return null;
    }

    /** Writes {@code Foo_Async} through the user's Filer, originating from the user's top-level class. */
    private void write(ClassModel model, String text, TypeElement userOwner) {
        String qualified = model.qualifiedGeneratedName(elements);
        JavaFileObject earlier = earlierOutputs.get(qualified);
        if (earlier != null) {
            keepOrReport(model, qualified, text, earlier);
            return;
        }
        try {
            JavaFileObject file = filer.createSourceFile(qualified, ClassModel.outermost(userOwner));
            try (Writer w = file.openWriter()) {
                w.write(text);
            }
        } catch (IOException e) {
            diagnostics.error("weft.internal-error", "could not write " + qualified + ": " + e, model.owner);
        }
    }

    /**
     * Says that javac is compiling {@code file}, weft's {@code qualified} of an earlier build, as
     * one of the user's sources (Maven hands it back after a failed build when
     * {@code useIncrementalCompilation} is false): javac's Filer cannot write that class again.
     */
    void earlierOutput(String qualified, JavaFileObject file) {
        earlierOutputs.put(qualified, file);
    }

    /**
     * Where javac compiles weft's earlier output of this class: nothing to do when it is the very
     * text weft writes now; when its class has changed since, an error that says how to get rid
     * of it (javac would compile the stale state machines).
     */
    private void keepOrReport(ClassModel model, String qualified, String text, JavaFileObject earlier) {
        try {
            if (text.contentEquals(earlier.getCharContent(true))) {
                return;
            }
        } catch (IOException e) {
            // unreadable: as good as changed
        }
        String path = earlier.getName();
        String remedy = deleteFromSourceOutput(qualified, earlier)
                ? "weft has deleted it (it was in the directory of generated sources, javac's -s), so that the next"
                        + " build writes it anew: build again"
                : "delete it (or build clean, as with mvn clean compile) and build again";
        diagnostics.error("weft.stale-output", "javac is compiling " + path + ", weft's output for "
                + model.owner.getSimpleName() + " from an earlier build, as one of the sources of this build, and "
                + model.source.fileName() + " has changed since; javac cannot take a new version of a file it is"
                + " already compiling: " + remedy + ". (Maven passes such files back to javac after a failed"
                + " build when useIncrementalCompilation is false.)", model.owner);
    }

    /**
     * Deletes {@code earlier} if it is the file weft would write {@code qualified} to (in the
     * directory of generated sources, never a copy among the user's own sources).
     */
    private boolean deleteFromSourceOutput(String qualified, JavaFileObject earlier) {
        int dot = qualified.lastIndexOf('.');
        try {
            FileObject output = filer.getResource(StandardLocation.SOURCE_OUTPUT,
                    dot < 0 ? "" : qualified.substring(0, dot), qualified.substring(dot + 1) + ".java");
            // javac's Filer gives back a read-only view of the file: it is deleted by its path
            return output.toUri().normalize().equals(earlier.toUri().normalize())
                    && Files.deleteIfExists(Path.of(output.toUri()));
        } catch (IOException | RuntimeException e) {
            return false; // not a file of the default file system, say: the user deletes it
        }
    }

    /** A field cannot name a local class: a variable of one must not live across an await. */
    private void rejectLocalClassFields(StateLayout layout, BodyIndex index, TypeText typeText) {
        for (dev.weft.processor.lowering.Var v : layout.fields()) {
            rejectUnnameableField(v, index, typeText);
            rejectUnreachableFieldType(v, index, typeText);
            rejectProjectedFieldUses(v, index, typeText);
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
            throw new UnsupportedConstructException(declarationOf(v, index), "weft.local-class", v.element().getSimpleName()
                    + " has the local class type " + te.getSimpleName() + " and lives across an await, so"
                    + " it must become a field of the state machine, which cannot name a local class;"
                    + " declare " + te.getSimpleName() + " as a member class, or keep " + v.element().getSimpleName()
                    + " between two awaits");
        }
    }

    /** Where {@code v} is declared in the body; the method itself for a temporary of weft's. */
    private static Tree declarationOf(dev.weft.processor.lowering.Var v, BodyIndex index) {
        Tree[] at = {index.method()};
        if (v.element() != null) {
            new TreeScanner<Void, Void>() {
                @Override
                public Void visitVariable(VariableTree node, Void x) {
                    if (v.element().equals(index.element(node))) {
                        at[0] = node;
                    }
                    return super.visitVariable(node, x);
                }
            }.scan(index.method(), null);
        }
        return at[0];
    }

    /**
     * A field whose type weft writes (a {@code var}, or a value weft keeps across an await) and
     * which mentions a class the generated class cannot name: said where the body has it.
     */
    private void rejectUnreachableFieldType(dev.weft.processor.lowering.Var v, BodyIndex index, TypeText typeText) {
        if (v.declaredType() != null) {
            return; // written by the user, who could name it (or weft reported it already)
        }
        TypeElement unnameable = typeText.unnameableClassIn(typeText.denotable(v.type()));
        if (unnameable == null) {
            return;
        }
        String what = v.element() != null ? v.element().getSimpleName() + " has" : "a value kept across an await has";
        throw new UnsupportedConstructException(declarationOf(v, index), "weft.unnameable-type", what + " the type " + v.type()
                + " and must become a field of the state machine, which cannot name " + unnameable.getSimpleName()
                + " (" + TypeText.whyUnnameable(unnameable) + "); give it a type that names only classes "
                + "this class can (an accessible supertype or interface), or keep it between two awaits");
    }

    /**
     * A variable of a type with an intersection type argument ({@code var xs = List.of("a", 1)})
     * that lives across an await, used in a way its field's type, the upward projection, does
     * not allow ({@code xs.add(...)}): said at the declaration, with the way out.
     */
    private void rejectProjectedFieldUses(dev.weft.processor.lowering.Var v, BodyIndex index, TypeText typeText) {
        if (v.element() == null || v.declaredType() != null || !ProjectedFieldUses.applies(v.type())) {
            return;
        }
        Tree use = ProjectedFieldUses.firstUnsupportedUse(v.element(), v.type(), index, typeText, types);
        if (use != null) {
            String name = v.element().getSimpleName().toString();
            throw new UnsupportedConstructException(declarationOf(v, index), "weft.unnameable-type", name
                    + " has a type whose type argument is an intersection (inferred from elements of different"
                    + " types), which Java cannot write, and lives across an await: its field can only be "
                    + typeText.of(v.type()) + ", through which `" + use + "` does not compile; declare " + name
                    + " with a type you can write (List<Object>, say), or keep it between two awaits");
        }
    }

    /**
     * A {@code var} of an anonymous class whose own members are used, or of an intersection
     * type, that lives across an await: its field can only have a supertype that Java can name,
     * and the later uses need more than that. Said at the declaration.
     */
    private void rejectUnnameableField(dev.weft.processor.lowering.Var v, BodyIndex index, TypeText typeText) {
        javax.lang.model.type.TypeMirror t = v.type();
        if (v.element() == null) {
            return;
        }
        boolean intersection = t.getKind() == javax.lang.model.type.TypeKind.INTERSECTION;
        Element anonymous = t instanceof javax.lang.model.type.DeclaredType
                && ((TypeElement) ((javax.lang.model.type.DeclaredType) t).asElement()).getNestingKind() == NestingKind.ANONYMOUS
                ? ((javax.lang.model.type.DeclaredType) t).asElement() : null;
        if (!intersection && (anonymous == null || typeText.isNamed((TypeElement) anonymous))
                || intersection && typeText.intersectionCast(t) != null) {
            return; // a member class, or a field whose reads are cast back to the whole intersection
        }
        Tree[] at = {null};
        boolean[] needsOwnMembers = {false};
        javax.lang.model.type.TypeMirror named = types.erasure(typeText.denotable(t));
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

}
