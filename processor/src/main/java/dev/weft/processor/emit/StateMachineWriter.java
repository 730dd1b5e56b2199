package dev.weft.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeParameterTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WildcardTree;
import dev.weft.processor.analysis.AsyncMethodModel;
import dev.weft.processor.analysis.ReceiverUse;
import dev.weft.processor.analysis.SourceText;
import dev.weft.processor.analysis.TypeText;
import dev.weft.processor.lowering.Code;
import dev.weft.processor.lowering.Instr;
import dev.weft.processor.lowering.StateLayout;
import dev.weft.processor.lowering.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Writes one {@code @Async} method: its entry point in the generated class (an override, or a
 * static method) and its state machine, a nested class named after the method whose
 * {@code resume()} is a {@code switch} over the states of the {@link StateLayout}.
 */
public final class StateMachineWriter {
    private static final String COROUTINE = "dev.weft.internal.Coroutine";
    private static final String INDENT = "    ";

    private final AsyncMethodModel method;
    private final SourceText source;
    private final SourceCopier copier;
    private final TypeText typeText;
    private final Types types;
    private final String ownerName;
    private final java.util.Map<String, String> rawMembers = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, String> rawCode = new java.util.LinkedHashMap<>();
    private final javax.lang.model.util.Elements elements;

    public StateMachineWriter(AsyncMethodModel method, SourceText source, SourceCopier copier,
            TypeText typeText, Types types, javax.lang.model.util.Elements elements, String ownerName) {
        this.elements = elements;
        this.method = method;
        this.source = source;
        this.copier = copier;
        this.typeText = typeText;
        this.types = types;
        this.ownerName = ownerName;
    }

    static TypeName raw(String text) {
        return TypeVariableName.get(text);
    }

    private List<TypeVariableName> typeVariables() {
        List<TypeVariableName> out = new ArrayList<>();
        for (TypeParameterTree t : method.tree.getTypeParameters()) {
            out.add(TypeVariableName.get(copier.copy(t)));
        }
        return out;
    }

    private String typeArguments() {
        if (method.tree.getTypeParameters().isEmpty()) {
            return "";
        }
        return method.tree.getTypeParameters().stream().map(t -> t.getName().toString())
                .collect(Collectors.joining(", ", "<", ">"));
    }

    /** The {@code T} of the method's {@code Task<T>}. */
    String resultType() {
        Tree rt = method.tree.getReturnType();
        if (rt instanceof ParameterizedTypeTree && !((ParameterizedTypeTree) rt).getTypeArguments().isEmpty()) {
            Tree arg = ((ParameterizedTypeTree) rt).getTypeArguments().get(0);
            if (arg instanceof WildcardTree) {
                Tree bound = ((WildcardTree) arg).getBound();
                return bound == null || arg.getKind() == Tree.Kind.SUPER_WILDCARD ? typeText.javaLang("Object")
                        : copier.copy(bound);
            }
            return copier.copy(arg);
        }
        return typeText.javaLang("Object");
    }

    private MethodSpec.Builder signature() {
        MethodSpec.Builder m = MethodSpec.methodBuilder(method.element.getSimpleName().toString());
        for (Modifier mod : method.element.getModifiers()) {
            if (mod == Modifier.PUBLIC || mod == Modifier.PROTECTED || mod == Modifier.STATIC) {
                m.addModifiers(mod);
            }
        }
        m.addTypeVariables(typeVariables());
        m.returns(raw(copier.copy(method.tree.getReturnType())));
        for (VariableTree p : method.tree.getParameters()) {
            m.addParameter(parameter(p));
        }
        for (Tree t : method.tree.getThrows()) {
            m.addException(raw(copier.copy(t)));
        }
        if (!method.isStatic()) {
            m.addAnnotation(Override.class);
        } else {
            DocComments docs = new DocComments(typeText, types);
            m.addJavadoc("$L", docs.of("Runs " + docs.link(method.element) + " as a state machine on the event loop.",
                    method.element));
        }
        // the generated method is the one callers reach: it warns them as the original would
        if (method.element.getAnnotation(Deprecated.class) != null) {
            m.addAnnotation(Deprecated.class);
        }
        if (method.isStatic() && method.element.getAnnotation(SafeVarargs.class) != null) {
            m.addAnnotation(SafeVarargs.class);
        }
        for (com.sun.source.tree.AnnotationTree a : method.tree.getModifiers().getAnnotations()) {
            if (copiedToEntry(a)) {
                m.addAnnotation(AsyncClassWriter.annotation(a, copier));
            }
        }
        return m;
    }

    /**
     * Whether the entry point carries annotation {@code a} of the method, as the source writes
     * it: one kept in the class file (retention CLASS or RUNTIME), which a framework may look for
     * by reflection on the method it calls, {@code Foo_Async}'s ({@code @Route}, {@code
     * @Subscribe}, {@code @Scheduled}); an annotation on a method is not inherited by its
     * override. Not java.lang's (weft writes {@code @Override} and {@code @Deprecated} itself, and
     * {@code @SafeVarargs} or {@code @SuppressWarnings} are javac's business on the original),
     * not weft's own, and not one whose type the generated class cannot name.
     */
    private boolean copiedToEntry(com.sun.source.tree.AnnotationTree a) {
        javax.lang.model.element.Element type = method.index == null ? null : method.index.element(a.getAnnotationType());
        if (!(type instanceof javax.lang.model.element.TypeElement)
                || type.getKind() != javax.lang.model.element.ElementKind.ANNOTATION_TYPE) {
            return false;
        }
        String name = ((javax.lang.model.element.TypeElement) type).getQualifiedName().toString();
        if (name.startsWith("java.lang.") || name.startsWith("dev.weft.")) {
            return false;
        }
        java.lang.annotation.Retention retention = type.getAnnotation(java.lang.annotation.Retention.class);
        if (retention != null && retention.value() == java.lang.annotation.RetentionPolicy.SOURCE) {
            return false;
        }
        return typeText.unnameableClassIn(type.asType()) == null;
    }

    ParameterSpec parameter(VariableTree p) {
        String text = copier.copy(p);
        String name = p.getName().toString();
        String type;
        if (text.endsWith(name)) {
            type = text.substring(0, text.length() - name.length()).trim();
        } else {
            VariableElement e = method.element.getParameters().get(method.tree.getParameters().indexOf(p));
            type = typeText.of(e.asType());
        }
        return ParameterSpec.builder(raw(type), name).build();
    }

    /**
     * {@code text}, the declaration of class {@code c} that moved to the state machine (its lines
     * indented by {@code column}), with a field for each local it captures, of the same name, set
     * from the state machine's field as each instance is created: what a capture does, so that
     * instances made in a loop keep their own values.
     */
    private String withCaptures(StateLayout layout, com.sun.source.tree.ClassTree c, String text, int column) {
        List<Var> captures = layout.capturesOf(c);
        if (captures.isEmpty()) {
            return text;
        }
        int header = text.indexOf(c.getSimpleName().toString());
        int brace = text.indexOf('{', header);
        StringBuilder fields = new StringBuilder();
        for (Var v : captures) {
            fields.append('\n').append(" ".repeat(column + 4)).append("private final ").append(typeText.of(typeText.denotable(v.type()))).append(' ')
                    .append(v.element().getSimpleName()).append(" = ").append(method.machineName)
                    .append(".this.").append(v.name()).append(";");
        }
        String rest = text.substring(brace + 1);
        if (!rest.startsWith("\n") && !rest.startsWith("\r")) {
            rest = "\n" + " ".repeat(column + 4) + rest.stripLeading(); // the class was written on one line
        }
        return text.substring(0, brace + 1) + fields + rest;
    }

    /**
     * The declaration of the member class an anonymous class became, up to its members:
     * {@code final class Anonymous$counter extends Base {}, and a constructor that hands its
     * arguments to the superclass's when that takes any (or throws).
     */
    private String anonymousHeader(dev.weft.processor.lowering.LoweredMethod.AnonymousClass anonymous) {
        javax.lang.model.element.TypeElement type = anonymous.type();
        List<? extends javax.lang.model.type.TypeMirror> interfaces = type.getInterfaces();
        javax.lang.model.type.TypeMirror supertype = interfaces.isEmpty() ? type.getSuperclass() : interfaces.get(0);
        StringBuilder header = new StringBuilder("final class ").append(anonymous.name());
        if (!interfaces.isEmpty() || !types.isSameType(supertype, elements.getTypeElement("java.lang.Object").asType())) {
            header.append(interfaces.isEmpty() ? " extends " : " implements ").append(typeText.of(supertype));
        }
        header.append(" {");
        javax.lang.model.element.ExecutableElement constructor =
                javax.lang.model.util.ElementFilter.constructorsIn(type.getEnclosedElements()).get(0);
        List<? extends javax.lang.model.element.VariableElement> ps = constructor.getParameters();
        if (ps.isEmpty() && constructor.getThrownTypes().isEmpty()) {
            return header.toString();
        }
        List<String> params = new ArrayList<>();
        List<String> args = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            javax.lang.model.type.TypeMirror t = ps.get(i).asType();
            boolean varargs = constructor.isVarArgs() && i == ps.size() - 1;
            params.add((varargs ? typeText.of(((javax.lang.model.type.ArrayType) t).getComponentType()) + "..."
                    : typeText.of(t)) + " arg" + i);
            args.add("arg" + i);
        }
        header.append("\n    ").append(anonymous.name()).append('(').append(String.join(", ", params)).append(')');
        if (!constructor.getThrownTypes().isEmpty()) {
            header.append(" throws ").append(constructor.getThrownTypes().stream().map(typeText::of)
                    .collect(Collectors.joining(", ")));
        }
        return header.append(" {\n        super(").append(String.join(", ", args)).append(");\n    }\n").toString();
    }

    /** {@code text}, the rendering of {@code value}, in a form that may stand right of an {@code =}. */
    private String assignable(Code value, String text) {
        com.sun.source.tree.NewArrayTree bare = value.bareArrayInitializer();
        return bare == null ? text : "new " + typeText.of(copier.typeOf(bare)) + " " + text;
    }

    /** The entry point: starts the state machine with the arguments it keeps. */
    public MethodSpec entry(StateLayout layout) {
        List<String> args = new ArrayList<>();
        for (Var v : layout.fields()) {
            if (v.isParam()) {
                args.add(v.element().getSimpleName().toString());
            }
        }
        return signature()
                .addStatement("return new $L$L($L).start()", method.machineName, typeArguments(),
                        String.join(", ", args))
                .build();
    }

    /** The entry point of a method that could not be transformed (the errors say why). */
    public MethodSpec stub(String why) {
        return signature()
                .addStatement("throw new $L($S)", typeText.javaLang("IllegalStateException"),
                        "weft could not transform " + ownerName + "." + method.element.getSimpleName()
                                + "(): " + why)
                .build();
    }

    /** Member text to put in place of each placeholder field of the machine. */
    public java.util.Map<String, String> rawMembers() {
        return rawMembers;
    }

    /** Code to put in place of each placeholder line of the machine, indented as that line is. */
    public java.util.Map<String, String> rawCode() {
        return rawCode;
    }

    public TypeSpec machine(StateLayout layout) {
        stateLines.clear();
        String result = resultType();
        TypeSpec.Builder t = TypeSpec.classBuilder(method.machineName)
                .addModifiers(Modifier.PRIVATE)
                .addTypeVariables(typeVariables())
                .superclass(raw(COROUTINE + "<" + result + ">"));
        if (!ReceiverUse.needsReceiver(method)) {
            t.addModifiers(Modifier.STATIC);
        }
        t.addModifiers(Modifier.FINAL);
        t.addJavadoc("$L", "The state machine of " + new DocComments(typeText, types).link(method.element) + ", "
                + source.fileName() + ":" + source.line(method.tree) + ".\n");
        // local classes that capture nothing become member classes, so that fields can name them;
        // JavaPoet has no raw members, so a placeholder field stands for each until the file is written
        for (com.sun.source.tree.ClassTree c : layout.localClasses()) {
            String placeholder = "weft$localClass$" + method.machineName + "$" + rawMembers.size();
            Out text = new Out();
            text.comment(c);
            dev.weft.processor.lowering.LoweredMethod.AnonymousClass anonymous = layout.anonymousClass(c);
            if (anonymous == null) {
                int column = source.column(source.start(c));
                text.lines(withCaptures(layout, c, copier.copy(c), column), column, source.line(c));
            } else {
                // the declaration weft writes, then the anonymous body's members as written
                text.lines(withCaptures(layout, c, anonymousHeader(anonymous), 0).stripTrailing(), 0, 0);
                String members = copier.copy(c).substring(1); // after the body's '{'
                long line = source.line(c);
                int newline = members.indexOf('\n');
                if (newline >= 0 && members.substring(0, newline).isBlank()) {
                    members = members.substring(newline + 1);
                    line++;
                }
                String opening = source.lineText(source.line(c));
                int base = opening.length() - opening.stripLeading().length();
                int indent = 0;
                while (indent < base && indent < members.length() && members.charAt(indent) == ' ') {
                    indent++;
                }
                text.lines(members.substring(indent), base, line);
            }
            rawMembers.put(placeholder, text.sb.toString());
            t.addField(raw("Object"), placeholder, Modifier.PRIVATE);
        }
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
        for (Var v : layout.fields()) {
            t.addField(raw(fieldType(v)), v.name(), Modifier.PRIVATE);
            if (v.isParam()) {
                ctor.addParameter(raw(fieldType(v)), v.name());
                ctor.addStatement("this.$L = $L", v.name(), v.name());
            }
        }
        t.addMethod(ctor.build());
        t.addMethod(MethodSpec.methodBuilder("describe")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED)
                .returns(String.class)
                .addStatement("return $S", ownerName + "." + method.element.getSimpleName())
                .build());
        Out bodyOut = resumeBody(layout);
        // the body is most of the file: JavaPoet would re-read it character by character only to
        // indent it, so a placeholder line stands for it until AsyncClassWriter puts it in place
        String placeholder = "weft$resumeBody$" + method.machineName + ";";
        rawCode.put(placeholder, bodyOut.sb.toString());
        t.addMethod(MethodSpec.methodBuilder("resume")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED)
                .addException(raw(typeText.javaLang("Throwable")))
                .addCode("$L\n", placeholder)
                .build());
        // Async stack traces (issue 7): where each state is in the original source, and, filled in
        // by AsyncClassWriter once the file's lines are final, which generated line is which
        // original line. The runtime reads it only when an exception leaves the coroutine.
        t.addMethod(MethodSpec.methodBuilder("sourceMap")
                .addJavadoc("$L", "For async stack traces and task dumps: see Coroutine.sourceMap().\n")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED)
                .returns(String.class)
                .addStatement("return $S", sourceMapHeader() + SOURCE_MAP_LINES + bodyOut.relativeRuns() + "@")
                .build());
        return t.build();
    }

    /**
     * Ends every {@code sourceMap()} string, followed by the line runs relative to the first line
     * of {@code resume()}'s body and {@code @}, until {@link AsyncClassWriter} knows where that
     * body sits in the final file and makes them absolute.
     */
    static final String SOURCE_MAP_LINES = "@rel:";

    /**
     * Where the state machine hands control back (suspended, or done): {@code return;} in
     * {@code resume()}, {@code return true;} in the methods a large {@code resume()} is split
     * into. Written as this marker until the shape is known.
     */
    static final String RETURN = "return /*weft:leave*/;";

    /**
     * Above this many lines of states, {@code resume()} is split into methods of at most
     * {@link #LINES_PER_METHOD} lines each: the JVM limits a method to 64 KiB of bytecode, and
     * a method that javac accepts may have more awaits than one {@code resume()} can hold.
     */
    static final int LINES_IN_ONE_METHOD = 2000;
    static final int LINES_PER_METHOD = 1200;

    /** Starts a line that belongs one level of indentation less deep than its placeholder's. */
    static final char DEDENT = '\u0001';

    /** {@code demo.Foo|Foo.java|fetch|12,14,15|}: the owner's binary name, file, method, state lines. */
    private String sourceMapHeader() {
        StringBuilder owner = new StringBuilder();
        javax.lang.model.element.Element e = method.element.getEnclosingElement();
        for (; e instanceof javax.lang.model.element.TypeElement; e = e.getEnclosingElement()) {
            owner.insert(0, (owner.length() == 0 ? "" : "$")).insert(0, e.getSimpleName());
        }
        if (e instanceof javax.lang.model.element.PackageElement
                && !((javax.lang.model.element.PackageElement) e).isUnnamed()) {
            owner.insert(0, ((javax.lang.model.element.PackageElement) e).getQualifiedName() + ".");
        }
        StringBuilder states = new StringBuilder();
        for (int i = 0; i < stateLines.size(); i++) {
            states.append(i == 0 ? "" : ",").append(stateLines.get(i));
        }
        return owner + "|" + source.fileName() + "|" + method.element.getSimpleName() + "|" + states + "|";
    }

    /** The original line at the start of each state, by state number; 0 where none is known. */
    private final List<Long> stateLines = new ArrayList<>();

    private void noteStateLine(int state, long line) {
        while (stateLines.size() <= state) {
            stateLines.add(0L);
        }
        if (stateLines.get(state) == 0L) {
            stateLines.set(state, line);
        }
    }

    private String fieldType(Var v) {
        if (v.declaredType() != null) {
            return copier.render(v.declaredType());
        }
        return typeText.of(v.type());
    }

    // ---------------------------------------------------------------- resume()

    private final class Out {
        final StringBuilder sb = new StringBuilder();
        int depth;
        long lastLine = -1;
        /** The state whose code is being written, for {@link #stateLines}; -1 outside states. */
        int state = -1;
        /** The original line of each line written, 0 where unknown: the source map's input. */
        final List<Long> origins = new ArrayList<>();
        /** The original line of the statement being written (its comment's line). */
        long currentLine;

        void line(String text) {
            int cut = firstBreak(text);
            if (cut >= 0) {
                // a replacement block: one statement a line, all of them the original's line
                String lead = text.substring(0, text.length() - text.stripLeading().length());
                int from = 0;
                String indent = "";
                while (cut >= 0) {
                    line(indent + stripTrailing(text.substring(from, cut)));
                    indent = text.charAt(cut) == SourceCopier.BREAK_INDENTED ? lead + INDENT : lead;
                    from = cut + 1;
                    cut = firstBreak(text.substring(from));
                    cut = cut < 0 ? -1 : from + cut;
                }
                line(indent + text.substring(from));
                return;
            }
            sb.append(INDENT.repeat(depth)).append(text).append('\n');
            origins.add(currentLine);
        }

        private int firstBreak(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == SourceCopier.BREAK_INDENTED || c == SourceCopier.BREAK) {
                    return i;
                }
            }
            return -1;
        }

        void append(Out other) {
            sb.append(other.sb);
            origins.addAll(other.origins);
        }

        /** Puts {@code statement} where the state machine hands control back ({@link #RETURN}). */
        void leave(String statement) {
            int at;
            while ((at = sb.indexOf(RETURN)) >= 0) {
                sb.replace(at, at + RETURN.length(), statement);
            }
        }

        /** A copy with every line {@code levels} levels of indentation deeper. */
        Out shifted(int levels) {
            Out o = new Out();
            for (String l : sb.toString().split("\n", -1)) {
                o.sb.append(l.isEmpty() ? "" : INDENT.repeat(levels)).append(l).append('\n');
            }
            o.sb.setLength(o.sb.length() - 1); // the split's last, empty part
            o.origins.addAll(origins);
            return o;
        }

        /** A copy whose lines are marked to go one level less deep than resume()'s body, where they are put. */
        Out dedented() {
            Out o = new Out();
            String[] ls = sb.toString().split("\n", -1);
            for (int i = 0; i < ls.length - 1; i++) {
                o.sb.append(ls[i].isBlank() ? "" : DEDENT + ls[i]).append('\n');
            }
            o.origins.addAll(origins);
            return o;
        }

        /**
         * {@code origins} as runs from an index (0 = the first line of the body): {@code i:L}
         * says lines i, i+1... are original lines L, L+1... (code copied line for line), {@code
         * i=L} that they are all line L (what lowering wrote for one statement), until the next
         * run; L = 0 is no original line.
         */
        String relativeRuns() {
            StringBuilder runs = new StringBuilder();
            int i = 0;
            while (i < origins.size()) {
                long line = origins.get(i);
                boolean constant = i + 1 >= origins.size() || origins.get(i + 1) != line + 1;
                int end = i + 1;
                while (end < origins.size()
                        && origins.get(end) == (constant ? line : line + (end - i))) {
                    end++;
                }
                runs.append(runs.length() == 0 ? "" : ",").append(i).append(constant ? '=' : ':').append(line);
                i = end;
            }
            return runs.toString();
        }

        /** Writes code copied from the user's source: its k-th line is the original's k-th. */
        void lines(String text, Code code) {
            lines(text, code == null ? 0 : copier.baseColumn(code), code == null ? 0 : copier.startLine(code));
        }

        /** Writes copied text whose first line is original line {@code startLine} (0: unknown). */
        void lines(String text, int baseColumn, long startLine) {
            long saved = currentLine;
            String[] parts = text.split("\n", -1);
            for (int i = 0; i < parts.length; i++) {
                if (startLine > 0) {
                    currentLine = startLine + i;
                }
                lines(parts[i], baseColumn, i);
            }
            currentLine = saved;
        }

        private void lines(String part, int baseColumn, int index) {
            String l = part;
            if (index > 0) {
                int strip = 0;
                while (strip < baseColumn && strip < l.length() && (l.charAt(strip) == ' ' || l.charAt(strip) == '\t')) {
                    strip++;
                }
                l = l.substring(strip);
            }
            l = stripTrailing(l);
            if (l.isEmpty()) {
                sb.append('\n');
                origins.add(currentLine);
            } else {
                line(l);
            }
        }

        void comment(Tree at) {
            if (at == null) {
                return;
            }
            long line = source.line(at);
            currentLine = line;
            if (state >= 0) {
                noteStateLine(state, line);
            }
            if (line == lastLine) {
                return;
            }
            lastLine = line;
            String text = source.lineText(line).trim().replace("\\", "\\\\");
            if (text.length() > 100) {
                text = text.substring(0, 97) + "...";
            }
            line("// " + source.fileName() + ":" + line + "  " + text);
        }
    }

    private static String stripTrailing(String s) {
        int e = s.length();
        while (e > 0 && Character.isWhitespace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(0, e);
    }

    private Out resumeBody(StateLayout layout) {
        Out out = new Out();

        List<StateLayout.Block> blocks = layout.blocks();
        if (!layout.hasStates()) {
            StateLayout.Block b = blocks.get(0);
            out.state = 0;
            out.comment(b.lineAtStart);
            for (Instr i : b.instrs) {
                instr(i, b, out);
            }
            return out;
        }
        boolean table = false;
        for (StateLayout.Block b : blocks) {
            table |= b.region() != null;
        }
        int base = table ? 3 : 2;
        List<Out> segments = new ArrayList<>();
        List<Boolean> fallsOff = new ArrayList<>();
        for (int n = 0; n < blocks.size(); n++) {
            Out cases = new Out();
            if (n > 0) {
                cases.currentLine = segments.get(n - 1).currentLine; // a case label is still the line before
            }
            segments.add(cases);
            StateLayout.Block b = blocks.get(n);
            boolean braces = b.declaresLocals;
            cases.depth = base;
            cases.line("case " + b.label.state() + ":" + (braces ? " {" : ""));
            cases.depth = base + 1;
            cases.lastLine = -1;
            cases.state = b.label.state();
            if (b.instrs.isEmpty() || !(b.instrs.get(0) instanceof Instr.Line)) {
                cases.comment(b.lineAtStart);
            }
            boolean constantsWritten = b.constants.isEmpty();
            List<Instr> instrs = b.instrs;
            boolean jumpsToNext = !instrs.isEmpty() && instrs.get(instrs.size() - 1) instanceof Instr.Jump
                    && n + 1 < blocks.size()
                    && ((Instr.Jump) instrs.get(instrs.size() - 1)).target.state() == blocks.get(n + 1).label.state();
            if (jumpsToNext) {
                // a jump to the very next state: fall into it instead
                instrs = instrs.subList(0, instrs.size() - 1);
            }
            for (Instr i : instrs) {
                if (!constantsWritten && !(i instanceof Instr.Line)) {
                    for (Var v : b.constants) {
                        cases.line("final " + typeText.of(v.type()) + " " + v.name() + " = "
                                + elements.getConstantExpression(v.element().getConstantValue())
                                + "; // a constant, so declared again in each state that uses it");
                    }
                    constantsWritten = true;
                }
                instr(i, b, cases);
            }
            boolean fallsThrough = instrs.isEmpty() || instrs.get(instrs.size() - 1).completesNormally();
            fallsOff.add(fallsThrough);
            if (fallsThrough && n + 1 < blocks.size() && blocks.get(n + 1).region() != b.region()) {
                // entering or leaving a try region: the exception table must see the new state
                cases.line("state = " + blocks.get(n + 1).label.state() + ";");
            }
            if (braces) {
                cases.depth = base;
                cases.line("}");
            }
        }
        int lines = segments.stream().mapToInt(o -> o.origins.size()).sum();
        if (lines > LINES_IN_ONE_METHOD) {
            return split(layout, blocks, segments, fallsOff, table);
        }
        Out cases = new Out();
        segments.forEach(cases::append);
        out.leave("return;");
        if (copier.usedMachineLabel()) {
            out.line(machineLabel() + ":");
        }
        out.line("for (;;) {");
        out.depth = 1;
        if (table) {
            out.line("try {");
            out.depth = 2;
        }
        out.line("switch (state) {");
        out.append(cases);
        out.line("}");
        closeMachineLoop(layout, out, table);
        out.leave("return;");
        return out;
    }

    /**
     * A {@code resume()} too large for one method: it dispatches to methods that each hold the
     * states of one range and return true where {@code resume()} must return, false when the
     * state moved out of their range. Exceptions still reach the one exception table, here.
     */
    private Out split(StateLayout layout, List<StateLayout.Block> blocks, List<Out> segments, List<Boolean> fallsOff,
            boolean table) {
        List<int[]> groups = new ArrayList<>(); // [first block, end block)
        int from = 0;
        int size = 0;
        for (int n = 0; n < segments.size(); n++) {
            if (size > 0 && size + segments.get(n).origins.size() > LINES_PER_METHOD) {
                groups.add(new int[] {from, n});
                from = n;
                size = 0;
            }
            size += segments.get(n).origins.size();
        }
        groups.add(new int[] {from, segments.size()});
        Out out = new Out();
        out.line("// too many states for one method (the JVM allows 64 KiB of code in each):");
        out.line("// resume$0, resume$1... each run the states of one range");
        out.line("for (;;) {");
        out.depth = 1;
        if (table) {
            out.line("try {");
            out.depth = 2;
        }
        for (int g = 0; g < groups.size(); g++) {
            int end = groups.get(g)[1];
            String call = "resume$" + g + "()";
            if (g + 1 < groups.size()) {
                out.line((g == 0 ? "if" : "} else if") + " (state < " + blocks.get(end).label.state() + ") {");
            } else {
                out.line("} else {");
            }
            out.depth++;
            out.line("if (" + call + ") {");
            out.line(INDENT + "return;");
            out.line("}");
            out.depth--;
        }
        out.line("}");
        closeMachineLoop(layout, out, table);
        // the methods follow, written where resume()'s body goes, one level less deep: each
        // starts by closing the method before it, and resume()'s own closing brace closes the last
        for (int g = 0; g < groups.size(); g++) {
            int first = groups.get(g)[0];
            int end = groups.get(g)[1];
            Out m = new Out();
            m.line("}");
            m.line("");
            m.line("/**");
            m.line(" * States " + blocks.get(first).label.state() + " to " + blocks.get(end - 1).label.state()
                    + " of resume(): true when resume() must return, false when the state left them.");
            m.line(" */");
            m.line("private boolean resume$" + g + "() throws " + typeText.javaLang("Throwable") + " {");
            m.depth = 1;
            if (copier.usedMachineLabel()) {
                m.line(machineLabel() + ":");
            }
            m.line("for (;;) {");
            m.depth = 2;
            m.line("switch (state) {");
            for (int n = first; n < end; n++) {
                m.append(segments.get(n).shifted(table ? 0 : 1)); // written for resume()'s own switch
            }
            if (end < segments.size() && fallsOff.get(end - 1)) {
                m.depth = 4;
                m.line("state = " + blocks.get(end).label.state() + "; // falls into the next range");
                m.line("return false;");
            }
            m.depth = 3;
            m.line("default:");
            m.line(INDENT + "return false;");
            m.depth = 2;
            m.line("}");
            m.depth = 1;
            m.line("}");
            m.leave("return true;");
            out.append(m.dedented());
        }
        return out;
    }

    /** Ends the {@code for (;;)} of resume(), after its exception table when it has one. */
    private void closeMachineLoop(StateLayout layout, Out out, boolean table) {
        if (table) {
            out.depth = 1;
            out.line("} catch (" + typeText.javaLang("Throwable") + " " + HANDLER_PARAMETER + ") {");
            out.depth = 2;
            exceptionTable(layout, out);
            out.depth = 1;
            out.line("}");
        }
        out.depth = 0;
        out.line("}");
    }

    private static final String HANDLER_PARAMETER = StateLayout.HANDLER_PARAMETER;

    /**
     * The exception table: for each group of states in the same try region, the catch clauses
     * to try in order (JLS 14.20.1), then the finally that must run first with the exception
     * in its record (JLS 14.20.2); an exception nothing handles leaves {@code resume()}.
     */
    private void exceptionTable(StateLayout layout, Out out) {
        java.util.Map<String, List<Integer>> groups = new java.util.LinkedHashMap<>();
        for (StateLayout.Block b : layout.blocks()) {
            if (b.region() == null) {
                continue;
            }
            String code = handlerCode(b.region(), layout);
            if (!code.equals("break;\n")) {
                groups.computeIfAbsent(code, k -> new ArrayList<>()).add(b.label.state());
            }
        }
        if (groups.isEmpty()) {
            out.line("throw " + HANDLER_PARAMETER + ";");
            return;
        }
        out.line("switch (state) {");
        for (java.util.Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            out.depth++;
            for (int state : g.getValue()) {
                out.line("case " + state + ":");
            }
            out.depth++;
            for (String l : g.getKey().split("\n")) {
                out.line(l);
            }
            out.depth -= 2;
        }
        out.line("}");
        out.line("throw " + HANDLER_PARAMETER + ";");
    }

    private String handlerCode(dev.weft.processor.lowering.Region r, StateLayout layout) {
        StringBuilder sb = new StringBuilder();
        String e = HANDLER_PARAMETER;
        for (; r != null; r = r.outer) {
            dev.weft.processor.lowering.Handler h = r.handler;
            if (r.part == dev.weft.processor.lowering.Region.Part.TRY) {
                for (dev.weft.processor.lowering.Handler.Arm a : h.arms) {
                    String go = layout.caught().name() + " = " + e + ";\nstate = " + a.label.state()
                            + ";\ncontinue;\n";
                    if (a.catchesAll) {
                        return sb.append(go).toString();
                    }
                    String test = a.types.stream().map(t -> e + " instanceof " + copier.render(t))
                            .collect(Collectors.joining(" || "));
                    sb.append("if (").append(test).append(") {\n");
                    for (String l : go.split("\n")) {
                        sb.append(INDENT).append(l).append('\n');
                    }
                    sb.append("}\n");
                }
            }
            if (h.finallyLabel() != null) {
                sb.append(h.thrown().name()).append(" = ").append(e).append(";\n");
                if (h.finallyCompletes()) {
                    sb.append(h.next().name()).append(" = ").append(h.rethrow().state()).append(";\n");
                }
                sb.append("state = ").append(h.finallyLabel().state()).append(";\ncontinue;\n");
                return sb.toString();
            }
        }
        return sb.append("break;\n").toString();
    }

    private String machineLabel() {
        return "machine";
    }

    private void instr(Instr i, StateLayout.Block b, Out out) {
        List<Var> copies = b.captureCopies.get(i);
        if (copies != null) {
            for (Var v : copies) {
                out.line(fieldType(v) + " " + v.name() + " = this." + v.name() + ";");
            }
        }
        if (i instanceof Instr.Line) {
            out.comment(((Instr.Line) i).at);
        } else if (i instanceof Instr.Exec) {
            Code c = ((Instr.Exec) i).code;
            out.lines(copier.render(c), c);
        } else if (i instanceof Instr.Declare) {
            Instr.Declare d = (Instr.Declare) i;
            Var v = d.var;
            String init = d.init == null ? null : copier.render(d.init);
            if (v.hoisted()) {
                if (init != null) {
                    out.lines(v.name() + " = " + assignable(d.init, init) + ";", d.init);
                }
            } else {
                String type;
                if (v.declaredType() != null) {
                    type = copier.render(v.declaredType());
                } else if (v.writtenAsVar() && init != null) {
                    type = "var";
                } else {
                    TypeMirror denotable = typeText.denotable(v.type());
                    boolean nameable = denotable == v.type() && typeText.unnameableClassIn(denotable) == null;
                    type = nameable || init == null ? typeText.of(v.type()) : "var";
                }
                out.lines((d.isFinal ? "final " : "") + type + " " + v.name()
                        + (init == null ? "" : " = " + init) + ";", d.init);
            }
        } else if (i instanceof Instr.Assign) {
            Instr.Assign a = (Instr.Assign) i;
            out.lines(a.var.name() + " = " + assignable(a.value, copier.render(a.value)) + ";", a.value);
        } else if (i instanceof Instr.Jump) {
            out.line("state = " + ((Instr.Jump) i).target.state() + ";");
            out.line("continue;");
        } else if (i instanceof Instr.JumpVia) {
            out.line("state = " + ((Instr.JumpVia) i).next.name() + ";");
            out.line("continue;");
        } else if (i instanceof Instr.JumpIf) {
            Instr.JumpIf j = (Instr.JumpIf) i;
            out.lines("if (" + copier.render(j.condition) + ") {", j.condition);
            out.depth++;
            out.line("state = " + j.target.state() + ";");
            out.line("continue;");
            out.depth--;
            out.line("}");
        } else if (i instanceof Instr.Suspend) {
            Instr.Suspend s = (Instr.Suspend) i;
            out.lines("if (suspendOn(" + copier.render(s.task) + ", " + s.resume.state() + ")) {", s.task);
            out.depth++;
            out.line(RETURN);
            out.depth--;
            out.line("}");
        } else if (i instanceof Instr.Return) {
            Instr.Return r = (Instr.Return) i;
            String v = r.value == null ? "null" : copier.render(r.value);
            out.lines((r.adoptsTask ? "returnTask(" : "returnValue(") + v + ");",
                    r.value);
            out.line(RETURN);
        } else if (i instanceof Instr.Dispatch) {
            Instr.Dispatch d = (Instr.Dispatch) i;
            out.lines("switch (" + copier.render(d.selector) + ") {", d.selector);
            out.depth++;
            for (Instr.Arm a : d.arms) {
                // a pattern variable the case body uses is a field: the label declares a local of
                // another name (the guard reads it), copied into the field once the case is taken
                String labels = a.labels.stream().map(copier::render).collect(Collectors.joining(", "));
                String guard = a.guard == null ? "" : " when " + copier.renderReadingBindingLocals(a.guard, a.labels);
                out.line("case " + labels + guard + ":");
                out.depth++;
                for (Code label : a.labels) {
                    for (String assignment : copier.bindingFieldAssignments(label)) {
                        out.line(assignment);
                    }
                }
                out.line("state = " + a.target.state() + ";");
                out.line("continue;");
                out.depth--;
            }
            if (d.otherwise != null || !d.enhanced) {
                out.line("default:");
                out.depth++;
                if (d.otherwise != null) {
                    out.line("state = " + d.otherwise.state() + ";");
                    out.line("continue;");
                } else {
                    out.line("throw new " + typeText.javaLang("IncompatibleClassChangeError") + "();");
                }
                out.depth--;
            }
            out.depth--;
            out.line("}");
        } else {
            throw new IllegalStateException("unknown instruction " + i);
        }
    }
}
