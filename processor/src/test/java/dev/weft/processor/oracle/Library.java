package dev.weft.processor.oracle;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import javax.lang.model.element.Modifier;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * One library's sources, parsed and attributed with javac's own Tree API ({@link JavacTask}),
 * reduced to the methods with a body that the oracle can lift out ({@link Site}: static methods
 * of top-level and static nested types, and instance methods of classes it can extend) and, in
 * each, the expression positions where an await may go ({@link Spot}).
 */
final class Library {
    /** Where an await may go: the expression's source range, its statement, its primitive type. */
    record Spot(int start, int end, int statement, String primitive) {}

    /**
     * For an instance method: how the lifted copy's class extends the method's class (its type
     * parameters as declared, and as arguments), which must have a no-argument constructor.
     */
    record Subclass(String typeParams, String typeArgs) {}

    /** A {@code return} statement: the range of its expression, or none ({@code start < 0}). */
    record Return(int start, int end, int semicolon) {}

    /** A method with a body, lifted out of the last of {@code owners} in {@code pkg}. */
    record Site(String library, String file, int line, String pkg, List<String> imports, List<String> owners,
            String typeParams, String returnType, String name, String params, String throwsClause, String body,
            int bodyStart, List<Spot> spots, List<Return> returns, List<String> paramTypes, Subclass subclass) {
        boolean isStatic() {
            return subclass == null;
        }

        boolean isVoid() {
            return returnType.equals("void");
        }

        String where() {
            return library + ":" + file + ":" + line + " " + name;
        }
    }

    private static final Set<String> PRIMITIVES = Set.of("boolean", "byte", "short", "char", "int", "long", "float",
            "double");

    final String name;
    final List<Site> sites = new ArrayList<>();

    private Library(String name) {
        this.name = name;
    }

    /** Unpacks {@code sourcesJar} under {@code work} and attributes it against {@code classpath}. */
    static Library load(String name, Path sourcesJar, Path work, String classpath) {
        Library lib = new Library(name);
        List<Path> files = unpack(sourcesJar, work.resolve("src").resolve(name));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> ignored = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(ignored, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
            JavacTask task = (JavacTask) javac.getTask(null, fm, ignored,
                    List.of("-proc:none", "-classpath", classpath, "-Xlint:none", "-nowarn", "-encoding", "UTF-8"),
                    null, units);
            Iterable<? extends CompilationUnitTree> parsed = task.parse();
            task.analyze();
            Trees trees = Trees.instance(task);
            for (CompilationUnitTree unit : parsed) {
                lib.collect(unit, trees);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lib.sites.sort(Comparator.comparing(Site::file).thenComparingInt(Site::line));
        return lib;
    }

    private static List<Path> unpack(Path jar, Path into) {
        List<Path> files = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                String n = e.getName();
                if (e.isDirectory() || !n.endsWith(".java") || n.endsWith("module-info.java")
                        || n.endsWith("package-info.java")) {
                    continue;
                }
                Path out = into.resolve(n);
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(e)) {
                    Files.write(out, in.readAllBytes());
                }
                files.add(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }

    private void collect(CompilationUnitTree unit, Trees trees) {
        String text;
        try {
            text = unit.getSourceFile().getCharContent(true).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SourcePositions pos = trees.getSourcePositions();
        String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
        List<String> imports = new ArrayList<>();
        for (ImportTree imp : unit.getImports()) {
            imports.add(text.substring((int) pos.getStartPosition(unit, imp), (int) pos.getEndPosition(unit, imp)));
        }
        String file = pkg.replace('.', '/') + "/" + Path.of(unit.getSourceFile().toUri()).getFileName();
        for (Tree t : unit.getTypeDecls()) {
            if (t instanceof ClassTree) {
                walkClass(unit, trees, text, file, pkg, imports, new ArrayList<>(), (ClassTree) t);
            }
        }
    }

    private void walkClass(CompilationUnitTree unit, Trees trees, String text, String file, String pkg,
            List<String> imports, List<String> outer, ClassTree cls) {
        List<String> owners = new ArrayList<>(outer);
        owners.add((owners.isEmpty() ? "" : owners.get(owners.size() - 1) + ".") + cls.getSimpleName());
        SourcePositions pos = trees.getSourcePositions();
        Subclass subclass = subclassable(cls, text, pos, unit);
        for (Tree m : cls.getMembers()) {
            if (m instanceof ClassTree) {
                ClassTree inner = (ClassTree) m;
                boolean isStatic = inner.getModifiers().getFlags().contains(Modifier.STATIC)
                        || inner.getKind() != Tree.Kind.CLASS || cls.getKind() == Tree.Kind.INTERFACE;
                if (isStatic) {
                    walkClass(unit, trees, text, file, pkg, imports, owners, inner);
                }
                continue;
            }
            if (!(m instanceof MethodTree)) {
                continue;
            }
            MethodTree mt = (MethodTree) m;
            if (mt.getBody() == null || mt.getReturnType() == null) {
                continue;
            }
            boolean isStatic = mt.getModifiers().getFlags().contains(Modifier.STATIC);
            if (!isStatic && (subclass == null || mt.getModifiers().getFlags().contains(Modifier.PRIVATE))) {
                continue;
            }
            Site site = site(unit, trees, text, file, pkg, imports, owners, mt, isStatic ? null : subclass);
            if (site != null) {
                sites.add(site);
            }
        }
    }

    /**
     * How to extend {@code cls}, or null when it cannot be: it must be a class, neither final
     * nor abstract, with a constructor without parameters that is not private.
     */
    private static Subclass subclassable(ClassTree cls, String text, SourcePositions pos, CompilationUnitTree unit) {
        Set<Modifier> flags = cls.getModifiers().getFlags();
        if (cls.getKind() != Tree.Kind.CLASS || flags.contains(Modifier.FINAL) || flags.contains(Modifier.ABSTRACT)
                || flags.contains(Modifier.PRIVATE)) {
            return null;
        }
        boolean anyConstructor = false;
        boolean noArg = false;
        for (Tree m : cls.getMembers()) {
            if (m instanceof MethodTree && ((MethodTree) m).getName().contentEquals("<init>")) {
                anyConstructor = true;
                MethodTree c = (MethodTree) m;
                if (c.getParameters().isEmpty() && !c.getModifiers().getFlags().contains(Modifier.PRIVATE)) {
                    noArg = true;
                }
            }
        }
        if (anyConstructor && !noArg) {
            return null;
        }
        if (cls.getTypeParameters().isEmpty()) {
            return new Subclass("", "");
        }
        List<String> names = new ArrayList<>();
        cls.getTypeParameters().forEach(tp -> names.add(tp.getName().toString()));
        String decl = text.substring((int) pos.getStartPosition(unit, cls.getTypeParameters().get(0)),
                (int) pos.getEndPosition(unit, cls.getTypeParameters().get(cls.getTypeParameters().size() - 1)));
        return new Subclass("<" + decl + ">", "<" + String.join(", ", names) + ">");
    }

    private Site site(CompilationUnitTree unit, Trees trees, String text, String file, String pkg,
            List<String> imports, List<String> owners, MethodTree mt, Subclass subclass) {
        SourcePositions pos = trees.getSourcePositions();
        String typeParams = "";
        if (!mt.getTypeParameters().isEmpty()) {
            typeParams = "<" + text.substring((int) pos.getStartPosition(unit, mt.getTypeParameters().get(0)),
                    (int) pos.getEndPosition(unit, mt.getTypeParameters().get(mt.getTypeParameters().size() - 1)))
                    + ">";
        }
        String returnType = range(text, pos, unit, mt.getReturnType());
        String params = "";
        List<String> paramTypes = new ArrayList<>();
        if (!mt.getParameters().isEmpty()) {
            params = text.substring((int) pos.getStartPosition(unit, mt.getParameters().get(0)),
                    (int) pos.getEndPosition(unit, mt.getParameters().get(mt.getParameters().size() - 1)));
            for (VariableTree p : mt.getParameters()) {
                TypeMirror tm = trees.getTypeMirror(TreePath.getPath(unit, p));
                paramTypes.add(tm == null ? "?" : tm.toString());
            }
        }
        String throwsClause = "";
        if (!mt.getThrows().isEmpty()) {
            throwsClause = " throws " + text.substring((int) pos.getStartPosition(unit, mt.getThrows().get(0)),
                    (int) pos.getEndPosition(unit, mt.getThrows().get(mt.getThrows().size() - 1)));
        }
        int bodyStart = (int) pos.getStartPosition(unit, mt.getBody());
        int bodyEnd = (int) pos.getEndPosition(unit, mt.getBody());
        if (bodyStart < 0 || bodyEnd <= bodyStart) {
            return null;
        }
        String body = text.substring(bodyStart, bodyEnd);
        List<Spot> spots = new ArrayList<>();
        List<Return> returns = new ArrayList<>();
        new SpotFinder(unit, trees, bodyStart, spots, returns).scan(TreePath.getPath(unit, mt.getBody()), null);
        int line = (int) unit.getLineMap().getLineNumber(pos.getStartPosition(unit, mt));
        return new Site(name, file, line, pkg, imports, owners, typeParams, returnType, mt.getName().toString(), params,
                throwsClause, body, bodyStart, spots, returns, paramTypes, subclass);
    }

    private static String range(String text, SourcePositions pos, CompilationUnitTree unit, Tree t) {
        return text.substring((int) pos.getStartPosition(unit, t), (int) pos.getEndPosition(unit, t));
    }

    /**
     * Finds the eligible await positions of one body: expressions whose value is used, outside
     * lambdas, anonymous and local class bodies, {@code synchronized} blocks, case labels and
     * annotations; never a type or package name, a method name, an assignment target, an
     * increment's operand, a {@code try} resource named by a variable, a lambda or a method
     * reference, or an expression without a value type (void, null, error).
     */
    private static final class SpotFinder extends TreePathScanner<Void, Void> {
        private final CompilationUnitTree unit;
        private final Trees trees;
        private final SourcePositions pos;
        private final int base;
        private final List<Spot> spots;
        private final List<Return> returns;

        SpotFinder(CompilationUnitTree unit, Trees trees, int base, List<Spot> spots, List<Return> returns) {
            this.unit = unit;
            this.trees = trees;
            this.pos = trees.getSourcePositions();
            this.base = base;
            this.spots = spots;
            this.returns = returns;
        }

        @Override
        public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
            return null;
        }

        @Override
        public Void visitClass(ClassTree node, Void unused) {
            return null; // local classes, records, enums, interfaces
        }

        @Override
        public Void visitNewClass(NewClassTree node, Void unused) {
            consider();
            scan(node.getEnclosingExpression(), null);
            scan(node.getArguments(), null);
            return null; // not the class body
        }

        @Override
        public Void visitSynchronized(SynchronizedTree node, Void unused) {
            return null;
        }

        @Override
        public Void visitAnnotation(AnnotationTree node, Void unused) {
            return null;
        }

        @Override
        public Void visitCase(CaseTree node, Void unused) {
            if (node.getCaseKind() == CaseTree.CaseKind.RULE) {
                scan(node.getBody(), null);
            } else {
                scan(node.getStatements(), null);
            }
            return null; // not the labels
        }

        @Override
        public Void visitTry(TryTree node, Void unused) {
            for (Tree r : node.getResources()) {
                if (r instanceof VariableTree) {
                    scan(r, null);
                }
            }
            scan(node.getBlock(), null);
            scan(node.getCatches(), null);
            scan(node.getFinallyBlock(), null);
            return null;
        }

        @Override
        public Void visitReturn(ReturnTree node, Void unused) {
            int end = (int) pos.getEndPosition(unit, node);
            if (node.getExpression() == null) {
                returns.add(new Return(-1, -1, end - 1 - base));
            } else {
                returns.add(new Return((int) pos.getStartPosition(unit, node.getExpression()) - base,
                        (int) pos.getEndPosition(unit, node.getExpression()) - base, end - 1 - base));
            }
            return super.visitReturn(node, unused);
        }

        @Override
        public Void scan(Tree tree, Void unused) {
            if (tree == null) {
                return null;
            }
            TreePath saved = getCurrentPath();
            // visitNewClass handles its own node through consider(); every other expression here
            if (tree instanceof ExpressionTree && !(tree instanceof NewClassTree)) {
                TreePath path = new TreePath(saved, tree);
                considerAt(path);
            }
            return super.scan(tree, unused);
        }

        private void consider() {
            considerAt(getCurrentPath());
        }

        private void considerAt(TreePath path) {
            Tree tree = path.getLeaf();
            Tree parent = path.getParentPath() == null ? null : path.getParentPath().getLeaf();
            switch (tree.getKind()) {
                case PARENTHESIZED:
                case LAMBDA_EXPRESSION:
                case MEMBER_REFERENCE:
                case NULL_LITERAL:
                case ANNOTATION:
                case ERRONEOUS:
                // javac's type trees are expressions too
                case PRIMITIVE_TYPE:
                case ARRAY_TYPE:
                case PARAMETERIZED_TYPE:
                case UNION_TYPE:
                case INTERSECTION_TYPE:
                case ANNOTATED_TYPE:
                case UNBOUNDED_WILDCARD:
                case EXTENDS_WILDCARD:
                case SUPER_WILDCARD:
                    return;
                default:
                    break;
            }
            if (parent instanceof ExpressionStatementTree) {
                return; // value unused
            }
            if (tree instanceof IdentifierTree && ((IdentifierTree) tree).getName().contentEquals("super")) {
                return;
            }
            if (parent instanceof AssignmentTree && ((AssignmentTree) parent).getVariable() == tree) {
                return;
            }
            if (parent instanceof CompoundAssignmentTree && ((CompoundAssignmentTree) parent).getVariable() == tree) {
                return;
            }
            if (parent instanceof UnaryTree) {
                switch (parent.getKind()) {
                    case PREFIX_INCREMENT:
                    case PREFIX_DECREMENT:
                    case POSTFIX_INCREMENT:
                    case POSTFIX_DECREMENT:
                        return;
                    default:
                        break;
                }
            }
            if (parent instanceof MethodInvocationTree && ((MethodInvocationTree) parent).getMethodSelect() == tree) {
                return;
            }
            if (parent instanceof ArrayTypeTree || parent instanceof VariableTree
                    && ((VariableTree) parent).getType() == tree) {
                return;
            }
            if (parent instanceof NewClassTree && ((NewClassTree) parent).getIdentifier() == tree) {
                return;
            }
            if (parent instanceof NewArrayTree && ((NewArrayTree) parent).getType() == tree
                    || parent instanceof TypeCastTree && ((TypeCastTree) parent).getType() == tree
                    || parent instanceof InstanceOfTree && ((InstanceOfTree) parent).getType() == tree) {
                return;
            }
            if (parent != null && parent.getKind() == Tree.Kind.PARAMETERIZED_TYPE) {
                return;
            }
            Element el = trees.getElement(path);
            if (el != null) {
                ElementKind k = el.getKind();
                if (k.isClass() || k.isInterface() || k == ElementKind.PACKAGE || k == ElementKind.TYPE_PARAMETER
                        || k == ElementKind.METHOD || k == ElementKind.CONSTRUCTOR) {
                    if (tree.getKind() != Tree.Kind.METHOD_INVOCATION && tree.getKind() != Tree.Kind.NEW_CLASS) {
                        return;
                    }
                }
            }
            TypeMirror type = trees.getTypeMirror(path);
            if (type == null) {
                return;
            }
            TypeKind tk = type.getKind();
            if (tk == TypeKind.VOID || tk == TypeKind.NONE || tk == TypeKind.ERROR || tk == TypeKind.NULL
                    || tk == TypeKind.PACKAGE || tk == TypeKind.EXECUTABLE || tk == TypeKind.OTHER) {
                return;
            }
            int start = (int) pos.getStartPosition(unit, tree);
            int end = (int) pos.getEndPosition(unit, tree);
            if (start < 0 || end <= start) {
                return;
            }
            int statement = -1;
            for (TreePath p = path; p != null; p = p.getParentPath()) {
                if (p.getLeaf() instanceof StatementTree && !(p.getLeaf() instanceof BlockTree)) {
                    statement = (int) pos.getStartPosition(unit, p.getLeaf()) - base;
                    break;
                }
            }
            String primitive = tk.isPrimitive() ? type.toString() : null;
            if (primitive != null && !PRIMITIVES.contains(primitive)) {
                return;
            }
            spots.add(new Spot(start - base, end - base, statement, primitive));
        }
    }
}
