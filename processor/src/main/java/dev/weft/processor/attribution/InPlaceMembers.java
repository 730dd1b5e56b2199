package dev.weft.processor.attribution;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.JavaFileObject;

/**
 * Members that another processor added to the user's classes in place, as Lombok does
 * ({@code @Getter}, {@code @RequiredArgsConstructor}, {@code @Slf4j}...): they exist in the
 * user's compilation, with trees that span only the annotation that asked for them, and not in
 * the {@link ShadowCompilation}, which parses the text again. Each class that got some has them declared again, as stubs with empty
 * bodies, at its closing brace in the shadow's copy of the file, so that bodies calling them
 * attribute there as they do in the user's compilation.
 *
 * <p>The stubs go on the line of the closing brace, so the shadow's line numbers stay the
 * user's; offsets after them shift, and {@link ShadowCompilation#userPosition} takes that back.
 */
public final class InPlaceMembers {
    /** Text to insert into the shadow's copy of a file, before the character at {@code position}. */
    public static final class Insertion {
        final int position;
        final String text;

        Insertion(int position, String text) {
            this.position = position;
            this.text = text;
        }
    }

    private static final boolean REWRITER_PRESENT = rewriterPresent();

    /** What begins the stubs on their line. */
    private static final String MARK = "/* weft: members another processor added */";

    /** Whether {@code position} of the shadow's copy {@code text} is inside stubs written here. */
    public static boolean isStub(String text, int position) {
        int lineStart = text.lastIndexOf('\n', position - 1) + 1;
        int mark = text.indexOf(MARK, lineStart);
        return mark >= 0 && mark < position;
    }

    private InPlaceMembers() {}

    /**
     * The insertions for each file of {@code topClasses} (the user's top-level classes by binary
     * name, with their files) that needs some; none unless Lombok is on weft's processor path
     * (the only processor known to add members in place), and only for classes that use its
     * annotations (a look at annotations, before any tree is read).
     */
    public static Map<JavaFileObject, List<Insertion>> byFile(Trees trees, Elements elements,
            Map<String, JavaFileObject> topClasses) {
        Map<JavaFileObject, List<Insertion>> out = new HashMap<>();
        if (!REWRITER_PRESENT) {
            return out;
        }
        for (Map.Entry<String, JavaFileObject> e : topClasses.entrySet()) {
            TypeElement top = elements.getTypeElement(e.getKey());
            TreePath path = top == null || !usesRewriter(top) ? null : trees.getPath(top);
            if (path != null) {
                List<Insertion> insertions = new ArrayList<>();
                collect(trees, elements, path.getCompilationUnit(), top, insertions);
                if (!insertions.isEmpty()) {
                    out.computeIfAbsent(e.getValue(), f -> new ArrayList<>()).addAll(insertions);
                }
            }
        }
        return out;
    }

    private static void collect(Trees trees, Elements elements, CompilationUnitTree unit, TypeElement type,
            List<Insertion> out) {
        TreePath classPath = trees.getPath(type);
        if (classPath == null || !(classPath.getLeaf() instanceof ClassTree)) {
            return;
        }
        ClassTree classTree = (ClassTree) classPath.getLeaf();
        SourcePositions positions = trees.getSourcePositions();
        Set<String> annotations = annotationExtents(positions, unit, classTree);
        boolean aClass = type.getKind() == ElementKind.CLASS;
        if (aClass && (!(type.getEnclosingElement() instanceof TypeElement)
                || type.getEnclosingElement().getKind() == ElementKind.CLASS)) {
            addedModifiers(positions, unit, classTree, classTree.getModifiers(), out);
        }
        StringBuilder stubs = new StringBuilder();
        // one pass over the member trees (Lombok's among them): no per-member search of the class
        for (Tree memberTree : classTree.getMembers()) {
            Element member = trees.getElement(new TreePath(classPath, memberTree));
            if (member == null) {
                continue;
            }
            // Added by a processor: counts as written (not one of javac's implicit members), but
            // its tree spans exactly an annotation, the one that asked for it (Lombok positions
            // what it adds there), where a declaration written by hand spans at least its name.
            String extent = positions.getStartPosition(unit, memberTree) + ":"
                    + positions.getEndPosition(unit, memberTree);
            if (annotations.contains(extent) && elements.getOrigin(member) == Elements.Origin.EXPLICIT) {
                String stub = member instanceof TypeElement
                        ? addedClass((ClassTree) memberTree, (TypeElement) member) : SignatureStub.member(member, type);
                if (stub != null && member.getKind() == ElementKind.CONSTRUCTOR) {
                    stub = annotations(((MethodTree) memberTree).getModifiers()) + stub;
                }
                if (stub != null) {
                    stubs.append(' ').append(stub);
                }
            } else if (member instanceof TypeElement) {
                collect(trees, elements, unit, (TypeElement) member, out);
            } else if (aClass && elements.getOrigin(member) == Elements.Origin.EXPLICIT
                    && (member.getKind() == ElementKind.FIELD || member.getKind() == ElementKind.METHOD
                            || member.getKind() == ElementKind.CONSTRUCTOR)) {
                addedModifiers(positions, unit, memberTree, memberTree instanceof MethodTree
                        ? ((MethodTree) memberTree).getModifiers() : ((VariableTree) memberTree).getModifiers(), out);
            }
        }
        long end = positions.getEndPosition(unit, classTree);
        if (stubs.length() > 0 && end > 0 && type.getKind() != ElementKind.INTERFACE
                && type.getKind() != ElementKind.ANNOTATION_TYPE) {
            out.add(new Insertion((int) end - 1, " " + MARK + stubs + ' '));
        }
    }

    /** The modifiers the shadow's copy of a declaration takes from the user's tree, in the order Java writes them. */
    private static final List<Modifier> SYNCED = List.of(Modifier.PUBLIC, Modifier.PROTECTED, Modifier.PRIVATE,
            Modifier.STATIC, Modifier.FINAL);

    /**
     * Modifiers another processor added in place to the declaration {@code tree}, written by hand,
     * of a class (Lombok's {@code @Value} makes the class and its fields final and private,
     * {@code @FieldDefaults} the fields private, {@code @UtilityClass} the members static and the
     * class final): it changes the flags of the tree's modifiers, and not the text, so they are
     * inserted before the declaration in the shadow's copy, where the two compilations differ.
     * Only in classes (not interfaces, enums, records), where javac itself adds no flag to a tree.
     */
    private static void addedModifiers(SourcePositions positions, CompilationUnitTree unit, Tree tree,
            ModifiersTree modifiers, List<Insertion> out) {
        Set<Modifier> flags = modifiers.getFlags();
        if (java.util.Collections.disjoint(flags, SYNCED)) {
            return;
        }
        String written = writtenModifiers(positions, unit, modifiers);
        if (written == null) {
            return;
        }
        boolean accessWritten = written.matches("(?s).*\\b(public|protected|private)\\b.*");
        StringBuilder added = new StringBuilder();
        for (Modifier m : SYNCED) {
            boolean access = m == Modifier.PUBLIC || m == Modifier.PROTECTED || m == Modifier.PRIVATE;
            if (flags.contains(m) && (access ? !accessWritten : !written.matches("(?s).*\\b" + m + "\\b.*"))) {
                added.append(m).append(' ');
            }
        }
        long start = positions.getStartPosition(unit, tree);
        if (added.length() > 0 && start >= 0) {
            for (Insertion i : out) {
                if (i.position == start) {
                    return; // the second variable of "int x, y;": one set of modifiers for both
                }
            }
            out.add(new Insertion((int) start, added.toString()));
        }
    }

    /**
     * The modifier keywords written in the source of {@code modifiers}, with comments, string and
     * character literals (in annotations) left out: "" when none were written; null when the
     * text cannot be read.
     */
    private static String writtenModifiers(SourcePositions positions, CompilationUnitTree unit, ModifiersTree modifiers) {
        long start = positions.getStartPosition(unit, modifiers);
        long end = positions.getEndPosition(unit, modifiers);
        if (start < 0 || end <= start) {
            return "";
        }
        try {
            CharSequence text = unit.getSourceFile().getCharContent(true);
            if (end > text.length()) {
                return null;
            }
            return text.subSequence((int) start, (int) end).toString()
                    .replaceAll("(?s)\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'|//[^\n]*|/\\*.*?\\*/", " ");
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * The annotations of an added constructor, as its tree has them, each with a space: those it
     * was asked to carry ({@code @RequiredArgsConstructor(onConstructor_ = @Inject)}), which
     * {@code Foo_Async}'s mirror of it carries too. Not the ones Lombok marks its own code with
     * ({@code @SuppressWarnings("all")}, {@code @Generated}, {@code @lombok.Generated}).
     */
    private static String annotations(ModifiersTree modifiers) {
        StringBuilder sb = new StringBuilder();
        for (AnnotationTree a : modifiers.getAnnotations()) {
            String type = a.getAnnotationType().toString();
            if (type.startsWith("lombok.") || type.equals("SuppressWarnings") || type.equals("java.lang.SuppressWarnings")
                    || type.equals("Generated") || type.endsWith(".Generated")) {
                continue;
            }
            sb.append(a.toString().replace('\n', ' ')).append(' ');
        }
        return sb.toString();
    }

    /** A class added in place, with the header its tree gives it (see {@link SignatureStub#addedClass}). */
    private static String addedClass(ClassTree c, TypeElement added) {
        StringBuilder header = new StringBuilder();
        if (!c.getTypeParameters().isEmpty()) {
            header.append(c.getTypeParameters().stream().map(Object::toString)
                    .collect(java.util.stream.Collectors.joining(", ", "<", ">")));
        }
        if (c.getExtendsClause() != null) {
            header.append(" extends ").append(c.getExtendsClause());
        }
        if (!c.getImplementsClause().isEmpty()) {
            header.append(" implements ").append(c.getImplementsClause().stream().map(Object::toString)
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        return SignatureStub.addedClass(added, c.getModifiers().getFlags(), header.toString());
    }

    /**
     * Whether Lombok, on weft's processor path, has yet to run on the user's classes {@code
     * topClasses}: some use its annotations, and none shows a member it adds ({@code added},
     * from {@link #byFile}, is empty). Processors run in the order of the processor path, and
     * Lombok adds its members in the first round: when it comes after weft, weft waits a round
     * for them, whether its bodies use them in their own class or in another.
     */
    public static boolean rewritePending(Elements elements, Map<String, JavaFileObject> topClasses,
            Map<JavaFileObject, List<Insertion>> added) {
        if (!REWRITER_PRESENT || !added.isEmpty()) {
            return false;
        }
        for (String name : topClasses.keySet()) {
            TypeElement top = elements.getTypeElement(name);
            if (top != null && usesRewriter(top)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a field or method of the user's classes {@code topClasses} is annotated
     * {@code @Delegate} and its class has no member that Lombok wrote for it yet: Lombok writes
     * the forwarding methods in a round of its own, after the members it adds first, once types
     * resolve (it asks javac for a new round to get there), so weft waits for that round.
     */
    public static boolean delegationPending(Trees trees, Elements elements, Map<String, JavaFileObject> topClasses) {
        if (!REWRITER_PRESENT) {
            return false;
        }
        for (String name : topClasses.keySet()) {
            TypeElement top = elements.getTypeElement(name);
            TreePath path = top == null || !usesRewriter(top) ? null : trees.getPath(top);
            if (path != null && delegationPending(trees, path.getCompilationUnit(), path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean delegationPending(Trees trees, CompilationUnitTree unit, TreePath classPath) {
        SourcePositions positions = trees.getSourcePositions();
        Set<String> memberExtents = new HashSet<>();
        List<String> delegates = new ArrayList<>();
        for (Tree member : ((ClassTree) classPath.getLeaf()).getMembers()) {
            memberExtents.add(positions.getStartPosition(unit, member) + ":" + positions.getEndPosition(unit, member));
            if (member instanceof ClassTree) {
                if (delegationPending(trees, unit, new TreePath(classPath, member))) {
                    return true;
                }
                continue;
            }
            ModifiersTree modifiers = member instanceof VariableTree ? ((VariableTree) member).getModifiers()
                    : member instanceof MethodTree ? ((MethodTree) member).getModifiers() : null;
            Element element = modifiers == null ? null : trees.getElement(new TreePath(classPath, member));
            if (element == null || element.getAnnotationMirrors().stream().noneMatch(a -> {
                String type = a.getAnnotationType().toString();
                return type.equals("lombok.experimental.Delegate") || type.equals("lombok.Delegate");
            })) {
                continue;
            }
            for (AnnotationTree a : modifiers.getAnnotations()) {
                if (a.getAnnotationType().toString().endsWith("Delegate")) {
                    delegates.add(positions.getStartPosition(unit, a) + ":" + positions.getEndPosition(unit, a));
                }
            }
        }
        return !memberExtents.containsAll(delegates);
    }

    /** Whether {@code element}, its fields or its nested classes carry an annotation of Lombok's. */
    private static boolean usesRewriter(Element element) {
        for (javax.lang.model.element.AnnotationMirror a : element.getAnnotationMirrors()) {
            Element type = a.getAnnotationType().asElement();
            if (type instanceof TypeElement
                    && ((TypeElement) type).getQualifiedName().toString().startsWith("lombok.")) {
                return true;
            }
        }
        for (Element member : element.getEnclosedElements()) {
            if ((member instanceof TypeElement || member.getKind().isField()) && usesRewriter(member)) {
                return true;
            }
        }
        return false;
    }

    /** "start:end" of every annotation in {@code classTree}. */
    private static Set<String> annotationExtents(SourcePositions positions, CompilationUnitTree unit, Tree classTree) {
        Set<String> extents = new HashSet<>();
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitAnnotation(AnnotationTree node, Void v) {
                extents.add(positions.getStartPosition(unit, node) + ":" + positions.getEndPosition(unit, node));
                return super.visitAnnotation(node, v);
            }
        }.scan(classTree, null);
        return extents;
    }

    private static boolean rewriterPresent() {
        try {
            Class.forName("lombok.launch.AnnotationProcessorHider", false, InPlaceMembers.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
