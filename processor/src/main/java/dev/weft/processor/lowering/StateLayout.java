package dev.weft.processor.lowering;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.weft.processor.analysis.BodyIndex;
import dev.weft.processor.analysis.Reachability;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.VariableElement;

/**
 * Cuts a lowered method into states: a label becomes a {@code case} only when something jumps
 * to it; code that nothing reaches is dropped (no dead states); jumps to the very next state
 * become fall-through. Then decides which variables become fields (those used in a state other
 * than the one declaring them) and gives every variable its final name, renaming only on a real
 * clash.
 */
public final class StateLayout {
    /** Local classes declared once at the start of {@code resume()}. */
    /** The variables a local class that became a member class captures (empty: none). */
    public List<Var> capturesOf(com.sun.source.tree.ClassTree c) {
        return method.localClassCaptures.getOrDefault(c, List.of());
    }

    /** Whether {@code tree} lies inside a moved local class that copies what it captures. */
    public boolean insideCapturingClass(Tree tree) {
        for (Tree p = tree; p != null; p = index.parent(p)) {
            if (method.localClassCaptures.containsKey(p)) {
                return true;
            }
        }
        return false;
    }

    public List<com.sun.source.tree.ClassTree> localClasses() {
        return method.localClasses;
    }

    /** The new name of a local class that moved under another name, or null. */
    public String renamedLocalClass(Element type) {
        return method.renamedLocalClasses.get(type);
    }

    /** The member class an anonymous class body became, or null if it stayed where it is. */
    public LoweredMethod.AnonymousClass anonymousClass(Tree body) {
        return method.anonymousClasses.get(body);
    }

    /** One {@code case} of the state switch. */
    public static final class Block {
        public final Label label;
        public final List<Instr> instrs = new ArrayList<>();
        /** The original line the state starts at, or null. */
        public Tree lineAtStart;
        /** Locals declared at the top level of this state (the case needs braces). */
        public boolean declaresLocals;
        /** Per instruction: hoisted variables captured by a lambda or class body in it. */
        public final Map<Instr, List<Var>> captureCopies = new IdentityHashMap<>();
        /**
         * Constant locals ({@code final} with a constant initializer) declared in another state
         * and used here: redeclared at the start of the case, so they stay constants (a
         * {@code case} label may use them) instead of becoming mutable fields.
         */
        public final List<Var> constants = new ArrayList<>();

        Block(Label label) {
            this.label = label;
        }

        /** The try region this state's code runs in, or null. */
        public Region region() {
            return label.region;
        }
    }

    private final LoweredMethod method;
    private final BodyIndex index;
    private final Set<String> reservedFieldNames;
    private final Set<String> namesInMethod;
    private final List<Block> blocks = new ArrayList<>();
    private final Map<Element, String> renames = new HashMap<>();
    private final List<Var> fields = new ArrayList<>();

    /**
     * @param reservedFieldNames names the state machine class already has (its base class's
     *     fields): no variable may take them
     * @param namesInMethod every name the body mentions or the class declares: fresh names avoid them
     */
    public StateLayout(LoweredMethod method, BodyIndex index, Set<String> reservedFieldNames,
            Set<String> namesInMethod) {
        this.method = method;
        this.index = index;
        this.reservedFieldNames = reservedFieldNames;
        this.namesInMethod = new HashSet<>(namesInMethod);
        layout();
    }

    public List<Block> blocks() {
        return blocks;
    }

    /** Variables that live in fields, parameters first. */
    public List<Var> fields() {
        return fields;
    }

    /** New names of locals declared inside copied code, where they clashed. */
    public Map<Element, String> renames() {
        return renames;
    }

    /** The name of the exception the exception table dispatches; no field may take it. */
    public static final String HANDLER_PARAMETER = "exception";

    /** The variable the exception table hands a caught exception over in (null: no catch). */
    public Var caught() {
        return method.caught;
    }

    public Map<VariableElement, Var> vars() {
        return method.byElement;
    }

    /** Whether the method needs the state machine at all (more than one state). */
    public boolean hasStates() {
        if (blocks.size() > 1) {
            return true;
        }
        for (Instr i : blocks.get(0).instrs) {
            if (!targets(i).isEmpty() || i instanceof Instr.JumpVia) {
                return true;
            }
        }
        return false;
    }

    /** Labels where the try region changes: a state must start there, so that the exception table sees it. */
    private final Set<Label> forced = new HashSet<>();

    private void layout() {
        List<Instr> instrs = dropJumpsToNext(method.instrs);
        Set<Label> targeted = new HashSet<>();
        targeted.add(method.entry);
        Region current = null;
        for (Instr i : instrs) {
            targeted.addAll(targets(i));
            if (i instanceof Instr.Mark) {
                Label l = ((Instr.Mark) i).label;
                if (l.region != current) {
                    forced.add(l);
                    current = l.region;
                }
                targeted.addAll(handlerTargets(l.region));
            }
        }
        targeted.addAll(forced);
        // iterate: dropping unreachable code may untarget labels
        while (true) {
            cut(instrs, targeted);
            Set<Label> reachable = reachableTargets();
            if (reachable.equals(targeted)) {
                break;
            }
            targeted = reachable;
        }
        Map<Label, Label> alias = threadJumps();
        // Coroutine.state is a short; unreachable in practice: a method with that many resume
        // points would not fit javac's 64 KB limit on the original method either
        if (blocks.size() > Short.MAX_VALUE + 1) {
            throw new UnsupportedConstructException(index.method(), "weft.too-large", "this method has "
                    + blocks.size() + " states; a state machine holds at most " + (Short.MAX_VALUE + 1)
                    + ": split it into smaller @Async methods");
        }
        for (int i = 0; i < blocks.size(); i++) {
            blocks.get(i).label.state = i;
        }
        for (Label l : alias.keySet()) {
            l.state = resolve(alias, l).state;
        }
        hoist();
    }

    /**
     * Jump threading: a state that only jumps ({@code state = N; continue;}) or is empty and
     * falls into the next one is dropped, and every reference to it (jumps, resume points, the
     * exception table, completion records) takes the state it leads to. A state that is fallen
     * into from the one before it and then jumps elsewhere stays, and so does the entry unless it
     * is empty.
     */
    private Map<Label, Label> threadJumps() {
        Map<Label, Label> alias = new LinkedHashMap<>();
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            Instr only = null;
            int code = 0;
            for (Instr i : block.instrs) {
                if (!(i instanceof Instr.Line)) {
                    only = i;
                    code++;
                }
            }
            Label to = null;
            if (code == 0) {
                if (b + 1 < blocks.size()) {
                    to = blocks.get(b + 1).label;
                }
            } else if (code == 1 && only instanceof Instr.Jump && b > 0 && !fallsThrough(blocks.get(b - 1))) {
                to = ((Instr.Jump) only).target;
            }
            if (to != null && to != block.label) {
                alias.put(block.label, to);
            }
        }
        // a cycle of jumps (an empty endless loop) keeps one of its states
        for (Label l : new ArrayList<>(alias.keySet())) {
            Set<Label> seen = new HashSet<>();
            Label t = l;
            while (alias.containsKey(t)) {
                if (!seen.add(t)) {
                    alias.remove(t);
                    break;
                }
                t = alias.get(t);
            }
        }
        blocks.removeIf(block -> alias.containsKey(block.label));
        return alias;
    }

    private static Label resolve(Map<Label, Label> alias, Label l) {
        while (alias.containsKey(l)) {
            l = alias.get(l);
        }
        return l;
    }

    private static boolean fallsThrough(Block block) {
        return block.instrs.isEmpty() || block.instrs.get(block.instrs.size() - 1).completesNormally();
    }

    private static List<Instr> dropJumpsToNext(List<Instr> in) {
        List<Instr> out = new ArrayList<>(in);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) instanceof Instr.Jump) {
                Label target = ((Instr.Jump) out.get(i)).target;
                int j = i + 1;
                while (j < out.size() && out.get(j) instanceof Instr.Line) {
                    j++;
                }
                while (j < out.size() && out.get(j) instanceof Instr.Mark) {
                    if (((Instr.Mark) out.get(j)).label == target) {
                        out.remove(i);
                        i--;
                        break;
                    }
                    j++;
                }
            }
        }
        return out;
    }

    /** The states the exception table may send an exception thrown in region {@code r} to. */
    public static List<Label> handlerTargets(Region r) {
        List<Label> t = new ArrayList<>();
        for (; r != null; r = r.outer) {
            Handler h = r.handler;
            if (r.part == Region.Part.TRY) {
                for (Handler.Arm a : h.arms) {
                    t.add(a.label);
                    if (a.catchesAll) {
                        return t;
                    }
                }
            }
            if (h.finallyLabel != null) {
                t.add(h.finallyLabel);
                if (h.finallyCompletes) {
                    t.add(h.rethrow);
                }
                return t;
            }
        }
        return t;
    }

    static List<Label> targets(Instr i) {
        List<Label> t = new ArrayList<>();
        if (i instanceof Instr.Jump) {
            t.add(((Instr.Jump) i).target);
        } else if (i instanceof Instr.JumpIf) {
            t.add(((Instr.JumpIf) i).target);
        } else if (i instanceof Instr.Suspend) {
            t.add(((Instr.Suspend) i).resume);
        } else if (i instanceof Instr.Dispatch) {
            Instr.Dispatch d = (Instr.Dispatch) i;
            for (Instr.Arm a : d.arms) {
                t.add(a.target);
            }
            if (d.otherwise != null) {
                t.add(d.otherwise);
            }
        } else if (i instanceof Instr.Exec) {
            collectLabels(((Instr.Exec) i).code, t);
        }
        return t;
    }

    /** Labels that copied code jumps to (rewritten break/continue/yield), via the jump context. */
    private static void collectLabels(Code code, List<Label> into) {
        for (Object p : code.parts) {
            if (p instanceof Code.TreeRef) {
                Code.TreeRef r = (Code.TreeRef) p;
                for (JumpContext f = r.context; f != null; f = f.outer) {
                    if (f.handler != null) {
                        into.add(f.handler.finallyLabel);
                        if (f.returnSlot.valueLabel != null) {
                            into.add(f.returnSlot.valueLabel);
                        }
                        if (f.returnSlot.taskLabel != null) {
                            into.add(f.returnSlot.taskLabel);
                        }
                    }
                    if (f.breakTo != null) {
                        into.add(f.breakTo);
                    }
                    if (f.continueTo != null) {
                        into.add(f.continueTo);
                    }
                }
                for (Code c : r.substitutions.values()) {
                    collectLabels(c, into);
                }
            } else if (p instanceof Code.LabelRef) {
                into.add(((Code.LabelRef) p).label);
            }
        }
    }

    private void cut(List<Instr> instrs, Set<Label> targeted) {
        blocks.clear();
        Block current = null;
        boolean reachable = false;
        Tree lastLine = null;
        for (Instr i : instrs) {
            if (i instanceof Instr.Mark) {
                Label l = ((Instr.Mark) i).label;
                if (targeted.contains(l)) {
                    current = new Block(l);
                    current.lineAtStart = lastLine;
                    blocks.add(current);
                    reachable = true;
                }
                continue;
            }
            if (i instanceof Instr.Line) {
                lastLine = ((Instr.Line) i).at;
            }
            if (!reachable) {
                continue;
            }
            current.instrs.add(i);
            if (!i.completesNormally()) {
                reachable = false;
            }
        }
    }

    private Set<Label> reachableTargets() {
        Map<Label, Integer> blockOf = new HashMap<>();
        for (int b = 0; b < blocks.size(); b++) {
            blockOf.put(blocks.get(b).label, b);
        }
        Set<Label> seen = new LinkedHashSet<>();
        List<Integer> work = new ArrayList<>();
        seen.add(method.entry);
        work.add(0);
        while (!work.isEmpty()) {
            int b = work.remove(work.size() - 1);
            Block block = blocks.get(b);
            List<Label> next = new ArrayList<>();
            for (Instr i : block.instrs) {
                next.addAll(targets(i));
            }
            next.addAll(handlerTargets(block.label.region));
            boolean fallsThrough = block.instrs.isEmpty()
                    || block.instrs.get(block.instrs.size() - 1).completesNormally();
            if (fallsThrough && b + 1 < blocks.size()) {
                next.add(blocks.get(b + 1).label);
            }
            for (Label l : next) {
                Integer nb = blockOf.get(l);
                if (nb != null && seen.add(l)) {
                    work.add(nb);
                }
            }
        }
        // labels reached only by falling through stay targeted only if something jumps to them
        Set<Label> targeted = new HashSet<>();
        targeted.add(method.entry);
        for (Label l : seen) {
            Integer b = blockOf.get(l);
            if (forced.contains(l)) {
                targeted.add(l);
            }
            for (Label t : handlerTargets(l.region)) {
                if (blockOf.containsKey(t)) {
                    targeted.add(t);
                }
            }
            for (Instr i : blocks.get(b).instrs) {
                for (Label t : targets(i)) {
                    if (blockOf.containsKey(t)) {
                        targeted.add(t);
                    }
                }
            }
        }
        // a label that is only fallen into merges with its predecessor; keep those that are jumped to
        return targeted;
    }

    // ---------------------------------------------------------------- hoisting and names

    /** Pattern variables (JLS 6.3.1): where each is declared and used, by state. */
    private final Map<Element, Integer> bindingDeclared = new HashMap<>();
    private final Map<Element, Tree> bindingTree = new HashMap<>();
    private final Map<Element, Set<Integer>> bindingUsed = new HashMap<>();
    /** The instruction that declares each pattern variable, and those that read it. */
    private final Map<Element, Instr> bindingDeclaredIn = new HashMap<>();
    private final Map<Element, Set<Instr>> bindingUsedIn = new HashMap<>();

    /**
     * A pattern variable lives only in the copied code that declares it; a use in another state
     * (after an await, or past lowered control flow) would not compile, nor would one in another
     * instruction of the same state when the declaring one ends its scope: an operand of a lowered
     * {@code &&} ({@code cond = o instanceof String s;} then {@code arg = s.length();}). Those
     * live in fields. A copied statement or a conditional jump may introduce it to the statements
     * after it (JLS 6.3.2: {@code if (!(o instanceof String s)) return;}), as in the original.
     */
    private void hoistBindings() {
        for (Var v : method.vars) {
            // captured by a local class that moved to the state machine
            if (v.forceField && v.element != null && v.element.getKind().name().equals("BINDING_VARIABLE")) {
                v.declBlock = bindingDeclared.getOrDefault(v.element, -1);
                hoistedBindings.add(v);
            }
        }
        for (Map.Entry<Element, Set<Integer>> e : bindingUsed.entrySet()) {
            Integer declared = bindingDeclared.get(e.getKey());
            if (declared == null || method.byElement.containsKey(e.getKey())) {
                continue;
            }
            Instr declaringInstr = bindingDeclaredIn.get(e.getKey());
            boolean scopeEndsWithInstr = !(declaringInstr instanceof Instr.Exec || declaringInstr instanceof Instr.JumpIf);
            Set<Instr> usingInstrs = bindingUsedIn.getOrDefault(e.getKey(), Set.of());
            boolean usedByAnother = scopeEndsWithInstr
                    && usingInstrs.stream().anyMatch(i -> i != declaringInstr);
            for (int b : e.getValue()) {
                if (b != declared || usedByAnother) {
                    VariableElement binding = (VariableElement) e.getKey();
                    Var v = new Var(binding, binding.getSimpleName().toString(), binding.asType(), null, false, false);
                    v.hoisted = true;
                    v.declBlock = declared;
                    method.vars.add(v);
                    method.byElement.put(binding, v);
                    hoistedBindings.add(v);
                    break;
                }
            }
        }
    }

    /** Pattern variables used in more than one state: fields, matched into by a local of another name. */
    private final List<Var> hoistedBindings = new ArrayList<>();
    private final Map<Element, String> bindingLocals = new HashMap<>();

    /**
     * For each pattern variable that lives in a field, the name its pattern declares instead
     * ({@code o instanceof String s2 && bindPattern(s = s2)}).
     */
    public Map<Element, String> bindingLocals() {
        return bindingLocals;
    }

    private void hoist() {
        Map<Var, Set<Integer>> uses = new LinkedHashMap<>();
        List<Map<String, Set<Object>>> namesPerBlock = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            Map<String, Set<Object>> names = new HashMap<>();
            namesPerBlock.add(names);
            for (Instr i : block.instrs) {
                if (i instanceof Instr.Declare) {
                    Var v = ((Instr.Declare) i).var;
                    if (v.declBlock < 0) {
                        v.declBlock = b;
                    }
                    names.computeIfAbsent(v.baseName, k -> new HashSet<>()).add(v);
                }
                final int blockNo = b;
                forEachCode(i, code -> scanCode(code, blockNo, uses, names, block, i));
                if (i instanceof Instr.Declare || i instanceof Instr.Assign) {
                    Var v = i instanceof Instr.Declare ? ((Instr.Declare) i).var : ((Instr.Assign) i).var;
                    uses.computeIfAbsent(v, k -> new HashSet<>()).add(b);
                }
            }
        }
        for (Var v : method.vars) {
            Set<Integer> u = uses.getOrDefault(v, Set.of());
            if (v.forceField) {
                v.hoisted = true;
            } else if (v.param) {
                v.hoisted = !u.isEmpty();
            } else if (v.element != null && v.element.getConstantValue() != null && v.declBlock >= 0) {
                for (int b : new java.util.TreeSet<>(u)) {
                    if (b != v.declBlock) {
                        blocks.get(b).constants.add(v);
                        blocks.get(b).declaresLocals = true;
                    }
                }
            } else {
                for (int b : u) {
                    if (b != v.declBlock) {
                        v.hoisted = true;
                        break;
                    }
                }
            }
        }
        hoistBindings();
        pruneCaptureCopies();
        // field names: unique among fields, never a name of the base class
        Set<String> taken = new HashSet<>(reservedFieldNames);
        for (Block b : blocks) {
            if (b.region() != null) {
                taken.add(HANDLER_PARAMETER);
            }
        }
        for (Var v : method.vars) {
            if (v.param && v.hoisted) {
                v.name = fresh(v.baseName, taken, false);
                fields.add(v);
            }
        }
        for (Var v : method.vars) {
            if (!v.param && v.hoisted) {
                v.name = fresh(v.baseName, taken, v.temp);
                fields.add(v);
            }
        }
        for (Var v : hoistedBindings) {
            bindingLocals.put(v.element, fresh(v.baseName, taken, true));
        }
        Set<String> fieldNames = new HashSet<>();
        for (Var v : fields) {
            fieldNames.add(v.name);
        }
        // locals declared at the top level of a state: their Java scope now runs to the end of
        // the case, so they must not capture another binding of the same name there
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            Map<String, Set<Object>> names = namesPerBlock.get(b);
            for (Instr i : block.instrs) {
                if (!(i instanceof Instr.Declare)) {
                    continue;
                }
                Var v = ((Instr.Declare) i).var;
                if (v.hoisted) {
                    continue;
                }
                block.declaresLocals = true;
                Set<Object> others = new HashSet<>(names.getOrDefault(v.baseName, Set.of()));
                others.remove(v);
                others.remove(v.element);
                if (!others.isEmpty() || fieldNames.contains(v.baseName)
                        || reservedFieldNames.contains(v.baseName) || v.temp) {
                    v.name = fresh(v.baseName, taken, true);
                } else {
                    v.name = v.baseName;
                    taken.add(v.name);
                }
            }
            if (!block.captureCopies.isEmpty()) {
                block.declaresLocals = true;
            }
        }
        // locals declared inside copied code that would hide a field the generated code uses
        for (Map<String, Set<Object>> names : namesPerBlock) {
            for (String reserved : reservedFieldNames) {
                for (Object o : names.getOrDefault(reserved, Set.of())) {
                    if (o instanceof VariableElement && !method.byElement.containsKey(o)) {
                        renames.put((Element) o, fresh(reserved, taken, true));
                    }
                }
            }
        }
        for (Var v : method.vars) {
            if (!v.hoisted && v.declBlock < 0 && !v.param) {
                v.name = fresh(v.baseName, taken, true); // declared in dead code only
            }
        }
    }

    /**
     * {@code base}, or {@code base2}, {@code base3}... when taken. A renamed variable (or a
     * temporary) must also avoid every name the method mentions, so that it captures nothing.
     */
    private String fresh(String base, Set<String> taken, boolean avoidUserNames) {
        if (!taken.contains(base) && !(avoidUserNames && namesInMethod.contains(base))) {
            taken.add(base);
            return base;
        }
        int n = 2;
        while (taken.contains(base + n) || namesInMethod.contains(base + n)) {
            n++;
        }
        String name = base + n;
        taken.add(name);
        namesInMethod.add(name);
        return name;
    }

    private static void forEachCode(Instr i, java.util.function.Consumer<Code> f) {
        if (i instanceof Instr.Exec) {
            f.accept(((Instr.Exec) i).code);
        } else if (i instanceof Instr.Declare) {
            Instr.Declare d = (Instr.Declare) i;
            if (d.init != null) {
                f.accept(d.init);
            }
            if (d.var.declaredType != null) {
                f.accept(d.var.declaredType);
            }
        } else if (i instanceof Instr.Assign) {
            f.accept(((Instr.Assign) i).value);
        } else if (i instanceof Instr.JumpIf) {
            f.accept(((Instr.JumpIf) i).condition);
        } else if (i instanceof Instr.JumpVia) {
            f.accept(Code.var(((Instr.JumpVia) i).next));
        } else if (i instanceof Instr.Suspend) {
            f.accept(((Instr.Suspend) i).task);
        } else if (i instanceof Instr.Return) {
            Code v = ((Instr.Return) i).value;
            if (v != null) {
                f.accept(v);
            }
        } else if (i instanceof Instr.Dispatch) {
            Instr.Dispatch d = (Instr.Dispatch) i;
            f.accept(d.selector);
            for (Instr.Arm a : d.arms) {
                a.labels.forEach(f);
                if (a.guard != null) {
                    f.accept(a.guard);
                }
            }
        }
    }

    private void scanCode(Code code, int block, Map<Var, Set<Integer>> uses,
            Map<String, Set<Object>> names, Block b, Instr instr) {
        for (Object p : code.parts) {
            if (p instanceof Code.VarRef) {
                Var v = ((Code.VarRef) p).var;
                uses.computeIfAbsent(v, k -> new HashSet<>()).add(block);
                names.computeIfAbsent(v.baseName, k -> new HashSet<>()).add(v);
            } else if (p instanceof Code.TreeRef) {
                scanTree((Code.TreeRef) p, block, uses, names, b, instr);
            }
        }
    }

    private void scanTree(Code.TreeRef ref, int block, Map<Var, Set<Integer>> uses,
            Map<String, Set<Object>> names, Block b, Instr instr) {
        new TreeScanner<Void, Void>() {
            private int functionDepth;

            @Override
            public Void scan(Tree t, Void v) {
                if (t == null) {
                    return null;
                }
                Code s = ref.substitutions.get(t);
                if (s != null) {
                    scanCode(s, block, uses, names, b, instr);
                    return null;
                }
                return super.scan(t, v);
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void v) {
                functionDepth++;
                super.visitLambdaExpression(node, v);
                functionDepth--;
                return null;
            }

            @Override
            public Void visitClass(ClassTree node, Void v) {
                functionDepth++;
                super.visitClass(node, v);
                functionDepth--;
                return null;
            }

            @Override
            public Void visitVariable(VariableTree node, Void v) {
                Element e = index.element(node);
                if (e != null) {
                    names.computeIfAbsent(node.getName().toString(), k -> new HashSet<>()).add(e);
                    if (e.getKind().name().equals("BINDING_VARIABLE") && !bindingDeclared.containsKey(e)) {
                        bindingDeclared.put(e, block);
                        bindingDeclaredIn.put(e, instr);
                        bindingTree.put(e, node);
                    }
                }
                return super.visitVariable(node, v);
            }

            @Override
            public Void visitIdentifier(IdentifierTree node, Void v) {
                Element e = index.element(node);
                if (e == null) {
                    return null;
                }
                String name = node.getName().toString();
                if (e.getKind().name().equals("BINDING_VARIABLE")) {
                    bindingUsed.computeIfAbsent(e, k -> new HashSet<>()).add(block);
                    bindingUsedIn.computeIfAbsent(e, k -> Collections.newSetFromMap(new IdentityHashMap<>()))
                            .add(instr);
                }
                if (e.getKind().isField() || Lowerer.isLocal(e) || e.getKind().isClass()
                        || e.getKind().isInterface()) {
                    names.computeIfAbsent(name, k -> new HashSet<>()).add(e);
                }
                Var var = method.byElement.get(e);
                if (var != null) {
                    uses.computeIfAbsent(var, k -> new HashSet<>()).add(block);
                    if (functionDepth > 0 && !var.param && declaredInLoop(var)) {
                        List<Var> copies = b.captureCopies.computeIfAbsent(instr, k -> new ArrayList<>());
                        if (!copies.contains(var)) {
                            copies.add(var);
                        }
                    }
                }
                return null;
            }
        }.scan(ref.tree, null);
    }

    private boolean declaredInLoop(Var v) {
        if (v.element == null) {
            return false;
        }
        Tree decl = index.trees().getTree(v.element);
        if (decl == null) {
            // locals have no declaration tree through Trees.getTree; search the method
            decl = findDeclaration(v.element);
        }
        if (decl == null) {
            return true;
        }
        for (Tree t = index.parent(decl); t != null; t = index.parent(t)) {
            if (Reachability.isLoop(t)) {
                return true;
            }
            if (t == index.method()) {
                return false;
            }
        }
        return false;
    }

    private Tree findDeclaration(Element e) {
        Tree[] found = {null};
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree node, Void v) {
                if (found[0] == null && e.equals(index.element(node))) {
                    found[0] = node;
                }
                return super.visitVariable(node, v);
            }
        }.scan(index.method(), null);
        return found[0];
    }

    /**
     * Drops capture copies of variables that did not become fields, and those made already in the
     * same state: its instructions share one Java scope, and a captured variable is effectively
     * final, so the first copy serves the lambdas and classes after it too.
     */
    public void pruneCaptureCopies() {
        for (Block b : blocks) {
            Set<Var> copied = new HashSet<>();
            for (Instr i : b.instrs) {
                List<Var> copies = b.captureCopies.get(i);
                if (copies != null) {
                    copies.removeIf(v -> !v.hoisted || !copied.add(v));
                }
            }
            b.captureCopies.values().removeIf(List::isEmpty);
        }
    }
}
