package dev.weft.processor.lowering;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import javax.lang.model.element.Modifier;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.UnionTypeTree;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.UnionType;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreeScanner;
import dev.weft.processor.analysis.Awaits;
import dev.weft.processor.analysis.BodyIndex;
import dev.weft.processor.analysis.Reachability;
import dev.weft.processor.analysis.SourceText;
import dev.weft.processor.analysis.SwitchSupport;
import dev.weft.processor.analysis.TypeText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Lowers an attributed {@code @Async} body into a flat list of instructions with labels
 * (regenerator's Emitter). Statements without an await are kept whole, to be copied as written;
 * a statement with an await is taken apart: its control flow becomes jumps between labels and
 * each await a suspension. Inside an expression, the operands evaluated before an await are
 * spilled to temporaries first, so that Java's left-to-right evaluation order is kept; {@code &&},
 * {@code ||}, {@code ?:} and {@code switch} expressions with awaits become jumps so that
 * short-circuiting is kept.
 */
public final class Lowerer {
    private final BodyIndex index;
    private final Awaits awaits;
    private final Reachability reach;
    private final TypeText typeText;
    private final SourceText source;
    private final Types types;
    private final Elements elements;

    private final List<Instr> out = new ArrayList<>();
    private final List<Var> vars = new ArrayList<>();
    private final List<ClassTree> localClasses = new ArrayList<>();
    /** The variables each local class that moved to the state machine captures. */
    private final Map<ClassTree, List<Var>> localClassCaptures = new java.util.LinkedHashMap<>();
    /** Anonymous classes of {@code var}s that moved to the state machine, by their bodies. */
    private final Map<ClassTree, LoweredMethod.AnonymousClass> anonymousClasses = new java.util.LinkedHashMap<>();
    /** Local classes that moved under a new name, because another of their name moved first. */
    private final Map<TypeElement, String> renamedLocalClasses = new java.util.LinkedHashMap<>();
    private final Map<VariableElement, Var> byElement = new LinkedHashMap<>();
    private JumpContext ctx;
    private int labelIds;
    /** The try region being lowered, or null. */
    private Region region;
    /** Hands a caught exception from the exception table to the catch clause; null until a try. */
    private Var caught;
    private final ReturnSlot returnSlot = new ReturnSlot();
    private TypeMirror returnType;

    public Lowerer(BodyIndex index, Awaits awaits, Reachability reach, TypeText typeText,
            SourceText source, Types types, Elements elements) {
        this.index = index;
        this.awaits = awaits;
        this.reach = reach;
        this.typeText = typeText;
        this.source = source;
        this.types = types;
        this.elements = elements;
    }

    public LoweredMethod lower(MethodTree method) {
        Label entry = newLabel();
        out.add(new Instr.Mark(entry));
        Element m = index.element(method);
        returnType = m instanceof ExecutableElement ? ((ExecutableElement) m).getReturnType() : null;
        for (VariableTree p : method.getParameters()) {
            VariableElement e = (VariableElement) index.element(p);
            Var v = new Var(e, e.getSimpleName().toString(), e.asType(), declaredType(p), true, false);
            vars.add(v);
            byElement.put(e, v);
        }
        for (StatementTree s : method.getBody().getStatements()) {
            stmt(s);
        }
        returnStates();
        return new LoweredMethod(out, vars, byElement, entry, caught, localClasses, localClassCaptures,
                anonymousClasses, renamedLocalClasses);
    }

    // ---------------------------------------------------------------- instructions

    private Label newLabel() {
        return new Label(labelIds++);
    }

    private void emit(Instr i) {
        out.add(i);
    }

    private void mark(Label l, Tree at) {
        l.region = region;
        out.add(new Instr.Mark(l));
        if (at != null) {
            out.add(new Instr.Line(at));
        }
    }

    private Code copy(Tree t) {
        prepareCopiedReturns(t);
        return Code.tree(t, Map.of(), ctx);
    }

    /**
     * {@code t} with the labels written on it ({@code L: for ...}): a loop or switch that is
     * copied whole keeps them, since its breaks and continues name them.
     */
    private Tree labeled(StatementTree t) {
        Tree out = t;
        while (index.parent(out) instanceof LabeledStatementTree) {
            out = index.parent(out);
        }
        return out;
    }

    private Code subst(Tree t, Map<Tree, Code> substitutions) {
        prepareCopiedReturns(t);
        return Code.tree(t, substitutions, ctx);
    }

    /**
     * A {@code return} in code copied inside a try whose finally is lowered leaves through the
     * return slot (the copier writes it so): make sure the slot has what that return needs.
     */
    private void prepareCopiedReturns(Tree t) {
        if (JumpContext.innermostFinally(ctx) == null || !(t instanceof StatementTree)) {
            return;
        }
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitReturn(ReturnTree node, Void v) {
                ExpressionTree e = node.getExpression();
                if (awaits.isTaskOf(e) || awaits.isTaskDone(e)) {
                    valueSlot();
                } else {
                    taskSlot();
                }
                return null;
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void v) {
                return null;
            }

            @Override
            public Void visitClass(ClassTree node, Void v) {
                return null;
            }
        }.scan(t, null);
    }

    private void push(JumpContext.Kind kind, Tree tree, Label breakTo, Label continueTo, Var result) {
        Tree parent = index.parent(tree);
        Tree labeled = parent instanceof LabeledStatementTree ? parent : null;
        ctx = new JumpContext(kind, tree, labeled, breakTo, continueTo, result, ctx);
    }

    private void pop() {
        ctx = ctx.outer;
    }

    // ---------------------------------------------------------------- variables

    private Code declaredType(VariableTree v) {
        Tree type = v.getType();
        if (type == null || !source.hasRange(type)) {
            return null;
        }
        String text = source.text(type);
        String name = v.getName().toString();
        // the regex matches only where the name occurs as written: skip compiling it when it cannot
        if (text.equals("var") || text.endsWith("...") || text.contains(name)
                && java.util.regex.Pattern.compile("\\b" + name + "\\b").matcher(text).find()) {
            return null; // var, or C-style array dimensions after the name: use the attributed type
        }
        return copy(type);
    }

    private Var userVar(VariableTree vt) {
        VariableElement e = (VariableElement) index.element(vt);
        Var v = byElement.get(e);
        if (v == null) {
            v = new Var(e, e.getSimpleName().toString(), e.asType(), declaredType(vt), false, false);
            v.writtenAsVar = vt.getType() != null && source.hasRange(vt.getType())
                    && source.text(vt.getType()).equals("var");
            vars.add(v);
            byElement.put(e, v);
        }
        return v;
    }

    private Var temp(String base, TypeMirror type) {
        Var v = new Var(null, base, type, null, false, true);
        vars.add(v);
        return v;
    }

    private TypeMirror intType() {
        return types.getPrimitiveType(TypeKind.INT);
    }

    private TypeMirror booleanType() {
        return types.getPrimitiveType(TypeKind.BOOLEAN);
    }

    // ---------------------------------------------------------------- statements

    private void stmt(StatementTree s) {
        switch (s.getKind()) {
            case EMPTY_STATEMENT:
                return;
            case VARIABLE:
                emit(new Instr.Line(s));
                declare((VariableTree) s);
                return;
            case RETURN:
                emit(new Instr.Line(s));
                returnStatement((ReturnTree) s);
                return;
            case BREAK:
            case CONTINUE:
                emit(new Instr.Line(s));
                jump(s);
                return;
            case YIELD:
                emit(new Instr.Line(s));
                yieldStatement((YieldTree) s);
                return;
            case BLOCK:
                if (!awaits.contains(s)) {
                    break;
                }
                for (StatementTree inner : ((BlockTree) s).getStatements()) {
                    stmt(inner);
                }
                return;
            case CLASS:
            case INTERFACE:
            case ENUM:
            case ANNOTATION_TYPE:
                localClass((ClassTree) s);
                return;
            default:
                if (s.getKind().name().equals("RECORD")) {
                    localClass((ClassTree) s);
                    return;
                }
                break;
        }
        if (s.getKind() != Tree.Kind.TRY || !awaits.contains(s)) {
            emit(new Instr.Line(s)); // a lowered try quotes its line where its state starts
        }
        if (!awaits.contains(s)) {
            emit(new Instr.Exec(copy(s), reach.canCompleteNormally(s)));
            return;
        }
        switch (s.getKind()) {
            case BLOCK:
                for (StatementTree inner : ((BlockTree) s).getStatements()) {
                    stmt(inner);
                }
                return;
            case EXPRESSION_STATEMENT:
                expressionStatement(((ExpressionStatementTree) s).getExpression());
                return;
            case THROW: {
                Code c = expr(((ThrowTree) s).getExpression());
                emit(new Instr.Exec(Code.of("throw ", c, ";"), false));
                return;
            }
            case ASSERT:
                assertStatement((com.sun.source.tree.AssertTree) s);
                return;
            case IF:
                ifStatement((IfTree) s);
                return;
            case WHILE_LOOP:
                whileLoop((WhileLoopTree) s);
                return;
            case DO_WHILE_LOOP:
                doWhileLoop((DoWhileLoopTree) s);
                return;
            case FOR_LOOP:
                forLoop((ForLoopTree) s);
                return;
            case ENHANCED_FOR_LOOP:
                enhancedFor((EnhancedForLoopTree) s);
                return;
            case LABELED_STATEMENT:
                labeled((LabeledStatementTree) s);
                return;
            case SWITCH:
                switchStatement((SwitchTree) s);
                return;
            case TRY:
                tryStatement((TryTree) s);
                return;
            case SYNCHRONIZED:
                throw new UnsupportedConstructException(s, "weft.await-in-synchronized",
                        "await inside synchronized would suspend while holding the monitor;"
                                + " use dev.weft.sync.Lock instead");
            default:
                throw new UnsupportedConstructException(s, "weft.unsupported",
                        "await inside " + dev.weft.processor.validation.Messages.article(s.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                                + " statement is not supported");
        }
    }

    /**
     * The code of the task an await suspends on. A call whose inference needs the type the
     * await's position gives it ({@code await(Task.of(Collectors.toMap(...)))}) cannot stand alone
     * in {@code suspendOn(...)}: it is assigned, first, to a local of the task type javac gave it.
     */
    private Code awaitedTask(ExpressionTree arg) {
        return typedTask(arg, expr(arg));
    }

    /**
     * {@code task}, the code of the awaited expression {@code arg}, or a temporary of its type
     * when a poly argument of it needs the type its position gives it.
     */
    private Code typedTask(ExpressionTree arg, Code task) {
        ExpressionTree a = strip(arg);
        TypeMirror type = index.type(arg);
        if (a instanceof MethodInvocationTree && type != null && type.getKind() == TypeKind.DECLARED
                && ((MethodInvocationTree) a).getArguments().stream().anyMatch(this::isPoly)) {
            Var tmp = temp("task", typeText.denotable(type));
            emit(new Instr.Declare(tmp, task, false));
            return Code.var(tmp);
        }
        return task;
    }

    /**
     * {@code awaitedAs(() -> task)}: the value just awaited, typed as javac types
     * {@code await(task)} (the lambda is never called), or null when {@code task} reads a local
     * that cannot be kept in a field for the state where the value is used. The locals it reads
     * become fields. Where that type mentions a class the generated code cannot name, no lambda
     * may have it ({@code lambdaAllowed} false): {@code awaitedLike(false ? task : null)}, never
     * evaluated either.
     */
    private Code typedLikeAwait(Code task, boolean lambdaAllowed) {
        List<Var> read = new ArrayList<>();
        if (!readsOnlyVars(task, read)) {
            return null;
        }
        read.forEach(v -> v.forceField = true);
        return lambdaAllowed ? Code.of("awaitedAs(() -> ", task, ")") : Code.of("awaitedLike(false ? ", task, " : null)");
    }

    /**
     * Whether {@code e}'s type may be a type variable, a capture one included: javac records the
     * capture's bound on the tree ({@code Task<capture of ? extends T>}), so this asks what
     * {@code e} reads or calls, as declared.
     */
    private boolean ofTypeVariable(ExpressionTree e) {
        ExpressionTree a = strip(e);
        if (a instanceof ConditionalExpressionTree) {
            ConditionalExpressionTree c = (ConditionalExpressionTree) a;
            return ofTypeVariable(c.getTrueExpression()) || ofTypeVariable(c.getFalseExpression());
        }
        if (!(a instanceof MethodInvocationTree || a instanceof IdentifierTree || a instanceof MemberSelectTree
                || a instanceof ArrayAccessTree)) {
            return false;
        }
        if (a instanceof ArrayAccessTree) {
            TypeMirror array = index.type(((ArrayAccessTree) a).getExpression());
            return array instanceof javax.lang.model.type.ArrayType
                    && ((javax.lang.model.type.ArrayType) array).getComponentType().getKind() == TypeKind.TYPEVAR;
        }
        javax.lang.model.element.Element el = index.element(a);
        TypeMirror declared = el instanceof javax.lang.model.element.ExecutableElement
                ? ((javax.lang.model.element.ExecutableElement) el).getReturnType()
                : el == null ? null : el.asType();
        return declared != null && declared.getKind() == TypeKind.TYPEVAR;
    }

    /** Collects the lowered variables {@code code} reads; false if it reads another local. */
    private boolean readsOnlyVars(Code code, List<Var> read) {
        for (Object p : code.parts()) {
            if (p instanceof Code.VarRef) {
                read.add(((Code.VarRef) p).var);
            } else if (p instanceof Code.TreeRef) {
                Code.TreeRef r = (Code.TreeRef) p;
                for (Code s : r.substitutions.values()) {
                    if (!readsOnlyVars(s, read)) {
                        return false;
                    }
                }
                boolean[] other = {false};
                new TreeScanner<Void, Void>() {
                    @Override
                    public Void scan(Tree t, Void v) {
                        return t == null || r.substitutions.containsKey(t) ? null : super.scan(t, v);
                    }

                    @Override
                    public Void visitIdentifier(IdentifierTree node, Void v) {
                        Element e = index.element(node);
                        if (e instanceof VariableElement && e.getKind() != ElementKind.FIELD
                                && e.getKind() != ElementKind.ENUM_CONSTANT) {
                            Var var = byElement.get(e);
                            Tree decl = index.trees().getTree(e);
                            if (var != null) {
                                read.add(var);
                            } else if (decl == null || !within(decl, r.tree)) {
                                other[0] = true;
                            }
                        }
                        return null;
                    }
                }.scan(r.tree, null);
                if (other[0]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code e}'s type depends on the type its position gives it (JLS 15.2). */
    private boolean isPoly(ExpressionTree e) {
        ExpressionTree s = strip(e);
        switch (s.getKind()) {
            case LAMBDA_EXPRESSION:
            case MEMBER_REFERENCE:
                return true;
            case CONDITIONAL_EXPRESSION:
                return isPoly(((com.sun.source.tree.ConditionalExpressionTree) s).getTrueExpression())
                        || isPoly(((com.sun.source.tree.ConditionalExpressionTree) s).getFalseExpression());
            case METHOD_INVOCATION: {
                // a generic method whose result mentions its type parameters; not an await, whose
                // value is written with its type (this.<T>awaited())
                Element m = index.element(s);
                if (!(m instanceof ExecutableElement) || awaits.isAwait(s)) {
                    return false;
                }
                ExecutableElement method = (ExecutableElement) m;
                return method.getTypeParameters().stream().anyMatch(p -> mentions(method.getReturnType(), p.asType()));
            }
            case NEW_CLASS: {
                Tree id = ((NewClassTree) s).getIdentifier();
                return id instanceof com.sun.source.tree.ParameterizedTypeTree
                        && ((com.sun.source.tree.ParameterizedTypeTree) id).getTypeArguments().isEmpty();
            }
            default:
                return false;
        }
    }

    /** Whether the type variable {@code v} occurs in {@code type}. */
    private boolean mentions(TypeMirror type, TypeMirror v) {
        switch (type.getKind()) {
            case TYPEVAR:
                return types.isSameType(type, v);
            case ARRAY:
                return mentions(((javax.lang.model.type.ArrayType) type).getComponentType(), v);
            case WILDCARD: {
                javax.lang.model.type.WildcardType w = (javax.lang.model.type.WildcardType) type;
                return (w.getExtendsBound() != null && mentions(w.getExtendsBound(), v))
                        || (w.getSuperBound() != null && mentions(w.getSuperBound(), v));
            }
            case DECLARED:
                return ((javax.lang.model.type.DeclaredType) type).getTypeArguments().stream().anyMatch(a -> mentions(a, v));
            default:
                return false;
        }
    }

    private void expressionStatement(ExpressionTree e) {
        if (awaits.isAwait(e)) {
            Code task = awaitedTask(((MethodInvocationTree) e).getArguments().get(0));
            suspend(task, e);
            emit(new Instr.Exec(Code.of("awaited();"), true));
            return;
        }
        Code c = expr(e);
        emit(new Instr.Exec(Code.of(c, ";"), true));
    }

    private void declare(VariableTree vt) {
        Var v = userVar(vt);
        promoteAnonymousClass(vt, v);
        Code init = null;
        if (vt.getInitializer() != null) {
            init = expr(vt.getInitializer());
            if (init.awaitedType != null && v.declaredType != null
                    && types.isSameType(typeText.boxed(v.type), init.awaitedType)) {
                init = Code.of("awaited()");
            }
        }
        boolean isFinal = vt.getModifiers().getFlags().contains(Modifier.FINAL);
        emit(new Instr.Declare(v, init, isFinal));
    }

    private void returnStatement(ReturnTree r) {
        ExpressionTree e = r.getExpression();
        if (JumpContext.innermostFinally(ctx) != null) {
            // JLS 14.17, 14.20.2: the value is computed first, then the finally blocks run
            Label to;
            if (awaits.isTaskOf(e)) {
                Var slot = valueSlot();
                Code v = expr(((MethodInvocationTree) e).getArguments().get(0));
                emit(new Instr.Assign(slot, plainAwaited(v, slot)));
                to = returnSlot.valueLabel;
            } else if (awaits.isTaskDone(e)) {
                emit(new Instr.Assign(valueSlot(), Code.of("null")));
                to = returnSlot.valueLabel;
            } else {
                Var slot = taskSlot();
                emit(new Instr.Assign(slot, plainAwaited(expr(e), slot)));
                to = returnSlot.taskLabel;
            }
            routeTo(null, to);
            return;
        }
        if (awaits.isTaskOf(e)) {
            Code v = expr(((MethodInvocationTree) e).getArguments().get(0));
            if (v.awaitedType != null) {
                v = Code.of("awaited()");
            }
            emit(new Instr.Return(v, false));
        } else if (awaits.isTaskDone(e)) {
            emit(new Instr.Return(null, false));
        } else {
            emit(new Instr.Return(expr(e), true));
        }
    }

    private void jump(StatementTree j) {
        Tree target = reach.target(j);
        JumpContext f = JumpContext.find(ctx, target);
        if (f == null) {
            throw new IllegalStateException("no lowered target for " + j);
        }
        routeTo(f, j.getKind() == Tree.Kind.BREAK ? f.breakTo : f.continueTo);
    }

    /** Jumps to {@code to} of frame {@code until}, through the finally blocks in between. */
    private void routeTo(JumpContext until, Label to) {
        JumpContext.Route route = JumpContext.route(ctx, until, to);
        for (Code c : route.assignments) {
            emit(new Instr.Exec(c, true));
        }
        emit(new Instr.Jump(route.first));
    }

    private void yieldStatement(YieldTree y) {
        JumpContext f = JumpContext.innermostSwitchExpression(ctx);
        if (f == null) {
            throw new IllegalStateException("yield outside a lowered switch expression");
        }
        Code v = expr(y.getValue());
        emit(new Instr.Assign(f.result, plainAwaited(v, f.result)));
        routeTo(f, f.breakTo);
    }

    private Code plainAwaited(Code v, Var target) {
        if (v.awaitedType != null && types.isSameType(typeText.boxed(target.type), v.awaitedType)) {
            return Code.of("awaited()");
        }
        return v;
    }

    private void suspend(Code task, Tree at) {
        Label resume = newLabel();
        emit(new Instr.Suspend(task, resume));
        mark(resume, at);
    }

    private static ExpressionTree strip(ExpressionTree e) {
        while (e instanceof ParenthesizedTree) {
            e = ((ParenthesizedTree) e).getExpression();
        }
        return e;
    }

    /** The negation of a condition, written without double negatives where that is easy. */
    private Code negate(Code c, ExpressionTree tree) {
        if (c.asVar() != null) {
            return Code.of("!", c);
        }
        if (c.asPlainTree() == tree && tree.getKind() == Tree.Kind.LOGICAL_COMPLEMENT) {
            ExpressionTree inner = ((UnaryTree) tree).getExpression();
            return copy(inner);
        }
        if (isPrimary(tree)) {
            return Code.of("!", c);
        }
        return Code.of("!(", c, ")");
    }

    private static boolean isPrimary(ExpressionTree t) {
        switch (t.getKind()) {
            case IDENTIFIER: case MEMBER_SELECT: case METHOD_INVOCATION: case PARENTHESIZED:
            case ARRAY_ACCESS: case BOOLEAN_LITERAL:
                return true;
            default:
                return false;
        }
    }

    private void ifStatement(IfTree t) {
        ExpressionTree cond = strip(t.getCondition());
        Code c = expr(cond);
        StatementTree then = t.getThenStatement();
        StatementTree otherwise = t.getElseStatement();
        if (!awaits.contains(then) && !awaits.contains(otherwise)) {
            emit(new Instr.Exec(subst(t, Map.of(cond, c)), reach.canCompleteNormally(t)));
            return;
        }
        Label end = newLabel();
        Label elseLabel = otherwise != null ? newLabel() : end;
        emit(new Instr.JumpIf(negate(c, cond), elseLabel));
        stmt(then);
        if (otherwise != null) {
            emit(new Instr.Jump(end));
            mark(elseLabel, otherwise);
            stmt(otherwise);
        }
        mark(end, null);
    }

    /**
     * {@code assert c : d;} with an await in it, as JLS 14.10 defines it: nothing is evaluated
     * when assertions are disabled for the user's class (the top-level class decides, as javac
     * compiles it), else {@code c}, then {@code d} only if {@code c} is false.
     */
    private void assertStatement(com.sun.source.tree.AssertTree t) {
        Label end = newLabel();
        Element top = index.element(index.method()).getEnclosingElement();
        while (top.getEnclosingElement() instanceof TypeElement) {
            top = top.getEnclosingElement();
        }
        emit(new Instr.JumpIf(Code.of("!" + typeText.name((TypeElement) top) + ".class.desiredAssertionStatus()"), end));
        ExpressionTree cond = strip(t.getCondition());
        emit(new Instr.JumpIf(expr(cond), end));
        Code detail = t.getDetail() == null ? Code.of("") : expr(t.getDetail());
        emit(new Instr.Exec(Code.of("throw new " + typeText.javaLang("AssertionError") + "(", detail, ");"), false));
        mark(end, null);
    }

    private void whileLoop(WhileLoopTree t) {
        Label head = newLabel();
        Label end = newLabel();
        mark(head, t);
        ExpressionTree cond = strip(t.getCondition());
        if (!reach.isConstantTrue(cond)) {
            Code c = expr(cond);
            emit(new Instr.JumpIf(negate(c, cond), end));
        }
        push(JumpContext.Kind.LOOP, t, end, head, null);
        stmt(t.getStatement());
        emit(new Instr.Jump(head));
        pop();
        mark(end, null);
    }

    private void doWhileLoop(DoWhileLoopTree t) {
        Label top = newLabel();
        Label cont = newLabel();
        Label end = newLabel();
        mark(top, t);
        push(JumpContext.Kind.LOOP, t, end, cont, null);
        stmt(t.getStatement());
        pop();
        mark(cont, t.getCondition());
        ExpressionTree cond = strip(t.getCondition());
        if (reach.isConstantTrue(cond)) {
            emit(new Instr.Jump(top));
        } else {
            Code c = expr(cond);
            emit(new Instr.JumpIf(c, top));
        }
        mark(end, null);
    }

    private void forLoop(ForLoopTree t) {
        for (StatementTree init : t.getInitializer()) {
            if (init instanceof ExpressionStatementTree) {
                forClause((ExpressionStatementTree) init);
            } else {
                stmt(init);
            }
        }
        Label head = newLabel();
        Label cont = newLabel();
        Label end = newLabel();
        mark(head, t);
        ExpressionTree cond = t.getCondition() == null ? null : strip(t.getCondition());
        if (cond != null && !reach.isConstantTrue(cond)) {
            Code c = expr(cond);
            emit(new Instr.JumpIf(negate(c, cond), end));
        }
        push(JumpContext.Kind.LOOP, t, end, cont, null);
        stmt(t.getStatement());
        pop();
        mark(cont, t);
        for (ExpressionStatementTree u : t.getUpdate()) {
            forClause(u);
        }
        emit(new Instr.Jump(head));
        mark(end, null);
    }

    /** An init or update expression of a for loop: a statement without its semicolon. */
    private void forClause(ExpressionStatementTree s) {
        emit(new Instr.Line(s));
        if (awaits.contains(s)) {
            expressionStatement(s.getExpression());
        } else {
            emit(new Instr.Exec(Code.of(copy(s.getExpression()), ";"), true));
        }
    }

    private void enhancedFor(EnhancedForLoopTree t) {
        VariableTree v = t.getVariable();
        ExpressionTree ex = t.getExpression();
        if (!awaits.contains(t.getStatement())) {
            // only the iterated expression awaits: evaluate it, then copy the loop as written
            Code c = expr(ex);
            emit(new Instr.Exec(subst(labeled(t), Map.of(ex, c)), true));
            return;
        }
        Var loopVar = userVar(v);
        boolean isFinal = v.getModifiers().getFlags().contains(Modifier.FINAL);
        TypeMirror exType = index.type(ex);
        Code exCode = expr(ex);
        Label head = newLabel();
        Label end = newLabel();
        String base = v.getName().toString();
        if (exType.getKind() == TypeKind.ARRAY) {
            Var array = temp(base + "Array", exType);
            Var i = temp(base + "Index", intType());
            emit(new Instr.Declare(array, exCode, false));
            emit(new Instr.Declare(i, Code.of("0"), false));
            mark(head, t);
            emit(new Instr.JumpIf(Code.of(Code.var(i), " >= ", Code.var(array), ".length"), end));
            emit(new Instr.Declare(loopVar, Code.of(Code.var(array), "[", Code.var(i), "++]"), isFinal));
        } else {
            Var it = temp(base + "Iterator", iteratorType(exType, loopVar.type));
            Code receiver = isPrimary(strip(ex)) || exCode.asVar() != null ? exCode : Code.of("(", exCode, ")");
            emit(new Instr.Declare(it, Code.of(receiver, ".iterator()"), false));
            mark(head, t);
            emit(new Instr.JumpIf(Code.of("!", Code.var(it), ".hasNext()"), end));
            emit(new Instr.Declare(loopVar, Code.of(Code.var(it), ".next()"), isFinal));
        }
        push(JumpContext.Kind.LOOP, t, end, head, null);
        stmt(t.getStatement());
        emit(new Instr.Jump(head));
        pop();
        mark(end, null);
    }

    private TypeMirror iteratorType(TypeMirror iterable, TypeMirror element) {
        TypeElement iterator = elements.getTypeElement("java.util.Iterator");
        TypeMirror arg = iterableArgument(iterable, 0);
        if (arg == null || arg.getKind() == TypeKind.WILDCARD
                || arg.toString().startsWith("capture#") || arg.getKind() == TypeKind.ERROR) {
            arg = types.getWildcardType(typeText.boxed(element), null);
        }
        return types.getDeclaredType(iterator, arg);
    }

    private TypeMirror iterableArgument(TypeMirror t, int depth) {
        if (depth > 20 || t == null) {
            return null;
        }
        if (t.getKind() == TypeKind.TYPEVAR) {
            return iterableArgument(((TypeVariable) t).getUpperBound(), depth + 1);
        }
        if (t.getKind() == TypeKind.INTERSECTION) {
            for (TypeMirror b : ((javax.lang.model.type.IntersectionType) t).getBounds()) {
                TypeMirror r = iterableArgument(b, depth + 1);
                if (r != null) {
                    return r;
                }
            }
            return null;
        }
        if (t.getKind() != TypeKind.DECLARED) {
            return null;
        }
        DeclaredType d = (DeclaredType) t;
        if (((TypeElement) d.asElement()).getQualifiedName().contentEquals("java.lang.Iterable")) {
            return d.getTypeArguments().isEmpty() ? null : d.getTypeArguments().get(0);
        }
        for (TypeMirror s : types.directSupertypes(t)) {
            TypeMirror r = iterableArgument(s, depth + 1);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private void labeled(LabeledStatementTree t) {
        StatementTree inner = t.getStatement();
        if (Reachability.isLoop(inner) || inner.getKind() == Tree.Kind.SWITCH) {
            stmt(inner); // the loop or switch picks up its label
            return;
        }
        Label end = newLabel();
        ctx = new JumpContext(JumpContext.Kind.LABELED, t, t, end, null, null, ctx);
        stmt(inner);
        pop();
        mark(end, null);
    }

    private void switchStatement(SwitchTree t) {
        ExpressionTree sel = strip(t.getExpression());
        Code selCode = expr(sel);
        boolean casesAwait = false;
        for (CaseTree c : t.getCases()) {
            casesAwait |= awaits.contains(c);
        }
        if (!casesAwait) {
            emit(new Instr.Exec(subst(labeled(t), Map.of(sel, selCode)), reach.canCompleteNormally(t)));
            return;
        }
        Label end = newLabel();
        List<Label> labels = dispatch(t, t.getCases(), selCode, end, false);
        push(JumpContext.Kind.SWITCH, t, end, null, null);
        List<? extends CaseTree> cases = t.getCases();
        for (int i = 0; i < cases.size(); i++) {
            CaseTree c = cases.get(i);
            mark(labels.get(i), c);
            if (SwitchSupport.isRule(c)) {
                Tree body = SwitchSupport.body(c);
                if (body instanceof StatementTree) {
                    stmt((StatementTree) body);
                } else {
                    emit(new Instr.Line(body));
                    expressionStatement((ExpressionTree) body);
                }
                emit(new Instr.Jump(end));
            } else {
                for (StatementTree s : c.getStatements()) {
                    stmt(s);
                }
            }
        }
        pop();
        mark(end, null);
    }

    /** Emits the dispatch switch; returns the label of each case, in order. */
    private List<Label> dispatch(Tree sw, List<? extends CaseTree> cases, Code selector, Label end,
            boolean exhaustive) {
        List<Label> labels = new ArrayList<>();
        List<Instr.Arm> arms = new ArrayList<>();
        // An enhanced switch (patterns, null, guards) is exhaustive as written, and a default of
        // weft's could clash with an unconditional pattern: its dispatch has only the user's labels,
        // in their order, so that dominance, guards and exhaustiveness stay javac's.
        boolean enhanced = cases.stream().anyMatch(SwitchSupport::hasPatterns);
        Label otherwise = exhaustive || enhanced ? null : end;
        for (CaseTree c : cases) {
            ExpressionTree guard = SwitchSupport.guard(c);
            if (guard != null && awaits.contains(guard)) {
                throw new UnsupportedConstructException(awaits.first(guard), "weft.unsupported",
                        "await inside a case guard ('when') is not supported;"
                                + " await before the switch, or inside the case");
            }
            Label l = newLabel();
            labels.add(l);
            List<Code> labelCodes = new ArrayList<>();
            for (Tree e : enhanced ? SwitchSupport.nonDefaultLabels(c) : SwitchSupport.expressions(c)) {
                labelCodes.add(copy(e));
            }
            boolean isDefault = SwitchSupport.isDefault(c);
            if (isDefault) {
                otherwise = l;
            }
            if (!isDefault || !labelCodes.isEmpty()) { // case null, default: its null label is an arm
                arms.add(new Instr.Arm(labelCodes, guard == null ? null : copy(guard), l));
            }
        }
        emit(new Instr.Dispatch(selector, arms, otherwise, enhanced));
        return labels;
    }

    // ---------------------------------------------------------------- try

    private Var valueSlot() {
        if (returnSlot.value == null) {
            returnSlot.value = temp("result", resultType());
            returnSlot.value.forceField = true;
            returnSlot.valueLabel = newLabel();
        }
        return returnSlot.value;
    }

    private Var taskSlot() {
        if (returnSlot.task == null) {
            returnSlot.task = temp("resultTask", returnType);
            returnSlot.task.forceField = true;
            returnSlot.taskLabel = newLabel();
        }
        return returnSlot.task;
    }

    /** The {@code T} of the method's {@code Task<T>}. */
    private TypeMirror resultType() {
        if (returnType instanceof DeclaredType && !((DeclaredType) returnType).getTypeArguments().isEmpty()) {
            TypeMirror arg = ((DeclaredType) returnType).getTypeArguments().get(0);
            if (arg.getKind() == TypeKind.WILDCARD) {
                TypeMirror bound = ((javax.lang.model.type.WildcardType) arg).getExtendsBound();
                return bound != null ? bound : elements.getTypeElement("java.lang.Object").asType();
            }
            return arg;
        }
        return elements.getTypeElement("java.lang.Object").asType();
    }

    /** Where returns that ran finally blocks first complete the method (outside every try). */
    private void returnStates() {
        Region saved = region;
        region = null;
        emit(new Instr.Line(null));
        if (returnSlot.valueLabel != null) {
            mark(returnSlot.valueLabel, null);
            emit(new Instr.Exec(Code.of("// return the value kept while the finally blocks ran"), true));
            emit(new Instr.Return(Code.var(returnSlot.value), false));
        }
        if (returnSlot.taskLabel != null) {
            mark(returnSlot.taskLabel, null);
            emit(new Instr.Exec(Code.of("// return the task kept while the finally blocks ran"), true));
            emit(new Instr.Return(Code.var(returnSlot.task), true));
        }
        region = saved;
    }

    private TypeMirror throwableType() {
        return elements.getTypeElement("java.lang.Throwable").asType();
    }

    private Var caught() {
        if (caught == null) {
            caught = temp("caught", throwableType());
            caught.forceField = true;
        }
        return caught;
    }

    /**
     * A local class (record, enum, interface) at the top level of a lowered statement list. One
     * that captures no local variable moves to the start of {@code resume()}, declared once for
     * every state, so that code after an await still sees it. One that captures locals stays
     * where it is, which is right only when no await follows it in its block.
     */
    private void localClass(ClassTree c) {
        String captured = capturedLocal(c);
        String name = c.getSimpleName().toString();
        boolean unique = !memberClassNameTaken(name);
        if (captured == null && unique) {
            localClasses.add(c);
            return;
        }
        List<Var> captures = capturedVars(c);
        if (captures != null && awaitFollows(c)) {
            // it moves to the state machine too; if another local class of the method has its name
            // and moved already, under a name of its own, and every use of it is renamed
            if (!unique) {
                TypeElement type = (TypeElement) index.element(c);
                String renamed = freeMemberClassName(name);
                renamedLocalClasses.put(type, renamed);
                typeText.name(type, renamed);
            }
            moveToStateMachine(c, captures);
            return;
        }
        if (awaitFollows(c)) {
            throw new UnsupportedConstructException(c, "weft.local-class", "local class " + name
                    + (captured == null ? " has the name of another local class of this method"
                            : " captures the local variable " + captured)
                    + " and an await follows it, so the code after the await cannot see it; "
                    + (captured == null ? "rename one of them" : "pass " + captured
                            + " to its constructor instead of capturing it")
                    + ", or declare it as a member class");
        }
        emit(new Instr.Line(c));
        emit(new Instr.Exec(copy(c), true));
    }

    /**
     * A {@code var} initialized with an anonymous class ({@code var counter = new Object() { int
     * n; }}, or {@code b ? new Object() { ... } : null}) in a lowered statement list: its field would have to name the anonymous class, and
     * its later uses may need the class's own members, so the class becomes a member class of
     * the state machine, {@code Anonymous$counter}, that copies what it captures as a moved local
     * class does. Left as written when it captures something no field holds, or is created
     * through an outer instance ({@code outer.new Inner() { }}); the validator then says why.
     */
    private void promoteAnonymousClass(VariableTree vt, Var v) {
        if (vt.getInitializer() == null || !(v.type instanceof DeclaredType)) {
            return;
        }
        TypeElement anonymous = (TypeElement) ((DeclaredType) v.type).asElement();
        if (anonymous.getNestingKind() != javax.lang.model.element.NestingKind.ANONYMOUS) {
            return;
        }
        // the creation of that class: the initializer, or inside it (b ? new T() { ... } : null)
        NewClassTree[] found = {null};
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitNewClass(NewClassTree node, Void x) {
                if (node.getClassBody() != null && anonymous.equals(index.element(node.getClassBody()))) {
                    found[0] = node;
                }
                return super.visitNewClass(node, x);
            }
        }.scan(vt.getInitializer(), null);
        NewClassTree creation = found[0];
        if (creation == null || creation.getEnclosingExpression() != null) {
            return;
        }
        ClassTree body = creation.getClassBody();
        List<Var> captures = capturedVars(body);
        TypeMirror superclass = anonymous.getSuperclass();
        List<? extends TypeMirror> interfaces = anonymous.getInterfaces();
        TypeMirror supertype = interfaces.isEmpty() ? superclass : interfaces.get(0);
        if (captures == null || TypeText.mentionsCapture(supertype)) {
            return;
        }
        String name = freeMemberClassName("Anonymous$" + v.element().getSimpleName());
        anonymousClasses.put(body, new LoweredMethod.AnonymousClass(name, anonymous));
        typeText.name(anonymous, name);
        moveToStateMachine(body, captures);
    }

    /**
     * Moves class {@code c} (a local class, or an anonymous class's body) to the state machine as
     * a member class: the locals it captures live in fields, and each instance copies them when it
     * is created, as a capture would.
     */
    private void moveToStateMachine(ClassTree c, List<Var> captures) {
        rejectCapturesAMovedClassCannotKeep(c, captures);
        captures.forEach(v -> v.forceField = true);
        localClasses.add(c);
        localClassCaptures.put(c, captures);
    }

    /**
     * A moved class's copies of its captures are fields, set after its constructor's {@code
     * super(...)} or {@code this(...)}, where javac's hidden constructor parameters are set before:
     * a capture passed there is said at the class, with the way round.
     */
    private void rejectCapturesAMovedClassCannotKeep(ClassTree c, List<Var> captures) {
        if (captures.isEmpty()) {
            return;
        }
        IdentifierTree[] passed = {null};
        new TreeScanner<Void, Void>() {
            private int explicitConstructorCalls;

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void x) {
                ExpressionTree select = node.getMethodSelect();
                boolean constructorCall = select instanceof IdentifierTree
                        && (((IdentifierTree) select).getName().contentEquals("super")
                                || ((IdentifierTree) select).getName().contentEquals("this"));
                explicitConstructorCalls += constructorCall ? 1 : 0;
                super.visitMethodInvocation(node, x);
                explicitConstructorCalls -= constructorCall ? 1 : 0;
                return null;
            }

            @Override
            public Void visitIdentifier(IdentifierTree node, Void x) {
                if (passed[0] == null && explicitConstructorCalls > 0 && captures.contains(byElement.get(index.element(node)))) {
                    passed[0] = node;
                }
                return null;
            }
        }.scan(c, null);
        if (passed[0] != null) {
            String name = passed[0].getName().toString();
            throw new UnsupportedConstructException(c, "weft.local-class", "local class " + c.getSimpleName()
                    + " lives across an await, so it becomes a member class of the state machine that copies what"
                    + " it captures, and it passes the captured " + name + " to its superclass's (or another)"
                    + " constructor, which runs before the class's copy of " + name + " is set; take " + name
                    + " as a constructor parameter instead");
        }
    }

    /** {@code base}, or {@code base$2}, {@code base$3}...: the first no moved class has yet. */
    private String freeMemberClassName(String base) {
        String name = base;
        for (int n = 2; memberClassNameTaken(name); n++) {
            name = base + "$" + n;
        }
        return name;
    }

    /** Whether a class that moved to the state machine already has the name {@code name}. */
    private boolean memberClassNameTaken(String name) {
        return localClasses.stream().anyMatch(c -> c.getSimpleName().contentEquals(name))
                || renamedLocalClasses.containsValue(name)
                || anonymousClasses.values().stream().anyMatch(a -> a.name().equals(name));
    }

    /** Whether an await follows {@code c} in the statements of its block. */
    private boolean awaitFollows(ClassTree c) {
        Tree parent = index.parent(c);
        List<? extends StatementTree> siblings = parent instanceof BlockTree ? ((BlockTree) parent).getStatements()
                : parent instanceof CaseTree ? ((CaseTree) parent).getStatements() : List.of();
        for (int i = siblings.indexOf(c) + 1; i < siblings.size() && i > 0; i++) {
            if (awaits.contains(siblings.get(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The lowered variables {@code c} captures, or null when it captures something else too (a
     * local of copied code, a pattern variable, another local class).
     */
    private List<Var> capturedVars(ClassTree c) {
        List<Var> found = new ArrayList<>();
        boolean[] other = {false};
        new com.sun.source.util.TreeScanner<Void, Void>() {
            @Override
            public Void visitIdentifier(IdentifierTree node, Void v) {
                Element e = index.element(node);
                boolean localType = (e != null && (e.getKind().isClass() || e.getKind().isInterface()))
                        && ((javax.lang.model.element.TypeElement) e).getNestingKind()
                                == javax.lang.model.element.NestingKind.LOCAL;
                if (e == null || (e.getKind() != ElementKind.LOCAL_VARIABLE && e.getKind() != ElementKind.PARAMETER
                        && e.getKind() != ElementKind.EXCEPTION_PARAMETER && e.getKind() != ElementKind.RESOURCE_VARIABLE
                        && !e.getKind().name().equals("BINDING_VARIABLE") && !localType)) {
                    return null; // not a local: a member, a type of the class path...
                }
                Tree decl = index.trees().getTree(e);
                if (decl != null && (within(decl, c) || localType && localClasses.contains(decl))) {
                    return null; // its own, or a local class that moved to the state machine already
                }
                Var var = byElement.get(e);
                if (var == null && e.getKind().name().equals("BINDING_VARIABLE")) {
                    // a pattern variable: it will live in a field, matched into by the pattern
                    VariableElement binding = (VariableElement) e;
                    var = new Var(binding, binding.getSimpleName().toString(), binding.asType(), null, false, false);
                    vars.add(var);
                    byElement.put(binding, var);
                }
                if (var == null) {
                    other[0] = true;
                } else if (!found.contains(var)) {
                    found.add(var);
                }
                return null;
            }
        }.scan(c, null);
        return other[0] ? null : found;
    }

    /** The first local variable of the method that {@code c} uses, or null. */
    private String capturedLocal(ClassTree c) {
        String[] found = {null};
        new com.sun.source.util.TreeScanner<Void, Void>() {
            @Override
            public Void visitIdentifier(IdentifierTree node, Void v) {
                Element e = index.element(node);
                if (found[0] == null && e != null && (e.getKind() == ElementKind.LOCAL_VARIABLE
                        || e.getKind() == ElementKind.PARAMETER || e.getKind() == ElementKind.EXCEPTION_PARAMETER
                        || e.getKind() == ElementKind.RESOURCE_VARIABLE
                        || e.getKind().name().equals("BINDING_VARIABLE")
                        || ((e.getKind().isClass() || e.getKind().isInterface())
                                && ((javax.lang.model.element.TypeElement) e).getNestingKind()
                                        == javax.lang.model.element.NestingKind.LOCAL))) {
                    Tree decl = index.trees().getTree(e);
                    if (decl == null || !within(decl, c)) {
                        found[0] = node.getName().toString();
                    }
                }
                return null;
            }
        }.scan(c, null);
        return found[0];
    }

    private boolean within(Tree t, Tree root) {
        for (Tree p = t; p != null; p = index.parent(p)) {
            if (p == root) {
                return true;
            }
        }
        return false;
    }

    private void statements(BlockTree b) {
        for (StatementTree s : b.getStatements()) {
            stmt(s);
        }
    }

    /**
     * A try statement with an await inside (JLS 14.20): its try block, catch clauses and finally
     * become states; the exception table sends an exception thrown in a state of the try block
     * to the first catch clause that matches, else (or from a catch clause) to the finally with
     * the exception in its record. A try-with-resources is first translated as JLS 14.20.3 says:
     * the resources, each closed by its own finally, inside a try with the catches and finally.
     */
    private void tryStatement(TryTree t) {
        if (t.getResources().isEmpty()) {
            tryParts(t, () -> statements(t.getBlock()));
        } else if (t.getCatches().isEmpty() && t.getFinallyBlock() == null) {
            resource(t, 0);
        } else {
            tryParts(t, () -> resource(t, 0));
        }
    }

    private Handler withFinally(Handler h, Tree at, boolean completes) {
        h.finallyLabel = newLabel();
        h.rethrow = newLabel();
        h.finallyCompletes = completes;
        h.next = temp("finallyNext", types.getPrimitiveType(TypeKind.SHORT)); // a state, as Coroutine.state
        h.next.forceField = true;
        h.thrown = temp(h.resource ? "primary" : "finallyThrown", throwableType());
        h.thrown.forceField = true;
        return h;
    }

    /** Leaves the try block or a catch clause normally: to the finally, or past the statement. */
    private void leaveNormally(Handler h, Label end) {
        if (h.finallyLabel == null) {
            emit(new Instr.Jump(end));
            return;
        }
        if (h.resource) {
            emit(new Instr.Exec(Code.of(Code.var(h.thrown), " = null;"), true));
        }
        if (h.finallyCompletes) {
            emit(new Instr.Exec(Code.of(Code.var(h.next), " = ", new Code.LabelRef(end), ";"), true));
        }
        emit(new Instr.Jump(h.finallyLabel));
    }

    /**
     * Starts the code of the current region: a new state, or the labels just marked when no code
     * runs between them and here (a try at the start of a loop body or of the method needs no
     * state of its own before it).
     */
    private void enterRegion(Tree at) {
        int i = out.size() - 1;
        while (i >= 0 && out.get(i) instanceof Instr.Line) {
            i--;
        }
        if (i >= 0 && out.get(i) instanceof Instr.Mark) {
            for (; i >= 0 && (out.get(i) instanceof Instr.Mark || out.get(i) instanceof Instr.Line); i--) {
                if (out.get(i) instanceof Instr.Mark) {
                    ((Instr.Mark) out.get(i)).label.region = region;
                }
            }
            if (at != null) {
                emit(new Instr.Line(at));
            }
            return;
        }
        mark(newLabel(), at);
    }

    private void tryParts(TryTree t, Runnable body) {
        Handler h = new Handler(t);
        BlockTree fin = t.getFinallyBlock();
        if (fin != null) {
            withFinally(h, fin, reach.canCompleteNormally(fin));
        }
        List<Label> catchLabels = new ArrayList<>();
        for (CatchTree c : t.getCatches()) {
            Label l = newLabel();
            catchLabels.add(l);
            Tree type = c.getParameter().getType();
            List<Code> typeCodes = new ArrayList<>();
            if (type instanceof UnionTypeTree) {
                for (Tree alt : ((UnionTypeTree) type).getTypeAlternatives()) {
                    typeCodes.add(copy(alt));
                }
            } else {
                typeCodes.add(copy(type));
            }
            TypeMirror caughtType = index.type(type);
            boolean all = caughtType != null && typeCodes.size() == 1
                    && typeCodes.get(0).asPlainTree() != null
                    && types.isSameType(caughtType, throwableType());
            h.arms.add(new Handler.Arm(typeCodes, all, l));
            caught(); // the exception table hands the exception over in it
        }
        Region outerRegion = region;
        Label end = newLabel();
        JumpContext saved = ctx;
        if (fin != null) {
            ctx = new JumpContext(JumpContext.Kind.FINALLY, t, null, null, null, null, h, returnSlot, ctx);
        }
        region = new Region(h, Region.Part.TRY, outerRegion);
        enterRegion(t.getResources().isEmpty() ? t : null);
        body.run();
        leaveNormally(h, end);
        region = new Region(h, Region.Part.CATCH, outerRegion);
        for (int i = 0; i < t.getCatches().size(); i++) {
            CatchTree c = t.getCatches().get(i);
            mark(catchLabels.get(i), c);
            catchParameter(c);
            statements(c.getBlock());
            leaveNormally(h, end);
        }
        region = outerRegion;
        ctx = saved;
        if (fin != null) {
            mark(h.finallyLabel, fin);
            statements(fin);
            emit(new Instr.JumpVia(h.next));
            mark(h.rethrow, fin);
            emit(new Instr.Exec(Code.of("throw ", Code.var(h.thrown), ";"), false));
        }
        mark(end, null);
    }

    /** An unnamed variable of Java 22 ({@code _}): nothing can refer to it. */
    private static boolean isUnnamed(String name) {
        return name.isEmpty() || name.equals("_");
    }

    private void catchParameter(CatchTree c) {
        VariableTree p = c.getParameter();
        if (isUnnamed(p.getName().toString())) {
            emit(new Instr.Line(c));
            return;
        }
        VariableElement e = (VariableElement) index.element(p);
        Tree type = p.getType();
        Var v;
        Code cast;
        if (type instanceof UnionTypeTree) {
            TypeMirror lub = commonSuperclass((UnionType) e.asType());
            v = new Var(e, e.getSimpleName().toString(), lub, null, false, false);
            cast = Code.of("(" + typeText.of(lub) + ") ");
        } else {
            v = new Var(e, e.getSimpleName().toString(), e.asType(), copy(type), false, false);
            cast = types.isSameType(e.asType(), throwableType()) ? Code.of() : Code.of("(", copy(type), ") ");
        }
        vars.add(v);
        byElement.put(e, v);
        emit(new Instr.Line(c));
        emit(new Instr.Declare(v, Code.of(cast, Code.var(caught())), p.getModifiers().getFlags().contains(Modifier.FINAL)));
    }

    /** The most specific class every alternative of a multi-catch extends (JLS 14.20: lub). */
    private TypeMirror commonSuperclass(UnionType u) {
        List<? extends TypeMirror> alts = u.getAlternatives();
        TypeMirror candidate = alts.get(0);
        while (candidate.getKind() == TypeKind.DECLARED) {
            boolean all = true;
            for (TypeMirror a : alts) {
                all &= types.isSubtype(a, candidate);
            }
            if (all) {
                return candidate;
            }
            TypeMirror sup = ((TypeElement) ((DeclaredType) candidate).asElement()).getSuperclass();
            if (sup.getKind() != TypeKind.DECLARED) {
                break;
            }
            candidate = sup;
        }
        return throwableType();
    }

    /**
     * Resource {@code i} of a try-with-resources and everything after it (JLS 14.20.3.1): the
     * resource is initialized outside its own try, and its finally closes it, adding a close
     * failure to the pending exception as suppressed.
     */
    private void resource(TryTree t, int i) {
        Tree r = t.getResources().get(i);
        emit(new Instr.Line(i == 0 && t.getCatches().isEmpty() && t.getFinallyBlock() == null ? t : r));
        Code target;
        if (r instanceof VariableTree && isUnnamed(((VariableTree) r).getName().toString())) {
            // try (var _ = ...): the resource still needs a name to be closed by
            VariableTree vt = (VariableTree) r;
            Var tmp = temp("resource", typeText.denotable(index.element(vt).asType()));
            emit(new Instr.Declare(tmp, expr(vt.getInitializer()), true));
            target = Code.var(tmp);
        } else if (r instanceof VariableTree) {
            declare((VariableTree) r);
            target = Code.var(userVar((VariableTree) r));
        } else {
            ExpressionTree ex = (ExpressionTree) r;
            Element el = index.element(strip(ex));
            Var known = el instanceof VariableElement ? byElement.get(el) : null;
            if (known != null) {
                target = Code.var(known);
            } else {
                String base = el != null ? el.getSimpleName().toString() : "resource";
                Var tmp = temp(base, typeText.denotable(index.type(ex)));
                emit(new Instr.Declare(tmp, expr(ex), true));
                target = Code.var(tmp);
            }
        }
        Handler h = new Handler(r);
        h.resource = true;
        withFinally(h, r, true);
        Region outerRegion = region;
        Label end = newLabel();
        JumpContext saved = ctx;
        ctx = new JumpContext(JumpContext.Kind.FINALLY, r, null, null, null, null, h, returnSlot, ctx);
        region = new Region(h, Region.Part.TRY, outerRegion);
        enterRegion(null);
        if (i + 1 < t.getResources().size()) {
            resource(t, i + 1);
        } else {
            statements(t.getBlock());
        }
        leaveNormally(h, end);
        region = outerRegion;
        ctx = saved;
        mark(h.finallyLabel, r);
        Code thrown = Code.var(h.thrown);
        emit(new Instr.Exec(Code.of(
                "if (", target, " != null) {\n",
                "    if (", thrown, " != null) {\n",
                "        try {\n",
                "            ", target, ".close();\n",
                "        } catch (" + typeText.javaLang("Throwable") + " closeFailure) {\n",
                "            ", thrown, ".addSuppressed(closeFailure);\n",
                "        }\n",
                "    } else {\n",
                "        ", target, ".close();\n",
                "    }\n",
                "}"), true));
        emit(new Instr.JumpVia(h.next));
        mark(h.rethrow, r);
        emit(new Instr.Exec(Code.of("throw ", thrown, ";"), false));
        mark(end, null);
    }

    // ---------------------------------------------------------------- expressions

    /**
     * Lowers {@code e}: emits what must run before its value is available and returns the code
     * that gives the value. Without an await, {@code e} is copied as written.
     */
    Code expr(ExpressionTree e) {
        if (!awaits.contains(e)) {
            return copy(e);
        }
        switch (e.getKind()) {
            case PARENTHESIZED:
                return rebuild(e, List.of(((ParenthesizedTree) e).getExpression()));
            case METHOD_INVOCATION: {
                MethodInvocationTree m = (MethodInvocationTree) e;
                if (awaits.isAwait(m)) {
                    Code taskCode = expr(m.getArguments().get(0));
                    Code task = typedTask(m.getArguments().get(0), taskCode);
                    suspend(task, e);
                    TypeMirror argType = index.type(m.getArguments().get(0));
                    if (argType != null && argType.getKind() == TypeKind.ERROR) {
                        // a task of a Foo_Async written in this round: javac cannot type it yet,
                        // so let the target type infer the value's
                        return Code.of("awaited()");
                    }
                    // a task whose type is a type variable (tasks.get(i) of a List<? extends
                    // Task<? extends T>>, a capture): a lambda returning it is no AwaitedTask<V>
                    // to javac, while an argument of it is typed as in the original await(...)
                    boolean lambdaTypes = !ofTypeVariable(m.getArguments().get(0));
                    TypeMirror valueType = index.type(m);
                    Code witness = TypeText.mentionsCapture(valueType) || TypeText.mentionsIntersection(valueType)
                            ? typedLikeAwait(taskCode, lambdaTypes) : null;
                    if (witness != null) {
                        // a value of a capture type, or one with an intersection in it (the lub of
                        // a List.of("a", new StringBuilder())), which no type Java can write would
                        // keep: typed as javac typed the original await(...), by the awaited
                        // expression in a lambda never called
                        return witness;
                    }
                    if (TypeText.hasNestedCapture(index.type(m)) && index.parent(e) instanceof MethodInvocationTree) {
                        // a value of a capture type (Iterator<Entry<capture of ?, ...>>) that a
                        // generic call infers from: no type Java can write would do, its target will
                        return Code.of("awaited()");
                    }
                    TypeMirror type = typeText.denotable(index.type(m));
                    javax.lang.model.element.TypeElement unnameable = typeText.unnameableClassIn(type);
                    if (unnameable != null) {
                        // a type the body never wrote, with a class the generated one cannot name
                        // in it: typed as javac typed the await, like a capture
                        Code typed = typedLikeAwait(taskCode, false);
                        if (typed == null) {
                            throw new UnsupportedConstructException(e, "weft.unnameable-type", "the value of"
                                    + " this await has the type " + type + ", and the generated class cannot name "
                                    + unnameable.getSimpleName() + " in it (" + TypeText.whyUnnameable(unnameable)
                                    + "); await a task whose type names only classes this one can (cast the task,"
                                    + " or assign it to a variable of such a type first)");
                        }
                        return typed;
                    }
                    return Code.awaited(type, typeText.of(type));
                }
                List<ExpressionTree> ops = new ArrayList<>();
                ExpressionTree select = m.getMethodSelect();
                if (select instanceof MemberSelectTree && isValue(((MemberSelectTree) select).getExpression())) {
                    ops.add(((MemberSelectTree) select).getExpression());
                }
                ops.addAll(m.getArguments());
                return rebuild(e, ops);
            }
            case NEW_CLASS: {
                NewClassTree n = (NewClassTree) e;
                List<ExpressionTree> ops = new ArrayList<>();
                if (n.getEnclosingExpression() != null) {
                    ops.add(n.getEnclosingExpression());
                }
                ops.addAll(n.getArguments());
                return rebuild(e, ops);
            }
            case NEW_ARRAY: {
                NewArrayTree n = (NewArrayTree) e;
                List<ExpressionTree> ops = new ArrayList<>(n.getDimensions());
                if (n.getInitializers() != null) {
                    ops.addAll(n.getInitializers());
                }
                return rebuild(e, ops);
            }
            case ARRAY_ACCESS: {
                ArrayAccessTree a = (ArrayAccessTree) e;
                return rebuild(e, List.of(a.getExpression(), a.getIndex()));
            }
            case MEMBER_SELECT:
                return rebuild(e, List.of(((MemberSelectTree) e).getExpression()));
            case MEMBER_REFERENCE:
                return rebuild(e, List.of(((MemberReferenceTree) e).getQualifierExpression()));
            case TYPE_CAST:
                return rebuild(e, List.of(((TypeCastTree) e).getExpression()));
            case INSTANCE_OF:
                return rebuild(e, List.of(((InstanceOfTree) e).getExpression()));
            case UNARY_PLUS: case UNARY_MINUS: case BITWISE_COMPLEMENT: case LOGICAL_COMPLEMENT:
                return rebuild(e, List.of(((UnaryTree) e).getExpression()));
            case POSTFIX_INCREMENT: case POSTFIX_DECREMENT: case PREFIX_INCREMENT: case PREFIX_DECREMENT:
                return rebuild(e, targetOperands(strip(((UnaryTree) e).getExpression())));
            case CONDITIONAL_AND:
            case CONDITIONAL_OR:
                return shortCircuit((BinaryTree) e);
            case CONDITIONAL_EXPRESSION:
                return conditional((ConditionalExpressionTree) e);
            case ASSIGNMENT:
                return assignment((AssignmentTree) e);
            case SWITCH_EXPRESSION: {
                SwitchExpressionTree sw = (SwitchExpressionTree) e;
                boolean casesAwait = false;
                for (CaseTree c : sw.getCases()) {
                    casesAwait |= awaits.contains(c);
                }
                if (!casesAwait) {
                    return rebuild(e, List.of(sw.getExpression()));
                }
                return switchExpression(sw);
            }
            default:
                if (e instanceof BinaryTree) {
                    BinaryTree b = (BinaryTree) e;
                    return rebuild(e, List.of(b.getLeftOperand(), b.getRightOperand()));
                }
                if (e instanceof CompoundAssignmentTree) {
                    return compound((CompoundAssignmentTree) e);
                }
                throw new UnsupportedConstructException(e, "weft.unsupported",
                        "await inside " + dev.weft.processor.validation.Messages.article(e.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                                + " is not supported; assign the awaited value to a local first");
        }
    }

    /**
     * Rebuilds {@code node} with its operands, evaluated in order, replaced by their lowered code;
     * operands evaluated before the last one that awaits are spilled to temporaries unless
     * nothing can change their value.
     */
    private Code rebuild(ExpressionTree node, List<? extends ExpressionTree> operands) {
        int last = -1;
        for (int i = 0; i < operands.size(); i++) {
            if (awaits.contains(operands.get(i))) {
                last = i;
            }
        }
        Map<Tree, Code> substitutions = new LinkedHashMap<>();
        for (int i = 0; i < last; i++) {
            ExpressionTree op = operands.get(i);
            Code c = expr(op);
            if (awaits.contains(op) || !stable(op, node)) {
                c = spill(c, op);
            }
            substitutions.put(op, c);
        }
        if (last >= 0) {
            substitutions.put(operands.get(last), expr(operands.get(last)));
        }
        return subst(node, substitutions);
    }

    private Code spill(Code c, ExpressionTree op) {
        TypeMirror type = typeText.denotable(index.type(op));
        Var t = temp("arg", type);
        if (c.awaitedType != null) {
            c = Code.of("awaited()");
        }
        emit(new Instr.Declare(t, c, false));
        return Code.var(t);
    }

    private boolean isValue(ExpressionTree e) {
        if (e instanceof IdentifierTree) {
            String n = ((IdentifierTree) e).getName().toString();
            if (n.equals("super")) {
                return false;
            }
        }
        Element el = index.element(e);
        if (el == null) {
            return true;
        }
        ElementKind k = el.getKind();
        return !(k.isClass() || k.isInterface() || k == ElementKind.PACKAGE);
    }

    /** True when evaluating {@code op} later, after an await, gives the same value. */
    private boolean stable(ExpressionTree op, ExpressionTree within) {
        switch (op.getKind()) {
            case INT_LITERAL: case LONG_LITERAL: case FLOAT_LITERAL: case DOUBLE_LITERAL:
            case BOOLEAN_LITERAL: case CHAR_LITERAL: case STRING_LITERAL: case NULL_LITERAL:
            case LAMBDA_EXPRESSION:
                return true;
            case PARENTHESIZED:
                return stable(((ParenthesizedTree) op).getExpression(), within);
            case MEMBER_REFERENCE: {
                ExpressionTree q = ((MemberReferenceTree) op).getQualifierExpression();
                return !isValue(q) || stable(q, within);
            }
            case IDENTIFIER: {
                String n = ((IdentifierTree) op).getName().toString();
                if (n.equals("this") || n.equals("super")) {
                    return true;
                }
                Element el = index.element(op);
                if (el instanceof VariableElement) {
                    VariableElement v = (VariableElement) el;
                    if (v.getConstantValue() != null) {
                        return true;
                    }
                    if (isLocal(v)) {
                        return !assignedWithin(within, v);
                    }
                }
                return !isValue(op);
            }
            case MEMBER_SELECT: {
                Element el = index.element(op);
                if (el instanceof VariableElement && ((VariableElement) el).getConstantValue() != null) {
                    return true;
                }
                return ((MemberSelectTree) op).getIdentifier().contentEquals("class") || !isValue(op);
            }
            default:
                return false;
        }
    }

    static boolean isLocal(Element e) {
        switch (e.getKind()) {
            case LOCAL_VARIABLE: case PARAMETER: case EXCEPTION_PARAMETER: case RESOURCE_VARIABLE:
                return true;
            default:
                return e.getKind().name().equals("BINDING_VARIABLE");
        }
    }

    private boolean assignedWithin(Tree within, VariableElement v) {
        boolean[] found = {false};
        new TreeScanner<Void, Void>() {
            private void check(ExpressionTree target) {
                target = strip(target);
                if (target instanceof IdentifierTree && v.equals(index.element(target))) {
                    found[0] = true;
                }
            }

            @Override
            public Void visitAssignment(AssignmentTree node, Void p) {
                check(node.getVariable());
                return super.visitAssignment(node, p);
            }

            @Override
            public Void visitCompoundAssignment(CompoundAssignmentTree node, Void p) {
                check(node.getVariable());
                return super.visitCompoundAssignment(node, p);
            }

            @Override
            public Void visitUnary(UnaryTree node, Void p) {
                switch (node.getKind()) {
                    case POSTFIX_INCREMENT: case POSTFIX_DECREMENT: case PREFIX_INCREMENT: case PREFIX_DECREMENT:
                        check(node.getExpression());
                        break;
                    default:
                        break;
                }
                return super.visitUnary(node, p);
            }
        }.scan(within, null);
        return found[0];
    }

    /** The parts of an assignment target that are evaluated before the assigned value. */
    private List<ExpressionTree> targetOperands(ExpressionTree target) {
        switch (target.getKind()) {
            case ARRAY_ACCESS: {
                ArrayAccessTree a = (ArrayAccessTree) target;
                return List.of(a.getExpression(), a.getIndex());
            }
            case MEMBER_SELECT: {
                ExpressionTree q = ((MemberSelectTree) target).getExpression();
                return isValue(q) ? List.of(q) : List.of();
            }
            default:
                return List.of();
        }
    }

    private Code shortCircuit(BinaryTree b) {
        if (!awaits.contains(b.getRightOperand())) {
            return rebuild(b, List.of(b.getLeftOperand()));
        }
        boolean and = b.getKind() == Tree.Kind.CONDITIONAL_AND;
        Var t = temp("cond", booleanType());
        Code left = expr(b.getLeftOperand());
        emit(new Instr.Declare(t, left.awaitedType != null ? Code.of("awaited()") : left, false));
        Label end = newLabel();
        emit(new Instr.JumpIf(and ? Code.of("!", Code.var(t)) : Code.var(t), end));
        Code right = expr(b.getRightOperand());
        emit(new Instr.Assign(t, right.awaitedType != null ? Code.of("awaited()") : right));
        mark(end, null);
        return Code.var(t);
    }

    private Code conditional(ConditionalExpressionTree c) {
        if (!awaits.contains(c.getTrueExpression()) && !awaits.contains(c.getFalseExpression())) {
            return rebuild(c, List.of(c.getCondition()));
        }
        Var t = temp("value", typeText.denotable(index.type(c)));
        emit(new Instr.Declare(t, null, false));
        ExpressionTree cond = strip(c.getCondition());
        Code cc = expr(cond);
        Label otherwise = newLabel();
        Label end = newLabel();
        emit(new Instr.JumpIf(negate(cc, cond), otherwise));
        emit(new Instr.Assign(t, plainAwaited(expr(c.getTrueExpression()), t)));
        emit(new Instr.Jump(end));
        mark(otherwise, null);
        emit(new Instr.Assign(t, plainAwaited(expr(c.getFalseExpression()), t)));
        mark(end, null);
        return Code.var(t);
    }

    private Code assignment(AssignmentTree a) {
        ExpressionTree target = strip(a.getVariable());
        List<ExpressionTree> ops = new ArrayList<>(targetOperands(target));
        ops.add(a.getExpression());
        Code result = rebuild(a, ops);
        Code value = ((Code.TreeRef) result.parts.get(0)).substitutions.get(a.getExpression());
        if (value != null && value.awaitedType != null
                && types.isSameType(typeText.boxed(index.type(target)), value.awaitedType)) {
            Map<Tree, Code> s = new LinkedHashMap<>(((Code.TreeRef) result.parts.get(0)).substitutions);
            s.put(a.getExpression(), Code.of("awaited()"));
            return subst(a, s);
        }
        return result;
    }

    private Code compound(CompoundAssignmentTree ca) {
        ExpressionTree target = strip(ca.getVariable());
        ExpressionTree rhs = ca.getExpression();
        if (!awaits.contains(rhs)) {
            return rebuild(ca, targetOperands(target));
        }
        Element te = target instanceof IdentifierTree ? index.element(target) : null;
        if (te instanceof VariableElement && isLocal(te) && !assignedWithin(rhs, (VariableElement) te)) {
            return rebuild(ca, List.of(rhs));
        }
        // JLS 15.26.2: the target's value is saved before the right-hand operand is evaluated
        Map<Tree, Code> parts = new LinkedHashMap<>();
        for (ExpressionTree op : targetOperands(target)) {
            Code c = expr(op);
            if (awaits.contains(op) || !stable(op, ca)) {
                c = spill(c, op);
            }
            parts.put(op, c);
        }
        Code targetCode = subst(target, parts);
        TypeMirror targetType = index.type(target);
        Var old = temp("old", typeText.denotable(targetType));
        emit(new Instr.Declare(old, targetCode, false));
        Code r = expr(rhs);
        String cast = "";
        if (!isString(targetType)) {
            TypeMirror prim = targetType.getKind().isPrimitive() ? targetType : unboxedOrSelf(targetType);
            cast = "(" + prim + ") ";
        }
        // copied as target = value (a private field's through its handle: see emit.SourceCopier)
        parts.put(rhs, Code.storedValue(cast, "(", Code.var(old), " ", operator(ca.getKind()), " (", r, "))"));
        return subst(ca, parts);
    }

    private TypeMirror unboxedOrSelf(TypeMirror t) {
        try {
            return types.unboxedType(t);
        } catch (IllegalArgumentException e) {
            return t;
        }
    }

    private static boolean isString(TypeMirror t) {
        return t.getKind() == TypeKind.DECLARED
                && ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().contentEquals("java.lang.String");
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

    private Code switchExpression(SwitchExpressionTree t) {
        Var result = temp("value", typeText.denotable(index.type(t)));
        emit(new Instr.Declare(result, null, false));
        ExpressionTree sel = strip(t.getExpression());
        Code selCode = expr(sel);
        Label end = newLabel();
        boolean hasDefault = false;
        for (CaseTree c : t.getCases()) {
            hasDefault |= SwitchSupport.isDefault(c);
        }
        List<Label> labels = dispatch(t, t.getCases(), selCode, end, !hasDefault);
        ctx = new JumpContext(JumpContext.Kind.SWITCH_EXPRESSION, t, null, end, null, result, ctx);
        List<? extends CaseTree> cases = t.getCases();
        for (int i = 0; i < cases.size(); i++) {
            CaseTree c = cases.get(i);
            mark(labels.get(i), c);
            if (SwitchSupport.isRule(c)) {
                Tree body = SwitchSupport.body(c);
                if (body instanceof ExpressionTree) {
                    emit(new Instr.Line(body));
                    emit(new Instr.Assign(result, plainAwaited(expr((ExpressionTree) body), result)));
                    emit(new Instr.Jump(end));
                } else {
                    stmt((StatementTree) body);
                }
            } else {
                for (StatementTree s : c.getStatements()) {
                    stmt(s);
                }
            }
        }
        pop();
        mark(end, null);
        return Code.var(result);
    }
}
