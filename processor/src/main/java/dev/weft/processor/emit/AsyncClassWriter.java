package dev.weft.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.TypeParameterTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.Trees;
import dev.weft.processor.analysis.SourceText;
import dev.weft.processor.analysis.TypeText;
import dev.weft.processor.attribution.InPlaceMembers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Writes {@code Foo_Async}: the header naming the source, the original file's imports, the
 * class ({@code extends Foo} when it can), a mirror of each non-private constructor, and for each
 * {@code @Async} method its entry point and state machine.
 */
public final class AsyncClassWriter {
    /**
     * Every lint category javac 17 to 25 can report on the generated code: the copies of the
     * user's lines already warned, once, where the user wrote them; what weft adds (a state
     * falling through into the next, an override of a deprecated method, a subclass of a
     * serializable class) is not the user's to fix. {@code doclint}: javac 18 and later check
     * comments under {@code -Xdoclint} and honour it; 17 ignores it, as it ignores every name it
     * does not know.
     */
    static final AnnotationSpec SUPPRESS_WARNINGS = suppressWarnings("auxiliaryclass", "cast",
            "dangling-doc-comments", "dep-ann", "deprecation", "divzero", "doclint", "empty", "exports",
            "fallthrough", "finally", "identity", "lossy-conversions", "overloads", "overrides", "rawtypes",
            "removal", "serial", "static", "strictfp", "synchronization", "text-blocks", "this-escape", "try",
            "unchecked", "varargs");

    private static AnnotationSpec suppressWarnings(String... lints) {
        // one member, wrapped as a paragraph ($W), rather than JavaPoet's one line per value
        String values = java.util.Arrays.stream(lints).map(l -> '"' + l + '"').collect(Collectors.joining(",$W"));
        return AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "{" + values + "}").build();
    }

    private final TypeElement owner;
    private final String generatedName;
    private final boolean extendsOwner;
    private final SourceText source;
    private final SourceCopier copier;
    private final TypeText typeText;
    private final Trees trees;
    private final Elements elements;
    private final javax.lang.model.util.Types types;
    private final PrivateAccess privateAccess;
    private final List<MethodSpec> methods = new ArrayList<>();
    private final List<TypeSpec> machines = new ArrayList<>();

    public AsyncClassWriter(TypeElement owner, String generatedName, boolean extendsOwner,
            SourceText source, SourceCopier copier, TypeText typeText, Trees trees, Elements elements,
            javax.lang.model.util.Types types, PrivateAccess privateAccess) {
        this.types = types;
        this.privateAccess = privateAccess;
        this.owner = owner;
        this.generatedName = generatedName;
        this.extendsOwner = extendsOwner;
        this.source = source;
        this.copier = copier;
        this.typeText = typeText;
        this.trees = trees;
        this.elements = elements;
    }

    private final java.util.Map<String, String> rawMembers = new java.util.LinkedHashMap<>();

    /** Members JavaPoet cannot express, each written in place of its placeholder field. */
    public void addRawMembers(java.util.Map<String, String> members) {
        rawMembers.putAll(members);
    }

    private final java.util.Map<String, String> rawCode = new java.util.LinkedHashMap<>();

    /** Code JavaPoet need not see, each put in place of its placeholder line (see {@link #withRawCode}). */
    public void addRawCode(java.util.Map<String, String> code) {
        rawCode.putAll(code);
    }

    public void add(MethodSpec entry, TypeSpec machine) {
        methods.add(entry);
        if (machine != null) {
            machines.add(machine);
        }
    }

    public String packageName() {
        return elements.getPackageOf(owner).getQualifiedName().toString();
    }

    /**
     * @param annotateGenerated whether {@code Foo_Async} carries {@code @Generated}: not in a named
     *     module that does not read {@code java.compiler}, where the annotation is not visible (the
     *     file's header comment says it is generated all the same)
     */
    public String write(boolean annotateGenerated) {
        ClassTree classTree = trees.getTree(owner);
        boolean generatedClash = source.unit().getImports().stream().anyMatch(i -> !i.isStatic()
                && i.getQualifiedIdentifier().toString().endsWith(".Generated"))
                || elements.getTypeElement(qualify("Generated")) != null;
        TypeSpec.Builder t = TypeSpec.classBuilder(generatedName);
        if (annotateGenerated) {
            t.addAnnotation(AnnotationSpec.builder(ClassName.get("",
                            generatedClash ? "javax.annotation.processing.Generated" : "Generated"))
                    .addMember("value", "$S", "dev.weft.processor.WeftProcessor")
                    .build());
        }
        t.addAnnotation(SUPPRESS_WARNINGS)
                .addOriginatingElement(outermost(owner));
        t.addJavadoc("$L", classComment(classTree));
        if (owner.getModifiers().contains(Modifier.PUBLIC)) {
            t.addModifiers(Modifier.PUBLIC);
        }
        List<TypeVariableName> typeVars = new ArrayList<>();
        if (classTree != null) {
            for (TypeParameterTree p : classTree.getTypeParameters()) {
                typeVars.add(TypeVariableName.get(copier.copy(p)));
            }
        }
        if (extendsOwner) {
            if (owner.getModifiers().contains(Modifier.ABSTRACT)) {
                t.addModifiers(Modifier.ABSTRACT);
            }
            if (owner.getModifiers().contains(Modifier.SEALED)) {
                t.addModifiers(Modifier.NON_SEALED); // a permitted subclass of a sealed class says how it goes on
            }
            t.addTypeVariables(typeVars);
            String args = classTree == null || classTree.getTypeParameters().isEmpty() ? ""
                    : classTree.getTypeParameters().stream().map(p -> p.getName().toString())
                            .collect(Collectors.joining(", ", "<", ">"));
            t.superclass(StateMachineWriter.raw(ownerTypeName() + args));
            for (ExecutableElement c : ElementFilter.constructorsIn(owner.getEnclosedElements())) {
                if (!c.getModifiers().contains(Modifier.PRIVATE)) {
                    t.addMethod(constructor(c));
                }
            }
        } else {
            t.addModifiers(Modifier.FINAL);
            t.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        }
        t.addMethods(methods);
        privateAccess.addTo(t);
        t.addTypes(machines);
        String file = JavaFile.builder(packageName(), t.build())
                .addFileComment("$L", "Generated by weft from " + sourcePath() + ". Do not edit: change "
                        + source.fileName() + " instead.")
                .skipJavaLangImports(true)
                .indent("    ")
                .build()
                .toString();
        for (java.util.Map.Entry<String, String> m : rawMembers.entrySet()) {
            String line = "private Object " + m.getKey() + ";";
            int at = file.indexOf(line);
            if (at < 0) {
                continue;
            }
            int lineStart = file.lastIndexOf('\n', at) + 1;
            String indent = file.substring(lineStart, at);
            StringBuilder text = new StringBuilder();
            for (String l : m.getValue().split("\n", -1)) {
                if (!l.isEmpty()) {
                    text.append(indent).append(l);
                }
                text.append('\n');
            }
            String replacement = text.toString().replaceAll("\n+$", "\n");
            file = file.substring(0, lineStart) + replacement + file.substring(at + line.length() + 1);
        }
        return withSourceMaps(withImports(withRawCode(file), generatedClash || !annotateGenerated));
    }

    /**
     * Puts the code of each {@link #addRawCode} placeholder in place of the placeholder's line,
     * exactly as JavaPoet writes code ({@code CodeWriter.emitAndIndent}): split into lines where
     * the regex {@code \R} matches, each line that is not empty preceded by the indentation, here
     * the placeholder line's. One pass over the file.
     */
    private String withRawCode(String file) {
        java.util.TreeMap<Integer, String> at = new java.util.TreeMap<>();
        int size = file.length();
        for (java.util.Map.Entry<String, String> c : rawCode.entrySet()) {
            int i = file.indexOf(c.getKey());
            if (i >= 0) {
                at.put(i, c.getKey());
                size += c.getValue().length();
            }
        }
        if (at.isEmpty()) {
            return file;
        }
        StringBuilder out = new StringBuilder(size);
        int copied = 0;
        for (java.util.Map.Entry<Integer, String> p : at.entrySet()) {
            int lineStart = file.lastIndexOf('\n', p.getKey()) + 1;
            out.append(file, copied, lineStart);
            appendIndented(out, file.substring(lineStart, p.getKey()), rawCode.get(p.getValue()));
            copied = file.indexOf('\n', p.getKey()) + 1; // the placeholder line, its newline included
        }
        return out.append(file, copied, file.length()).toString();
    }

    private static void appendIndented(StringBuilder out, String indent, String code) {
        int n = code.length();
        int from = 0;
        while (true) {
            int end = from;
            while (end < n && !isLineBreak(code.charAt(end))) {
                end++;
            }
            if (end > from && code.charAt(from) == StateMachineWriter.DEDENT) {
                // a line of a method that resume()'s body is split into: one level less deep
                out.append(indent, 0, Math.max(0, indent.length() - 4)).append(code, from + 1, end);
            } else if (end > from) {
                out.append(indent).append(code, from, end);
            }
            if (end == n) {
                return;
            }
            out.append('\n');
            from = code.charAt(end) == '\r' && end + 1 < n && code.charAt(end + 1) == '\n' ? end + 2 : end + 1;
        }
    }

    /** A character that {@code \R} matches (with {@code \r\n} as one break). */
    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u0085' || c == '\u2028'
                || c == '\u2029';
    }

    /**
     * The second pass of async stack traces (issue 7), on the final text, so that no line moves
     * afterwards: each state machine's {@code sourceMap()} string ends in the runs of original
     * lines relative to the first line of its {@code resume()} body ({@code @rel:0=0,3:12,5=14@});
     * here they become runs of the final file's lines ({@code 57=0,60:12,62=14}: from line 60 on,
     * lines are original lines 12, 13... until line 62, which starts lines that are all 14; 0 is
     * no original line), on the same line.
     */
    private String withSourceMaps(String file) {
        String placeholder = StateMachineWriter.SOURCE_MAP_LINES;
        if (!file.contains(placeholder)) {
            return file;
        }
        String[] lines = file.split("\n", -1);
        int bodyStart = 0; // 1-based line of the current resume()'s first body line
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            String trimmed = l.trim();
            if (trimmed.equals("protected void resume() throws Throwable {") && bodyStart == 0) {
                bodyStart = i + 2;
            } else if (trimmed.startsWith("return \"") && trimmed.endsWith("@\";")
                    && l.contains(placeholder)) {
                int from = l.indexOf(placeholder);
                int to = l.lastIndexOf("@\";");
                StringBuilder runs = new StringBuilder();
                for (String run : l.substring(from + placeholder.length(), to).split(",")) {
                    if (run.isEmpty()) {
                        continue;
                    }
                    int colon = Math.max(run.indexOf(':'), run.indexOf('='));
                    runs.append(runs.length() == 0 ? "" : ",")
                            .append(bodyStart + Integer.parseInt(run.substring(0, colon)))
                            .append(run.substring(colon));
                }
                lines[i] = l.substring(0, from) + runs + l.substring(to + 1);
                bodyStart = 0;
            }
        }
        return String.join("\n", lines);
    }


    private String qualify(String simple) {
        String pkg = packageName();
        return pkg.isEmpty() ? simple : pkg + "." + simple;
    }

    private String sourcePath() {
        String pkg = packageName();
        return pkg.isEmpty() ? source.fileName() : pkg.replace('.', '/') + "/" + source.fileName();
    }

    /** {@code Foo}, or {@code Outer.Inner} for a nested class. */
    private String ownerTypeName() {
        StringBuilder sb = new StringBuilder(owner.getSimpleName());
        for (Element e = owner.getEnclosingElement(); e instanceof TypeElement; e = e.getEnclosingElement()) {
            sb.insert(0, e.getSimpleName() + ".");
        }
        return sb.toString();
    }

    private static TypeElement outermost(TypeElement t) {
        TypeElement out = t;
        for (Element e = t.getEnclosingElement(); e instanceof TypeElement; e = e.getEnclosingElement()) {
            out = (TypeElement) e;
        }
        return out;
    }

    /** What {@code Foo_Async} is, for its readers and javadoc: {@code Foo}, transformed. */
    private String classComment(ClassTree classTree) {
        String link = "{@link " + typeText.name(owner) + "}";
        StringBuilder doc = new StringBuilder(extendsOwner
                ? link + ", with its {@code @Async} methods run as state machines on the event loop.\n"
                : "The {@code @Async} methods of " + link + ", run as state machines on the event loop.\n");
        if (extendsOwner && classTree != null && !classTree.getTypeParameters().isEmpty()) {
            doc.append("\n");
            for (TypeParameterTree p : classTree.getTypeParameters()) {
                doc.append("@param <").append(p.getName()).append("> as in ").append(link).append("\n");
            }
        }
        return doc.toString();
    }

    private MethodSpec constructor(ExecutableElement c) {
        MethodSpec.Builder m = MethodSpec.constructorBuilder();
        DocComments docs = new DocComments(typeText, types);
        m.addJavadoc("$L", docs.of("As " + docs.link(c) + ".", c));
        for (Modifier mod : c.getModifiers()) {
            if (mod == Modifier.PUBLIC || mod == Modifier.PROTECTED) {
                m.addModifiers(mod);
            }
        }
        MethodTree tree = trees.getTree(c);
        // a constructor Lombok wrote is declared in the shadow only as a stub: written from its
        // element, with the file's own names, like one the compiler made
        boolean fromSource = tree != null && elements.getOrigin(c) == Elements.Origin.EXPLICIT
                && source.hasRange(tree) && !InPlaceMembers.isStub(source.text(), source.start(tree));
        List<String> args = new ArrayList<>();
        if (fromSource) {
            for (AnnotationTree a : tree.getModifiers().getAnnotations()) {
                m.addAnnotation(annotation(a));
            }
            for (TypeParameterTree p : tree.getTypeParameters()) {
                m.addTypeVariable(TypeVariableName.get(copier.copy(p)));
            }
            for (VariableTree p : tree.getParameters()) {
                m.addParameter(parameter(p));
                args.add(p.getName().toString());
            }
            for (ExpressionTree t : tree.getThrows()) {
                m.addException(StateMachineWriter.raw(copier.copy(t)));
            }
        } else {
            for (VariableElement p : c.getParameters()) {
                m.addParameter(StateMachineWriter.raw(typeText.of(p.asType())), p.getSimpleName().toString());
                args.add(p.getSimpleName().toString());
            }
            for (javax.lang.model.type.TypeMirror t : c.getThrownTypes()) {
                m.addException(StateMachineWriter.raw(typeText.of(t)));
            }
        }
        if (c.isVarArgs() && !fromSource) {
            m.varargs(true);
        }
        m.addStatement("super($L)", String.join(", ", args));
        return m.build();
    }

    private com.palantir.javapoet.ParameterSpec parameter(VariableTree p) {
        String text = copier.copy(p);
        String name = p.getName().toString();
        String type = text.endsWith(name) ? text.substring(0, text.length() - name.length()).trim()
                : copier.copy(p.getType());
        return com.palantir.javapoet.ParameterSpec.builder(StateMachineWriter.raw(type), name).build();
    }

    private AnnotationSpec annotation(AnnotationTree a) {
        AnnotationSpec.Builder b = AnnotationSpec.builder(ClassName.get("", copier.copy(a.getAnnotationType())));
        for (ExpressionTree arg : a.getArguments()) {
            if (arg instanceof AssignmentTree) {
                AssignmentTree as = (AssignmentTree) arg;
                String name = as.getVariable() instanceof IdentifierTree
                        ? ((IdentifierTree) as.getVariable()).getName().toString() : "value";
                b.addMember(name, "$L", copier.copy(as.getExpression()));
            } else {
                b.addMember("value", "$L", copier.copy(arg));
            }
        }
        return b.build();
    }

    /** {@code file} with the user's imports, and {@code @Generated}'s unless {@code noGeneratedImport}. */
    private String withImports(String file, boolean noGeneratedImport) {
        StringBuilder imports = new StringBuilder();
        for (ImportTree i : source.unit().getImports()) {
            String text = source.text(i).trim();
            if (!text.endsWith(";")) {
                text += ";";
            }
            imports.append(text).append('\n');
        }
        if (!noGeneratedImport) {
            imports.append("import javax.annotation.processing.Generated;\n");
        }
        if (imports.length() == 0) {
            return file;
        }
        String pkgLine = "package " + packageName() + ";\n";
        int at = file.indexOf(pkgLine);
        if (packageName().isEmpty() || at < 0) {
            // the unnamed package: the imports go after the header comment, before the class
            int afterComment = 0;
            while (file.startsWith("//", afterComment)) {
                afterComment = file.indexOf('\n', afterComment) + 1;
            }
            while (file.startsWith("\n", afterComment)) {
                afterComment++;
            }
            return file.substring(0, afterComment) + "\n" + imports + "\n" + file.substring(afterComment);
        }
        int insert = at + pkgLine.length();
        return file.substring(0, insert) + "\n" + imports + file.substring(insert);
    }
}
