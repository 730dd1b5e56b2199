package dev.weft.processor.attribution;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * A second javac, private to weft, in which weft attributes the bodies of {@code @Async}
 * methods. The user's compilation is never asked to attribute anything while processors run.
 *
 * <p>Why: javac attributes a class by filling in its trees, and when a processing round ends it
 * cleans only part of that (symbols and types, not the types it writes into {@code var}
 * declarations and implicit lambda parameters, nor what it caches about them) before it
 * attributes the same trees again for real. Attributing the user's trees during processing thus
 * changed how javac later typed, checked and warned about the user's own code. Here the same
 * sources are parsed again from their text, beside signature stubs of every {@code Foo_Async}
 * weft is about to write, and attributed in a compiler whose state nobody else reads.
 *
 * <p>What it sees: the text of the user's sources (through {@link ClasspathBridge}), the user's
 * class path, and the JDK this javac runs on, at the user's source level. Trees, elements and
 * types from here belong to this compilation only: compare them with each other, never with the
 * user's.
 */
public final class ShadowCompilation implements AutoCloseable {
    private final JavacTask task;
    private final Trees trees;
    private final StandardJavaFileManager platform;
    private final StandardJavaFileManager entries;
    private final Map<URI, CompilationUnitTree> unitsByUri = new HashMap<>();
    private final DiagnosticCollector<JavaFileObject> diagnostics;
    private final Map<URI, List<InPlaceMembers.Insertion>> insertions;

    /** The inputs of a shadow compilation, gathered from the user's compilation. */
    public static final class Sources {
        /** Files parsed at once: those with {@code @Async} classes, stubs, files of several classes. */
        final Map<URI, ClasspathBridge.SourceFile> parsedFirst = new LinkedHashMap<>();
        /** Every other source of the user's compilation, read when a class in it is needed. */
        final Map<String, ClasspathBridge.SourceFile> onDemand = new LinkedHashMap<>();

        /** Where the copies differ from the user's files: the insertions, by position, per file. */
        final Map<URI, List<InPlaceMembers.Insertion>> insertions = new HashMap<>();

        /**
         * Parses {@code file}, the source of the top-level class {@code binaryName}, up front, with
         * {@code insertions} made in the copy.
         */
        public void parseFirst(String binaryName, JavaFileObject file, List<InPlaceMembers.Insertion> insertions) {
            parsedFirst.computeIfAbsent(file.toUri(), u -> copy(binaryName, file, insertions));
        }

        /** Makes {@code file} the source of {@code binaryName}, read when javac needs it. */
        public void onDemand(String binaryName, JavaFileObject file, List<InPlaceMembers.Insertion> insertions) {
            if (!onDemand.containsKey(binaryName)) {
                onDemand.put(binaryName, copy(binaryName, file, insertions));
            }
        }

        /** Adds a stub: source text for a class the user's compilation does not have yet. */
        public void stub(String binaryName, String text) {
            URI uri = URI.create("weft-stub:///" + binaryName.replace('.', '/') + ".java");
            parsedFirst.put(uri, new ClasspathBridge.SourceFile(uri, binaryName, text));
        }

        private ClasspathBridge.SourceFile copy(String binaryName, JavaFileObject file,
                List<InPlaceMembers.Insertion> inserted) {
            try {
                StringBuilder text = new StringBuilder(file.getCharContent(true));
                if (!inserted.isEmpty()) {
                    List<InPlaceMembers.Insertion> sorted = new ArrayList<>(inserted);
                    sorted.sort(java.util.Comparator.comparingInt(i -> i.position));
                    for (int i = sorted.size() - 1; i >= 0; i--) {
                        text.insert(sorted.get(i).position, sorted.get(i).text);
                    }
                    insertions.put(file.toUri(), sorted);
                }
                return new ClasspathBridge.SourceFile(file.toUri(), binaryName, text.toString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private ShadowCompilation(JavacTask task, StandardJavaFileManager platform, StandardJavaFileManager entries,
            DiagnosticCollector<JavaFileObject> diagnostics, Map<URI, List<InPlaceMembers.Insertion>> insertions) {
        this.task = task;
        this.insertions = insertions;
        this.diagnostics = diagnostics;
        this.trees = Trees.instance(task);
        this.platform = platform;
        this.entries = entries;
    }

    /**
     * Parses {@code sources} in a new javac and enters their classes, attributing nothing yet:
     * attribution happens class by class, when weft asks {@link #trees()} about a body.
     */
    public static ShadowCompilation open(ProcessingEnvironment user, Sources sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: weft needs a JDK, not a JRE");
        }
        StandardJavaFileManager platform = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        StandardJavaFileManager entries = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        ClasspathBridge files = new ClasspathBridge(platform, entries, user.getElementUtils(), user.getFiler());
        for (Map.Entry<String, ClasspathBridge.SourceFile> e : sources.onDemand.entrySet()) {
            files.addSource(e.getKey(), e.getValue());
            files.noteSource(e.getKey(), e.getValue().getCharContent(true));
        }
        for (ClasspathBridge.SourceFile file : sources.parsedFirst.values()) {
            files.noteSource(file.binaryName, file.getCharContent(true));
        }
        List<String> options = new ArrayList<>(List.of("-proc:none", "-implicit:none", "-nowarn",
                "-Xlint:none", "-XDsuppressNotes", "-Xmaxerrs", "1000000"));
        options.addAll(sourceLevel(user));
        ShadowCompilation shadow = null;
        try {
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            JavacTask task = (JavacTask) javac.getTask(null, files, diagnostics, options, null,
                    new ArrayList<>(sources.parsedFirst.values()));
            shadow = new ShadowCompilation(task, platform, entries, diagnostics, sources.insertions);
            for (CompilationUnitTree unit : task.parse()) {
                shadow.unitsByUri.put(unit.getSourceFile().toUri(), unit);
            }
            // Trees enters every parsed class before it answers the first question about scopes
            if (!shadow.unitsByUri.isEmpty()) {
                shadow.trees.getScope(new TreePath(shadow.unitsByUri.values().iterator().next()));
            }
            return shadow;
        } catch (RuntimeException | IOException e) {
            if (shadow != null) {
                shadow.close();
            } else {
                platform.close();
                entries.close();
            }
            throw e;
        }
    }

    /** {@code -source N} as the user's compilation has it ({@code --enable-preview} included). */
    private static List<String> sourceLevel(ProcessingEnvironment user) {
        SourceVersion version = user.getSourceVersion();
        String number = version.name().substring("RELEASE_".length());
        if (user.isPreviewEnabled()) {
            return List.of("--enable-preview", "-source", number);
        }
        return List.of("-source", number);
    }

    public Trees trees() {
        return trees;
    }

    /**
     * The offset in the user's file of {@code position} in this compilation's copy of it, which
     * differs after the members stubbed in by {@link InPlaceMembers}; -1 inside such a stub.
     */
    public long userPosition(CompilationUnitTree unit, long position) {
        List<InPlaceMembers.Insertion> inserted = insertions.get(unit.getSourceFile().toUri());
        if (inserted == null || position < 0) {
            return position;
        }
        long shift = 0;
        for (InPlaceMembers.Insertion i : inserted) {
            long start = i.position + shift; // where this insertion begins in the copy
            if (position < start) {
                break;
            }
            if (position < start + i.text.length()) {
                return -1;
            }
            shift += i.text.length();
        }
        return position - shift;
    }

    public Elements elements() {
        return task.getElements();
    }

    public Types types() {
        return task.getTypes();
    }

    /** The unit parsed here from the user's file at {@code uri}, or null. */
    public CompilationUnitTree unit(URI uri) {
        return unitsByUri.get(uri);
    }

    /** The class here that has the same source position as the user's class. */
    public TypeElement typeElement(CompilationUnitTree unit, String qualifiedName) {
        TypeElement t = elements().getTypeElement(qualifiedName);
        if (t != null) {
            TreePath path = trees.getPath(t);
            if (path != null && path.getCompilationUnit() == unit) {
                return t;
            }
        }
        return null;
    }

    /**
     * Whether javac reported an error between {@code start} and {@code end} of {@code unit} so
     * far: the user's compilation will report it too, in the user's file. (Errors that leave no
     * error type in the attributed trees, such as a type mismatch, show only here.)
     */
    public boolean hasErrorIn(CompilationUnitTree unit, long start, long end) {
        for (javax.tools.Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == javax.tools.Diagnostic.Kind.ERROR && d.getSource() != null
                    && d.getSource().toUri().equals(unit.getSourceFile().toUri())
                    && d.getPosition() >= start && d.getPosition() <= end) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            platform.close();
            entries.close();
        } catch (IOException e) {
            // nothing was written through them
        }
    }
}
