package dev.weft.processor.emit;

import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreeScanner;
import dev.weft.processor.analysis.Awaits;
import dev.weft.processor.analysis.BodyIndex;
import dev.weft.processor.analysis.ClassModel;
import dev.weft.processor.analysis.PrivateMembers;
import dev.weft.processor.analysis.Reachability;
import dev.weft.processor.analysis.SourceText;
import dev.weft.processor.analysis.TypeText;
import dev.weft.processor.lowering.Code;
import dev.weft.processor.lowering.JumpContext;
import dev.weft.processor.lowering.Label;
import dev.weft.processor.lowering.StateLayout;
import dev.weft.processor.lowering.Var;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Turns {@link Code} into Java text: the user's trees are copied from the source by position,
 * with only what must change edited: {@code this} (which must still mean the user's object),
 * names the state machine would capture, renamed locals, static {@code @Async} calls,
 * and the {@code break}/{@code continue}/{@code yield}/{@code return} statements that leave the
 * copied code for a lowered statement.
 */
public final class SourceCopier {
    /** The label of the state machine's dispatch loop, for jumps out of copied loops. */
    private static final String MACHINE_LABEL = "machine";

    private final SourceText source;
    private final BodyIndex index;
    private final Reachability reach;
    private final Awaits awaits;
    private final TypeText typeText;
    private final Types types;
    private final Elements elements;
    /** The class being generated. */
    private final ClassModel model;
    /** Whether the method copied from is static (false for class-level code). */
    private final boolean staticMethod;
    /** Handles to the private members of the user's class that bodies use. */
    private final PrivateAccess privateAccess;
    private StateLayout layout;
    private Set<String> fieldNames = Set.of();
    private boolean usedMachineLabel;

    /** The type javac gave {@code tree}. */
    public javax.lang.model.type.TypeMirror typeOf(Tree tree) {
        return index.type(tree);
    }

    /** @param staticMethod whether the method copied from is static (false for class-level code) */
    public SourceCopier(ClassModel model, BodyIndex index, Reachability reach, Awaits awaits, Types types,
            Elements elements, boolean staticMethod, PrivateAccess privateAccess) {
        this.model = model;
        this.source = model.source;
        this.typeText = model.typeText;
        this.index = index;
        this.reach = reach;
        this.awaits = awaits;
        this.types = types;
        this.elements = elements;
        this.staticMethod = staticMethod;
        this.privateAccess = privateAccess;
    }

    public void setLayout(StateLayout layout) {
        this.layout = layout;
        java.util.HashSet<String> names = new java.util.HashSet<>();
        for (Var v : layout.fields()) {
            names.add(v.name());
        }
        this.fieldNames = names;
    }

    /** Whether some copied jump had to name the dispatch loop (it sat inside a user loop). */
    public boolean usedMachineLabel() {
        return usedMachineLabel;
    }

    /** Copies a tree of the user's source with the usual edits. */
    public String copy(Tree tree) {
        return renderTree(tree, Map.of(), null, tree);
    }

    public String render(Code code) {
        StringBuilder sb = new StringBuilder();
        for (Object p : code.parts()) {
            if (p instanceof String) {
                sb.append((String) p);
            } else if (p instanceof Code.VarRef) {
                sb.append(((Code.VarRef) p).var.name());
            } else if (p instanceof Code.LabelRef) {
                sb.append(((Code.LabelRef) p).label.state());
            } else if (p instanceof Code.TreeRef) {
                Code.TreeRef r = (Code.TreeRef) p;
                sb.append(renderTree(r.tree, r.substitutions, r.context, r.tree));
            }
        }
        return sb.toString();
    }

    /**
     * A case guard of a lowered switch, reading the pattern variables its labels declare (when
     * those live in fields) from the labels' locals: the fields are set only once the case is taken.
     */
    public String renderReadingBindingLocals(Code guard, List<Code> labels) {
        for (Code label : labels) {
            for (VariableTree binding : hoistedBindingsIn(label)) {
                readAsLocal.put(index.element(binding), hoistedBindingLocal(binding));
            }
        }
        try {
            return render(guard);
        } finally {
            readAsLocal.clear();
        }
    }

    /** {@code field = local;} for each pattern variable {@code label} declares that lives in a field. */
    public List<String> bindingFieldAssignments(Code label) {
        List<String> out = new ArrayList<>();
        for (VariableTree binding : hoistedBindingsIn(label)) {
            out.add(layout.vars().get(index.element(binding)).name() + " = " + hoistedBindingLocal(binding) + ";");
        }
        return out;
    }

    /** Pattern variables read as the locals the copied patterns declare (a guard being rendered). */
    private final Map<Element, String> readAsLocal = new HashMap<>();

    private List<VariableTree> hoistedBindingsIn(Code code) {
        List<VariableTree> out = new ArrayList<>();
        for (Object p : code.parts()) {
            if (p instanceof Code.TreeRef) {
                out.addAll(hoistedBindingsIn(((Code.TreeRef) p).tree));
            }
        }
        return out;
    }

    /** The pattern variables declared in {@code pattern} (nested ones too) that live in fields. */
    private List<VariableTree> hoistedBindingsIn(Tree pattern) {
        List<VariableTree> out = new ArrayList<>();
        if (layout == null) {
            return out;
        }
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitBindingPattern(com.sun.source.tree.BindingPatternTree node, Void v) {
                if (hoistedBindingLocal(node.getVariable()) != null) {
                    out.add(node.getVariable());
                }
                return super.visitBindingPattern(node, v);
            }

            @Override
            public Void visitClass(ClassTree node, Void v) {
                return null; // a class's own patterns are its own
            }

            @Override
            public Void visitLambdaExpression(com.sun.source.tree.LambdaExpressionTree node, Void v) {
                return null;
            }
        }.scan(pattern, null);
        return out;
    }

    /** The local a copied pattern declares for {@code binding} when it lives in a field, else null. */
    private String hoistedBindingLocal(VariableTree binding) {
        if (layout == null) {
            return null;
        }
        Element e = index.element(binding);
        String local = e == null ? null : layout.bindingLocals().get(e);
        return local != null && layout.vars().get(e) != null ? local : null;
    }

    /** Where a pattern variable's name is written: the first whole word after its type (or {@code var}). */
    private int bindingNamePosition(VariableTree binding) {
        String text = source.text();
        String name = binding.getName().toString();
        int from = binding.getType() != null && source.hasRange(binding.getType())
                ? source.end(binding.getType()) : source.start(binding);
        for (int at = text.indexOf(name, from); at >= 0; at = text.indexOf(name, at + 1)) {
            boolean wordStart = at == 0 || !Character.isJavaIdentifierPart(text.charAt(at - 1));
            int after = at + name.length();
            boolean wordEnd = after >= text.length() || !Character.isJavaIdentifierPart(text.charAt(after));
            if (wordStart && wordEnd) {
                return at;
            }
        }
        throw new IllegalStateException("no name " + name + " after " + from + " in " + source);
    }

    /** The original line where the first tree {@code code} copies starts, or 0 if none. */
    public long startLine(Code code) {
        for (Object p : code.parts()) {
            if (p instanceof Code.TreeRef) {
                return source.line(((Code.TreeRef) p).tree);
            }
        }
        return 0;
    }

    /**
     * How much indentation to take off the continuation lines of {@code code}'s first copied tree:
     * the indentation of the line it starts on (not the tree's column), so that a block opening at
     * the end of a {@code while (...)} line keeps its body indented under that line.
     */
    public int baseColumn(Code code) {
        for (Object p : code.parts()) {
            if (p instanceof Code.TreeRef) {
                int start = source.start(((Code.TreeRef) p).tree);
                String line = source.lineText(source.lineOf(start));
                return line.length() - line.stripLeading().length();
            }
        }
        return 0;
    }

    private static final class Edit {
        final int start;
        final int end;
        final String text;

        Edit(int start, int end, String text) {
            this.start = start;
            this.end = end;
            this.text = text;
        }
    }

    private String renderTree(Tree tree, Map<Tree, Code> subst, JumpContext ctx, Tree root) {
        int start = source.start(tree);
        int end = source.end(tree);
        List<Edit> edits = new ArrayList<>();
        collectEdits(tree, subst, ctx, root, edits);
        edits.sort(Comparator.comparingInt(e -> e.start));
        StringBuilder sb = new StringBuilder();
        int at = start;
        for (Edit e : edits) {
            if (e.start < at) {
                continue; // nested in an earlier edit
            }
            sb.append(source.text(), at, e.start);
            sb.append(e.text);
            at = e.end;
        }
        sb.append(source.text(), at, end);
        return sb.toString();
    }

    private void collectEdits(Tree top, Map<Tree, Code> subst, JumpContext ctx, Tree root, List<Edit> edits) {
        Deque<ClassTree> classes = new ArrayDeque<>();
        int[] lambdas = {0};
        new TreeScanner<Void, Void>() {
            @Override
            public Void scan(Tree t, Void v) {
                if (t == null) {
                    return null;
                }
                Code s = subst.get(t);
                if (s != null) {
                    edits.add(new Edit(source.start(t), source.end(t), render(s)));
                    return null;
                }
                return super.scan(t, v);
            }

            @Override
            public Void visitClass(ClassTree node, Void v) {
                String renamed = layout == null ? null : layout.renamedLocalClass(index.element(node));
                if (renamed != null) {
                    renameDeclared(node, node.getModifiers(), node.getSimpleName().toString(), renamed, edits);
                }
                classes.push(node);
                super.visitClass(node, v);
                classes.pop();
                return null;
            }

            @Override
            public Void visitMethod(com.sun.source.tree.MethodTree node, Void v) {
                String renamed = layout == null || classes.isEmpty() || !node.getName().contentEquals("<init>") ? null
                        : layout.renamedLocalClass(index.element(classes.peek()));
                if (renamed != null && source.hasRange(node)) {
                    renameDeclared(node, node.getModifiers(), classes.peek().getSimpleName().toString(), renamed, edits);
                }
                return super.visitMethod(node, v);
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void v) {
                lambdas[0]++;
                super.visitLambdaExpression(node, v);
                lambdas[0]--;
                return null;
            }

            @Override
            public Void visitIdentifier(IdentifierTree node, Void v) {
                Element pe = index.element(node);
                String local = readAsLocal.get(pe);
                if (local != null) {
                    edits.add(new Edit(source.start(node), source.end(node), local));
                    return null;
                }
                if (viaHandle(pe, null) && pe instanceof VariableElement) {
                    edits.add(new Edit(source.start(node), source.end(node), privateRead((VariableElement) pe,
                            model.generatedName + ".this")));
                    return null;
                }
                String replacement = identifier(node, classes.peek());
                if (replacement != null && replacement.indexOf('.') > 0 && pe != null
                        && (pe.getKind().isClass() || pe.getKind().isInterface())) {
                    replacement = qualifiedPastTypeAnnotations(node, replacement, top, subst, ctx, root, edits);
                }
                if (replacement != null) {
                    edits.add(new Edit(source.start(node), source.end(node), replacement));
                }
                return null;
            }

            @Override
            public Void visitMemberSelect(MemberSelectTree node, Void v) {
                ExpressionTree q = node.getExpression();
                Element qe = index.element(q);
                Element pe = index.element(node);
                if (viaHandle(pe, q) && pe instanceof VariableElement) {
                    edits.add(new Edit(source.start(node), source.end(node), privateRead((VariableElement) pe,
                            isThis(q) ? model.generatedName + ".this" : renderTree(q, subst, ctx, root))));
                    return null;
                }
                if (classes.isEmpty() && !staticMethod && node.getIdentifier().contentEquals("super")
                        && qe != null && qe.equals(model.owner)) {
                    // Owner.super.x: super.x, which from Owner_Async is Owner_Async.super.x
                    edits.add(new Edit(source.start(node), source.end(node), model.generatedName + ".super"));
                    return null;
                }
                if (node.getIdentifier().contentEquals("this") && qe != null && qe.equals(model.owner)) {
                    // Owner.this, in the body or in a class declared in it: the object the method runs on
                    edits.add(new Edit(source.start(node), source.end(node), thisOfOwner(node)));
                    return null;
                }
                Element e = index.element(node);
                if (e != null && model.staticAsyncMethods.contains(e) && qe != null && qe.equals(model.owner)) {
                    edits.add(new Edit(source.start(q), source.end(q), model.generatedName));
                    return null;
                }
                String transformed = transformedElsewhere(e, false);
                if (transformed != null && qe instanceof TypeElement) { // X.m, or Sub.m inherited from X
                    edits.add(new Edit(source.start(q), source.end(q), transformed));
                    return null;
                }
                return super.visitMemberSelect(node, v);
            }

            @Override
            public Void visitInstanceOf(com.sun.source.tree.InstanceOfTree node, Void v) {
                // pattern variables that live in fields: the pattern declares locals of other
                // names (visitBindingPattern), and a match is copied into the fields at once
                List<VariableTree> hoisted = node.getPattern() == null ? List.of() : hoistedBindingsIn(node.getPattern());
                if (hoisted.isEmpty()) {
                    return super.visitInstanceOf(node, v);
                }
                edits.add(new Edit(source.start(node), source.start(node), "("));
                super.visitInstanceOf(node, v);
                StringBuilder binds = new StringBuilder();
                for (VariableTree binding : hoisted) {
                    Element e = index.element(binding);
                    binds.append(" && bindPattern(").append(layout.vars().get(e).name()).append(" = ")
                            .append(layout.bindingLocals().get(e)).append(')');
                }
                edits.add(new Edit(source.end(node), source.end(node), binds + ")"));
                return null;
            }

            @Override
            public Void visitBindingPattern(com.sun.source.tree.BindingPatternTree node, Void v) {
                VariableTree binding = node.getVariable();
                String local = hoistedBindingLocal(binding);
                if (local == null) {
                    return super.visitBindingPattern(node, v);
                }
                if (binding.getType() != null && source.hasRange(binding.getType())) {
                    scan(binding.getType(), v);
                }
                int name = bindingNamePosition(binding);
                edits.add(new Edit(name, name + binding.getName().length(), local));
                return null;
            }

            @Override
            public Void visitMemberReference(com.sun.source.tree.MemberReferenceTree node, Void v) {
                // Foo::m to a static @Async method: Foo_Async::m, the transformed one
                ExpressionTree q = node.getQualifierExpression();
                Element e = index.element(node);
                if (e != null && model.staticAsyncMethods.contains(e) && model.owner.equals(index.element(q))) {
                    edits.add(new Edit(source.start(q), source.end(q), model.generatedName));
                    return null;
                }
                String transformed = transformedElsewhere(e, true);
                if (transformed != null && index.element(q) instanceof TypeElement) {
                    edits.add(new Edit(source.start(q), source.end(q), transformed)); // X::m: X_Async::m
                    return null;
                }
                return super.visitMemberReference(node, v);
            }

            @Override
            public Void visitVariable(VariableTree node, Void v) {
                Element e = index.element(node);
                String renamed = e == null || layout == null ? null : layout.renames().get(e);
                if (renamed != null) {
                    int from = node.getType() != null && source.hasRange(node.getType())
                            ? source.end(node.getType()) : source.start(node);
                    String text = source.text();
                    String name = node.getName().toString();
                    int pos = text.indexOf(name, from);
                    if (pos >= 0) {
                        edits.add(new Edit(pos, pos + name.length(), renamed));
                    }
                }
                return super.visitVariable(node, v);
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void v) {
                Element e = index.element(node);
                if (classes.isEmpty() && superCallOfOverridden(node, e)) {
                    edits.add(new Edit(source.start(node), source.end(node), privateAccess.callSuper(
                            (javax.lang.model.element.ExecutableElement) e, model.owner, model.generatedName + ".this",
                            arguments(node.getArguments()))));
                    return null;
                }
                TypeElement superinterface = classes.isEmpty() ? interfaceSuperCall(node, e) : null;
                if (superinterface != null) {
                    edits.add(new Edit(source.start(node), source.end(node), privateAccess.callSuper(
                            (javax.lang.model.element.ExecutableElement) e, model.owner, superinterface,
                            model.generatedName + ".this", arguments(node.getArguments()))));
                    return null;
                }
                ExpressionTree select = node.getMethodSelect();
                if (!viaHandle(e, select instanceof MemberSelectTree ? ((MemberSelectTree) select).getExpression() : null)) {
                    return super.visitMethodInvocation(node, v);
                }
                String receiver = receiver(e, select instanceof MemberSelectTree
                        ? ((MemberSelectTree) select).getExpression() : null, classes.peek());
                edits.add(new Edit(source.start(node), source.end(node), privateAccess.call(
                        (javax.lang.model.element.ExecutableElement) e, receiver, arguments(node.getArguments()))));
                return null;
            }

            @Override
            public Void visitNewClass(NewClassTree node, Void v) {
                dev.weft.processor.lowering.LoweredMethod.AnonymousClass moved =
                        layout == null ? null : layout.anonymousClass(node.getClassBody());
                if (moved != null) {
                    // an anonymous class that became a member class: create that instead
                    edits.add(new Edit(source.start(node), source.end(node),
                            "new " + moved.name() + "(" + String.join(", ", arguments(node.getArguments())) + ")"));
                    return null;
                }
                Element e = index.element(node);
                if ((!viaHandle(e) || node.getClassBody() != null) && node.getEnclosingExpression() != null) {
                    // outer.new Inner(): Inner names a member of outer's class, as written (only its
                    // type arguments may need qualifying)
                    scan(node.getEnclosingExpression(), v);
                    scan(node.getTypeArguments(), v);
                    if (node.getIdentifier() instanceof com.sun.source.tree.ParameterizedTypeTree) {
                        scan(((com.sun.source.tree.ParameterizedTypeTree) node.getIdentifier()).getTypeArguments(), v);
                    }
                    scan(node.getArguments(), v);
                    scan(node.getClassBody(), v);
                    return null;
                }
                if (!viaHandle(e) || node.getClassBody() != null) {
                    return super.visitNewClass(node, v);
                }
                edits.add(new Edit(source.start(node), source.end(node), privateAccess.construct(
                        (javax.lang.model.element.ExecutableElement) e, arguments(node.getArguments()))));
                return null;
            }

            @Override
            public Void visitAssignment(com.sun.source.tree.AssignmentTree node, Void v) {
                ExpressionTree target = strip(node.getVariable());
                Element e = index.element(target);
                if (!viaHandle(e, qualifier(target))) {
                    return super.visitAssignment(node, v);
                }
                edits.add(new Edit(source.start(node), source.end(node), privateAccess.write(
                        (VariableElement) e, receiver(e, qualifier(target), classes.peek()),
                        renderTree(node.getExpression(), subst, ctx, root))));
                return null;
            }

            @Override
            public Void visitCompoundAssignment(com.sun.source.tree.CompoundAssignmentTree node, Void v) {
                ExpressionTree target = strip(node.getVariable());
                Element e = index.element(target);
                Code stored = subst.get(node.getExpression());
                if (stored != null && stored.isStoredValue()) {
                    // lowered around an await, the target's old value saved before it: a store
                    String value = render(stored);
                    edits.add(new Edit(source.start(node), source.end(node), viaHandle(e, qualifier(target))
                            ? privateAccess.write((VariableElement) e, receiver(e, qualifier(target), classes.peek()), value)
                            : renderTree(node.getVariable(), subst, ctx, root) + " = " + value));
                    return null;
                }
                if (!viaHandle(e, qualifier(target))) {
                    return super.visitCompoundAssignment(node, v);
                }
                edits.add(new Edit(source.start(node), source.end(node), update((VariableElement) e, target,
                        operator(node.getKind()), "(" + renderTree(node.getExpression(), subst, ctx, root) + ")",
                        classes.peek())));
                return null;
            }

            @Override
            public Void visitUnary(com.sun.source.tree.UnaryTree node, Void v) {
                Tree.Kind k = node.getKind();
                boolean step = k == Tree.Kind.PREFIX_INCREMENT || k == Tree.Kind.PREFIX_DECREMENT
                        || k == Tree.Kind.POSTFIX_INCREMENT || k == Tree.Kind.POSTFIX_DECREMENT;
                ExpressionTree target = strip(node.getExpression());
                Element e = step ? index.element(target) : null;
                if (!viaHandle(e, qualifier(target))) {
                    return super.visitUnary(node, v);
                }
                boolean up = k == Tree.Kind.PREFIX_INCREMENT || k == Tree.Kind.POSTFIX_INCREMENT;
                edits.add(new Edit(source.start(node), source.end(node),
                        update((VariableElement) e, target, up ? "+" : "-", "1", classes.peek())));
                return null;
            }

            /** {@code x op= value} on a private field, as a write of the read combined with value. */
            private String update(VariableElement field, ExpressionTree target, String op, String value,
                    ClassTree inner) {
                String receiver = receiver(field, qualifier(target), inner);
                String read = privateAccess.read(field, receiver);
                javax.lang.model.type.TypeMirror t = index.type(target); // as seen here: Base<T>.val from Foo extends Base<String>
                if (t == null || t.getKind() == javax.lang.model.type.TypeKind.ERROR) {
                    t = field.asType();
                }
                String cast = "(" + typeText.of(t) + ") ";
                if (t.toString().equals("java.lang.String")) {
                    cast = "";
                }
                return privateAccess.write(field, receiver, cast + "(" + read + " " + op + " " + value + ")");
            }

            /** The receiver text of a private instance member, null for a static one. */
            private String receiver(Element member, ExpressionTree qualifier, ClassTree inner) {
                if (member.getModifiers().contains(Modifier.STATIC)) {
                    return null;
                }
                if (qualifier == null || isThis(qualifier)) {
                    return model.generatedName + ".this";
                }
                return renderTree(qualifier, subst, ctx, root);
            }

            private List<String> arguments(List<? extends ExpressionTree> args) {
                List<String> out = new ArrayList<>();
                for (ExpressionTree a : args) {
                    out.add(renderTree(a, subst, ctx, root));
                }
                return out;
            }

            @Override
            public Void visitBreak(BreakTree node, Void v) {
                jumpOut(node, reach.target(node), true);
                return null;
            }

            @Override
            public Void visitContinue(ContinueTree node, Void v) {
                jumpOut(node, reach.target(node), false);
                return null;
            }

            private void jumpOut(Tree node, Tree target, boolean isBreak) {
                if (target == null || within(target, root)) {
                    return;
                }
                JumpContext f = JumpContext.find(ctx, target);
                if (f == null) {
                    throw new IllegalStateException("no lowered target for " + node);
                }
                Label l = isBreak ? f.breakTo : f.continueTo;
                edits.add(new Edit(source.start(node), source.end(node),
                        block(node, go(JumpContext.route(ctx, f, l)), continueStatement(node, root))));
            }

            @Override
            public Void visitYield(YieldTree node, Void v) {
                Tree sw = enclosingSwitchExpression(node);
                if (sw != null && within(sw, root)) {
                    return super.visitYield(node, v);
                }
                JumpContext f = JumpContext.innermostSwitchExpression(ctx);
                String value = renderTree(node.getValue(), subst, ctx, root);
                edits.add(new Edit(source.start(node), source.end(node),
                        block(node, List.of(f.result.name() + " = " + value + ";"),
                                go(JumpContext.route(ctx, f, f.breakTo)), continueStatement(node, root))));
                return null;
            }

            @Override
            public Void visitReturn(ReturnTree node, Void v) {
                if (lambdas[0] > 0 || !classes.isEmpty()) {
                    return super.visitReturn(node, v);
                }
                ExpressionTree e = node.getExpression();
                String replacement;
                JumpContext fin = JumpContext.innermostFinally(ctx);
                if (fin != null) {
                    // the finally blocks run first: keep the value, go through them
                    String slot;
                    String value;
                    Label to;
                    if (awaits.isTaskOf(e)) {
                        slot = fin.returnSlot.value().name();
                        value = renderTree(((MethodInvocationTree) e).getArguments().get(0), subst, ctx, root);
                        to = fin.returnSlot.valueLabel();
                    } else if (awaits.isTaskDone(e)) {
                        slot = fin.returnSlot.value().name();
                        value = "null";
                        to = fin.returnSlot.valueLabel();
                    } else {
                        slot = fin.returnSlot.task().name();
                        value = renderTree(e, subst, ctx, root);
                        to = fin.returnSlot.taskLabel();
                    }
                    edits.add(new Edit(source.start(node), source.end(node), block(node, List.of(slot + " = " + value + ";"),
                            go(JumpContext.route(ctx, null, to)), continueStatement(node, root))));
                    return null;
                }
                if (awaits.isTaskOf(e)) {
                    ExpressionTree arg = ((MethodInvocationTree) e).getArguments().get(0);
                    replacement = block(node, List.of("returnValue(" + renderTree(arg, subst, ctx, root) + ");"), List.of(), StateMachineWriter.RETURN);
                } else if (awaits.isTaskDone(e)) {
                    replacement = block(node, List.of("returnValue(null);"), List.of(), StateMachineWriter.RETURN);
                } else {
                    replacement = block(node, List.of("returnTask(" + renderTree(e, subst, ctx, root) + ");"), List.of(), StateMachineWriter.RETURN);
                }
                edits.add(new Edit(source.start(node), source.end(node), replacement));
                return null;
            }
        }.scan(top, null);
    }

    /**
     * For a static {@code @Async} method of another class {@code X} (inherited, imported, or named
     * {@code X.m}), how the generated code names {@code X_Async}, whose {@code m} is the
     * transformed one: the original would fail at its first await. Null when {@code e} is no such
     * method, or when {@code X_Async} will not exist or is out of reach from here (the call then
     * stays as written, and fails as it would have). {@code reference}: for {@code X::m}.
     */
    private String transformedElsewhere(Element e, boolean reference) {
        if (e == null || e.getKind() != ElementKind.METHOD || !e.getModifiers().contains(Modifier.STATIC)
                || e.getModifiers().contains(Modifier.PRIVATE) || !(e.getEnclosingElement() instanceof TypeElement)
                || !ClassModel.isAsync(e)) {
            return null;
        }
        TypeElement declaring = (TypeElement) e.getEnclosingElement();
        if (declaring.equals(model.owner)) {
            return null;
        }
        String pkg = elements.getPackageOf(declaring).getQualifiedName().toString();
        boolean samePackage = pkg.equals(elements.getPackageOf(model.owner).getQualifiedName().toString());
        if (!samePackage && !e.getModifiers().contains(Modifier.PUBLIC)) {
            return null;
        }
        for (Element t = declaring; t instanceof TypeElement; t = t.getEnclosingElement()) {
            if (t.getModifiers().contains(Modifier.PRIVATE) // X_Async cannot reach X (an error of its own)
                    || (!samePackage && !t.getModifiers().contains(Modifier.PUBLIC))) {
                return null;
            }
        }
        String simple = ClassModel.generatedName(declaring);
        String qualified = ClassModel.qualifiedGeneratedName(elements, declaring);
        boolean fromSource = index.trees().getPath(declaring) != null; // weft writes X_Async this build
        if (!fromSource && elements.getTypeElement(qualified) == null) {
            return null; // a library compiled without weft
        }
        if (samePackage) {
            return simple;
        }
        Set<String> variables = index.method() == null ? Set.of() : ClassModel.namesIn(index.method());
        String qualifier = typeText.staticQualifier(qualified, variables);
        // X::m takes a type before ::, not a cast: there the qualified name is the best there is
        return reference && qualifier.startsWith("(") ? qualified : qualifier;
    }

    /**
     * The interface {@code Iface} of {@code Iface.super.m(...)}, a default method of a direct
     * superinterface of the owner, which {@code Foo_Async} cannot name that way: a handle reaches
     * it. Null for any other call.
     */
    private TypeElement interfaceSuperCall(MethodInvocationTree node, Element e) {
        if (privateAccess == null || staticMethod || !(e instanceof javax.lang.model.element.ExecutableElement)
                || !(node.getMethodSelect() instanceof MemberSelectTree)) {
            return null;
        }
        ExpressionTree q = ((MemberSelectTree) node.getMethodSelect()).getExpression();
        if (!(q instanceof MemberSelectTree) || !((MemberSelectTree) q).getIdentifier().contentEquals("super")) {
            return null;
        }
        Element named = index.element(((MemberSelectTree) q).getExpression());
        return named instanceof TypeElement && named.getKind().isInterface() ? (TypeElement) named : null;
    }

    /**
     * {@code super.m(...)} (or {@code Owner.super.m(...)}) where the owner declares its own
     * {@code m}: only a handle reaches it.
     */
    private boolean superCallOfOverridden(MethodInvocationTree node, Element e) {
        if (privateAccess == null || staticMethod || !(e instanceof javax.lang.model.element.ExecutableElement)
                || !(node.getMethodSelect() instanceof MemberSelectTree)) {
            return false;
        }
        ExpressionTree q = ((MemberSelectTree) node.getMethodSelect()).getExpression();
        if (!isSuperOfOwner(q)) {
            return false;
        }
        for (Element m : model.owner.getEnclosedElements()) {
            if (m.getKind() == ElementKind.METHOD && m.getSimpleName().contentEquals(e.getSimpleName())) {
                return true;
            }
        }
        return false;
    }

    private boolean viaHandle(Element e) {
        return privateAccess != null && model.top != null && PrivateMembers.needed(e, model.top);
    }

    /**
     * Whether {@code e}, reached through {@code qualifier} (null: none), is a private member the
     * generated class cannot name, or a protected one inherited from another package that it may
     * not reach that way: through an object that is not a {@code Foo_Async} (JLS 6.6.2.1), or at
     * all when {@code Foo_Async} does not extend {@code Foo}.
     */
    private boolean viaHandle(Element e, ExpressionTree qualifier) {
        if (viaHandle(e)) {
            return true;
        }
        if (e == null || privateAccess == null || !privateAccess.isProtectedElsewhere(e)
                || !(e.getKind().isField() || e.getKind() == ElementKind.METHOD)) {
            return false;
        }
        if (!model.extendsOwner) {
            return true;
        }
        if (e.getModifiers().contains(Modifier.STATIC) || qualifier == null || isThis(qualifier)
                || (qualifier instanceof IdentifierTree && ((IdentifierTree) qualifier).getName().contentEquals("super"))) {
            return false;
        }
        TypeElement generated = elements.getTypeElement(model.qualifiedGeneratedName(elements));
        javax.lang.model.type.TypeMirror q = index.type(qualifier);
        return generated == null || q == null || !types.isSubtype(types.erasure(q), types.erasure(generated.asType()));
    }

    /** A read of a private field: its value when it is a constant (so that it stays one). */
    private String privateRead(VariableElement field, String receiver) {
        Object constant = field.getConstantValue();
        if (constant != null) {
            return elements.getConstantExpression(constant) + " /* " + field.getSimpleName() + " */";
        }
        return privateAccess.read(field, field.getModifiers().contains(Modifier.STATIC) ? null : receiver);
    }

    /** {@code super}, or {@code Owner.super}: the superclass of the owner. */
    private boolean isSuperOfOwner(ExpressionTree q) {
        if (q instanceof IdentifierTree) {
            return ((IdentifierTree) q).getName().contentEquals("super");
        }
        return q instanceof MemberSelectTree && ((MemberSelectTree) q).getIdentifier().contentEquals("super")
                && model.owner.equals(index.element(((MemberSelectTree) q).getExpression()));
    }

    private boolean isThis(ExpressionTree t) {
        if (t instanceof IdentifierTree) {
            return ((IdentifierTree) t).getName().contentEquals("this");
        }
        return t instanceof MemberSelectTree && ((MemberSelectTree) t).getIdentifier().contentEquals("this");
    }

    private static ExpressionTree qualifier(ExpressionTree target) {
        return target instanceof MemberSelectTree ? ((MemberSelectTree) target).getExpression() : null;
    }

    private static ExpressionTree strip(ExpressionTree t) {
        while (t instanceof com.sun.source.tree.ParenthesizedTree) {
            t = ((com.sun.source.tree.ParenthesizedTree) t).getExpression();
        }
        return t;
    }

    private static String operator(Tree.Kind k) {
        switch (k) {
            case PLUS_ASSIGNMENT: return "+";
            case MINUS_ASSIGNMENT: return "-";
            case MULTIPLY_ASSIGNMENT: return "*";
            case DIVIDE_ASSIGNMENT: return "/";
            case REMAINDER_ASSIGNMENT: return "%";
            case LEFT_SHIFT_ASSIGNMENT: return "<<";
            case RIGHT_SHIFT_ASSIGNMENT: return ">>";
            case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT: return ">>>";
            case AND_ASSIGNMENT: return "&";
            case OR_ASSIGNMENT: return "|";
            case XOR_ASSIGNMENT: return "^";
            default: throw new IllegalArgumentException(k.toString());
        }
    }

    /** The completion records a route sets, then its first state: {@code a = 3;}, {@code state = 5;}. */
    private List<String> go(JumpContext.Route route) {
        List<String> statements = new ArrayList<>();
        for (Code c : route.assignments) {
            statements.add(render(c));
        }
        statements.add("state = " + route.first.state() + ";");
        return statements;
    }

    /** In a replacement: a line break, one level deeper than the line it is in (see {@code StateMachineWriter}). */
    static final char BREAK_INDENTED = '\u0001';
    /** In a replacement: a line break, at the level of the line it is in. */
    static final char BREAK = '\u0002';

    /**
     * A block that replaces one statement of copied code, one statement a line; the line breaks
     * are markers, so that the copy stays line for line with the original for the source map.
     */
    private String block(Tree node, List<String> first, String last) {
        return block(node, List.of(), first, last);
    }

    private String block(Tree node, List<String> first, List<String> then, String last) {
        List<String> all = new ArrayList<>(first);
        all.addAll(then);
        all.add(last);
        if (index.parent(node) instanceof BlockTree) {
            // already in a block: the statements take the place of the one they replace
            return String.join(String.valueOf(BREAK), all);
        }
        StringBuilder sb = new StringBuilder("{");
        for (String st : all) {
            sb.append(BREAK_INDENTED).append(st);
        }
        return sb.append(BREAK).append('}').toString();
    }

    private Tree enclosingSwitchExpression(Tree node) {
        for (Tree t = index.parent(node); t != null; t = index.parent(t)) {
            if (t instanceof SwitchExpressionTree) {
                return t;
            }
            if (t instanceof LambdaExpressionTree || t instanceof ClassTree) {
                return null;
            }
        }
        return null;
    }

    private boolean within(Tree t, Tree root) {
        for (Tree p = t; p != null; p = index.parent(p)) {
            if (p == root) {
                return true;
            }
        }
        return false;
    }

    private String continueStatement(Tree from, Tree root) {
        for (Tree p = index.parent(from); p != null && p != index.parent(root); p = index.parent(p)) {
            if (Reachability.isLoop(p)) {
                usedMachineLabel = true;
                return "continue " + MACHINE_LABEL + ";";
            }
        }
        return "continue;";
    }

    /**
     * {@code qualified} ({@code Outer.Node}) for the simple type name {@code node}, with the type
     * annotations written in front of it moved behind the qualifier ({@code Outer.@Nullable Node}):
     * see {@link TypeAnnotations}. Annotations outside the copied tree {@code top} are not copied,
     * so they stay where they are.
     */
    private String qualifiedPastTypeAnnotations(IdentifierTree node, String qualified, Tree top,
            Map<Tree, Code> subst, JumpContext ctx, Tree root, List<Edit> edits) {
        List<com.sun.source.tree.AnnotationTree> annotations = TypeAnnotations.toMove(node, index);
        annotations.removeIf(a -> !source.hasRange(a) || source.start(a) < source.start(top));
        if (annotations.isEmpty()) {
            return qualified;
        }
        int dot = qualified.lastIndexOf('.');
        StringBuilder text = new StringBuilder(qualified.substring(0, dot + 1));
        String sourceText = source.text();
        for (com.sun.source.tree.AnnotationTree a : annotations) {
            text.append(renderTree(a, subst, ctx, root)).append(' ');
            int start = source.start(a);
            int end = source.end(a);
            while (end < source.start(node) && Character.isWhitespace(sourceText.charAt(end))) {
                end++; // and the space after it
            }
            int from = start;
            int to = end;
            edits.removeIf(e -> e.start >= from && e.end <= to); // the annotation's own edits: in the text above
            edits.add(new Edit(start, end, ""));
        }
        return text.append(qualified.substring(dot + 1)).toString();
    }

    /**
     * Renames the name a class or constructor declaration {@code node} declares, the first
     * {@code name} after its modifiers, to {@code renamed}.
     */
    private void renameDeclared(Tree node, com.sun.source.tree.ModifiersTree modifiers, String name, String renamed,
            List<Edit> edits) {
        int from = modifiers != null && source.hasRange(modifiers) ? source.end(modifiers) : source.start(node);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(name) + "\\b")
                .matcher(source.text()).region(from, source.end(node));
        if (m.find()) {
            edits.add(new Edit(m.start(), m.end(), renamed));
        }
    }

    /**
     * Whether a read {@code node} of {@code var}, a field of an intersection type declared with
     * its first bound, needs no more than that bound where it stands: the initializer of a
     * variable or the value of an assignment that the bound converts to, the receiver of a
     * member the bound has, a comparison with {@code ==} or {@code !=}, a string concatenation.
     */
    private boolean fieldTypeSuffices(IdentifierTree node, Var var) {
        javax.lang.model.type.TypeMirror field = typeText.denotable(var.type());
        Tree parent = index.parent(node);
        if (parent instanceof VariableTree && ((VariableTree) parent).getInitializer() == node
                || parent instanceof com.sun.source.tree.AssignmentTree
                        && ((com.sun.source.tree.AssignmentTree) parent).getExpression() == node) {
            javax.lang.model.type.TypeMirror target = index.type(parent);
            return target != null && target.getKind() != javax.lang.model.type.TypeKind.ERROR
                    && types.isAssignable(field, target);
        }
        if (parent instanceof MemberSelectTree) {
            Element member = index.element(parent);
            return member != null && member.getEnclosingElement() instanceof TypeElement
                    && types.isSubtype(types.erasure(field),
                            types.erasure(member.getEnclosingElement().asType()));
        }
        if (parent instanceof com.sun.source.tree.BinaryTree) {
            Tree.Kind k = parent.getKind();
            return k == Tree.Kind.EQUAL_TO || k == Tree.Kind.NOT_EQUAL_TO
                    || k == Tree.Kind.PLUS && "java.lang.String".equals(String.valueOf(index.type(parent)));
        }
        return false;
    }

    /** Whether {@code node} is the variable an assignment writes to. */
    private boolean assignedTo(IdentifierTree node) {
        Tree parent = index.parent(node);
        while (parent instanceof com.sun.source.tree.ParenthesizedTree) {
            parent = index.parent(parent);
        }
        return parent instanceof com.sun.source.tree.AssignmentTree
                && strip(((com.sun.source.tree.AssignmentTree) parent).getVariable()) == node;
    }

    /**
     * {@code this} of the user's class, in the state machine: {@code Foo_Async.this}, whose type is
     * {@code Foo_Async}. Where a type test reads the static type ({@code this instanceof Circle},
     * {@code (Circle) this}, {@code switch (this)}), a final sibling class of {@code Foo_Async}
     * would be provably unrelated to it and javac would refuse the test: there it is written with
     * the user's type, {@code ((Foo) Foo_Async.this)}.
     */
    private String thisOfOwner(ExpressionTree node) {
        Tree parent = index.parent(node);
        while (parent instanceof com.sun.source.tree.ParenthesizedTree) {
            parent = index.parent(parent);
        }
        boolean typeTested = parent instanceof com.sun.source.tree.InstanceOfTree
                || parent instanceof com.sun.source.tree.TypeCastTree
                || parent instanceof com.sun.source.tree.SwitchTree
                || parent instanceof com.sun.source.tree.SwitchExpressionTree;
        String text = model.generatedName + ".this";
        return typeTested ? "((" + typeText.of(model.owner.asType()) + ") " + text + ")" : text;
    }

    /** The replacement text for a simple name, or null to keep it. */
    private String identifier(IdentifierTree node, ClassTree innermostClass) {
        String name = node.getName().toString();
        if (name.equals("this")) {
            return innermostClass == null && !staticMethod ? thisOfOwner(node) : null;
        }
        if (name.equals("super")) {
            return innermostClass == null && !staticMethod ? model.generatedName + ".super" : null;
        }
        Element e = index.element(node);
        if (e == null) {
            return null;
        }
        if (e instanceof VariableElement && (e.getKind() == ElementKind.LOCAL_VARIABLE
                || e.getKind() == ElementKind.PARAMETER || e.getKind() == ElementKind.EXCEPTION_PARAMETER
                || e.getKind() == ElementKind.RESOURCE_VARIABLE || e.getKind().name().equals("BINDING_VARIABLE"))) {
            if (layout == null || layout.insideCapturingClass(node)) {
                return null; // a moved local class reads its own copy, of the same name
            }
            Var var = layout.vars().get(e);
            if (var != null) {
                String cast = fieldNames.contains(var.name()) && !assignedTo(node) && !fieldTypeSuffices(node, var)
                        ? typeText.intersectionCast(var.type()) : null;
                if (cast != null) {
                    return "(" + cast + " " + var.name() + ")"; // the field has the first bound's type
                }
                return var.name().equals(name) ? null : var.name();
            }
            String renamed = layout.renames().get(e);
            return renamed;
        }
        String renamedClass = layout == null ? null : layout.renamedLocalClass(e);
        if (renamedClass != null) {
            return renamedClass;
        }
        Tree parent = index.parent(node);
        if (parent instanceof CaseTree) {
            return null; // enum constants in case labels are written unqualified
        }
        Element enclosing = e.getEnclosingElement();
        if (!(enclosing instanceof TypeElement)) {
            return null;
        }
        boolean isType = e.getKind().isClass() || e.getKind().isInterface();
        boolean isMember = isType || e.getKind().isField() || e.getKind() == ElementKind.METHOD;
        if (!isMember) {
            return null;
        }
        if (innermostClass != null) {
            TypeElement local = (TypeElement) index.trees().getElement(index.path(innermostClass));
            if (local != null) {
                for (Element m : elements.getAllMembers(local)) {
                    if (m.getSimpleName().contentEquals(name)) {
                        return null; // resolves inside the local class, as in the original
                    }
                }
            }
        }
        TypeElement declaring = (TypeElement) enclosing;
        boolean clash = e.getKind() == ElementKind.METHOD
                ? model.baseMethodNames.contains(name)
                : (isType ? false : (model.baseFieldNames.contains(name) || fieldNames.contains(name)));
        boolean isStatic = isType || e.getModifiers().contains(Modifier.STATIC);
        if (isStatic) {
            if (model.staticAsyncMethods.contains(e)) {
                return clash ? model.generatedName + "." + name : null;
            }
            String transformed = transformedElsewhere(e, false);
            if (transformed != null) {
                return transformed + "." + name; // inherited or statically imported: the transformed one
            }
            boolean inherited = model.extendsOwner && types.isSubtype(types.erasure(model.owner.asType()),
                    types.erasure(declaring.asType()));
            boolean lexicallyEnclosing = isEnclosingOf(declaring, model.owner);
            if (isType) {
                return inherited ? null : typeText.name((TypeElement) e);
            }
            if ((!inherited && (lexicallyEnclosing || declaring.equals(model.owner))) || clash) {
                return typeText.name(declaring) + "." + name;
            }
            return null;
        }
        if (clash) {
            return model.generatedName + ".this." + name;
        }
        return null;
    }

    private static boolean isEnclosingOf(TypeElement maybeOuter, TypeElement inner) {
        for (Element e = inner.getEnclosingElement(); e != null; e = e.getEnclosingElement()) {
            if (e.equals(maybeOuter)) {
                return true;
            }
        }
        return false;
    }
}
