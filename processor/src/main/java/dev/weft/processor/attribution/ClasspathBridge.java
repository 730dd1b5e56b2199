package dev.weft.processor.attribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

/**
 * The file manager of the {@link ShadowCompilation}: it shows the second javac the same classes
 * the user's compilation sees, without knowing the user's class path.
 *
 * <p>The JDK comes from the delegate's own platform. Everything else is answered on the class
 * path, package by package, from the user's compilation: the sources it compiles (and weft's
 * signature stubs) as source files, and the classes of its class path as class files. Those are
 * found through the user's {@link Filer#getResource} (javac reads any input location there) for
 * one class of each package; the class path entry (a directory or jar) that holds it is then
 * listed by a standard file manager, nested classes included.
 */
final class ClasspathBridge extends ForwardingJavaFileManager<StandardJavaFileManager> {
    private final Elements userElements;
    private final Filer userFiler;
    /** The class path entries found so far, listed by a standard file manager of their own. */
    private final StandardJavaFileManager entries;
    private final Set<Path> entryPaths = new LinkedHashSet<>();
    /** Sources by package: the user's compilation units and weft's stubs, by binary name. */
    private final Map<String, Map<String, SourceFile>> sources = new HashMap<>();
    private final Map<String, List<JavaFileObject>> classesByPackage = new HashMap<>();
    /** What the user's sources import (static imports name a member of the class). */
    private final Set<String> importedNames = new LinkedHashSet<>();
    /** By package: the identifiers its sources in the user's compilation write. */
    private final Map<String, Set<String>> namesWrittenIn = new HashMap<>();
    /** Every word, qualified names' parts too ({@code import static p.Util.*;} names {@code Util}). */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$])[A-Za-z_$][\\w$]*");
    private static final Pattern IMPORT =
            Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);

    ClasspathBridge(StandardJavaFileManager platform, StandardJavaFileManager entries,
            Elements userElements, Filer userFiler) {
        super(platform);
        this.entries = entries;
        this.userElements = userElements;
        this.userFiler = userFiler;
        try {
            platform.setLocation(StandardLocation.CLASS_PATH, List.of());
            entries.setLocation(StandardLocation.CLASS_PATH, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes {@code file} the source of the top-level class {@code binaryName}. */
    void addSource(String binaryName, SourceFile file) {
        int dot = binaryName.lastIndexOf('.');
        String pkg = dot < 0 ? "" : binaryName.substring(0, dot);
        sources.computeIfAbsent(pkg, p -> new LinkedHashMap<>()).put(binaryName, file);
    }

    boolean hasSource(String binaryName) {
        int dot = binaryName.lastIndexOf('.');
        Map<String, SourceFile> inPackage = sources.get(dot < 0 ? "" : binaryName.substring(0, dot));
        return inPackage != null && inPackage.containsKey(binaryName);
    }

    @Override
    public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
            boolean recurse) throws IOException {
        if (location != StandardLocation.CLASS_PATH) {
            return super.list(location, packageName, kinds, recurse);
        }
        List<JavaFileObject> found = new ArrayList<>();
        Map<String, SourceFile> inPackage = sources.getOrDefault(packageName, Map.of());
        if (kinds.contains(JavaFileObject.Kind.SOURCE)) {
            found.addAll(inPackage.values());
        }
        if (kinds.contains(JavaFileObject.Kind.CLASS)) {
            for (JavaFileObject c : classes(packageName)) {
                String binary = entries.inferBinaryName(StandardLocation.CLASS_PATH, c);
                String topLevel = binary == null ? null : topLevel(binary);
                // a class compiled from source here may also sit, older, on the class path
                if (topLevel == null || !inPackage.containsKey(topLevel)) {
                    found.add(c);
                }
            }
        }
        return found;
    }

    @Override
    public String inferBinaryName(Location location, JavaFileObject file) {
        if (file instanceof SourceFile) {
            return ((SourceFile) file).binaryName;
        }
        if (file instanceof ClassFile) {
            return ((ClassFile) file).binaryName;
        }
        if (location == StandardLocation.CLASS_PATH) {
            return entries.inferBinaryName(location, file);
        }
        return super.inferBinaryName(location, file);
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
        if (a instanceof SourceFile || b instanceof SourceFile) {
            return a == b;
        }
        return super.isSameFile(a, b);
    }

    @Override
    public boolean hasLocation(Location location) {
        return location == StandardLocation.CLASS_PATH || super.hasLocation(location);
    }

    /**
     * Notes what {@code text}, the source of {@code binaryName} in the user's compilation,
     * imports (classes that the user's compilation reads anyway, through which class path
     * entries are found cheaply) and the names it writes (a class of its own package that it
     * uses from the class path is one of them).
     */
    void noteSource(String binaryName, CharSequence text) {
        Matcher m = IMPORT.matcher(text);
        while (m.find()) {
            importedNames.add(m.group(1));
        }
        int dot = binaryName.lastIndexOf('.');
        Set<String> names = namesWrittenIn.computeIfAbsent(dot < 0 ? "" : binaryName.substring(0, dot),
                p -> new LinkedHashSet<>());
        Matcher word = IDENTIFIER.matcher(text);
        while (word.find()) {
            names.add(word.group());
        }
    }

    /**
     * The class files of {@code pkg} on the user's class path, nested classes included.
     *
     * <p>The entries are found first through the classes of {@code pkg} that the user's sources
     * import, or else in entries already found; only when neither shows any class of {@code pkg}
     * is every class of the package looked up in the user's compilation. That last way reads all
     * of the package's class files there, and javac warns about those it cannot fully read
     * ({@code -Xlint:classfile}: JUnit's {@code AssertionsKt} names Kotlin annotations that are
     * not on the class path), which would break the user's {@code -Werror} build. The price: a
     * package split over two entries, one of them found, shows the classes of that one only,
     * unless the other's are imported.
     */
    private List<JavaFileObject> classes(String pkg) throws IOException {
        List<JavaFileObject> cached = classesByPackage.get(pkg);
        if (cached != null) {
            return cached;
        }
        List<JavaFileObject> loose = new ArrayList<>();
        boolean entriesChanged = addEntriesOf(importedTypesIn(pkg), pkg, loose);
        List<JavaFileObject> found = listed(pkg, loose);
        if (found.isEmpty() && namesWrittenIn.containsKey(pkg)) {
            // a package the user's compilation has sources of: its classes are looked up by the
            // names those sources write, never listed there, which would make javac read (and
            // compile) every other source of the package on its -sourcepath
            entriesChanged |= addEntriesOfWritten(pkg, loose);
            found = listed(pkg, loose);
        } else if (found.isEmpty()) {
            entriesChanged |= addEntriesOf(userTypesIn(pkg), pkg, loose);
            found = listed(pkg, loose);
        }
        if (entriesChanged) {
            classesByPackage.clear(); // a new entry may add classes to packages listed before
        }
        classesByPackage.put(pkg, found);
        return found;
    }

    /** The classes of {@code pkg} in the entries found so far, then {@code loose}. */
    private List<JavaFileObject> listed(String pkg, List<JavaFileObject> loose) throws IOException {
        List<JavaFileObject> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JavaFileObject c : entries.list(StandardLocation.CLASS_PATH, pkg,
                Set.of(JavaFileObject.Kind.CLASS), false)) {
            if (seen.add(c.toUri().toString())) {
                found.add(c);
            }
        }
        found.addAll(loose);
        return found;
    }

    /**
     * Adds the class path entries that hold {@code types} (classes of {@code pkg} in the user's
     * compilation) to those listed; a class found outside any directory or jar goes to {@code
     * loose}. Whether an entry was added.
     */
    private boolean addEntriesOf(List<TypeElement> types, String pkg, List<JavaFileObject> loose)
            throws IOException {
        boolean added = false;
        for (TypeElement type : types) {
            String binary = userElements.getBinaryName(type).toString();
            String simple = binary.substring(binary.lastIndexOf('.') + 1);
            if (hasSource(binary) || entries.getJavaFileForInput(StandardLocation.CLASS_PATH, binary,
                    JavaFileObject.Kind.CLASS) != null) {
                continue;
            }
            FileObject file = classFile(type, pkg, simple);
            if (file == null) {
                continue; // the type comes from a source, or from the JDK
            }
            added |= addEntryOf(file, pkg, simple, binary, loose);
        }
        return added;
    }

    /**
     * Adds the class path entry that holds {@code file}, the class file of {@code binary}, to
     * those listed, or the file to {@code loose} when it is in none. Whether an entry was added.
     */
    private boolean addEntryOf(FileObject file, String pkg, String simple, String binary, List<JavaFileObject> loose)
            throws IOException {
        Path entry = entryOf(file.toUri(), pkg, simple);
        if (entry != null && entryPaths.add(entry)) {
            entries.setLocationFromPaths(StandardLocation.CLASS_PATH, new ArrayList<>(entryPaths));
            return true;
        } else if (entry == null) {
            loose.add(new ClassFile(file, binary));
        }
        return false;
    }

    /**
     * {@link #addEntriesOf} for the classes of {@code pkg} named in the sources of that package,
     * found as class files on the user's class path by name alone: no symbol of the user's
     * compilation is completed, so no source is read.
     */
    private boolean addEntriesOfWritten(String pkg, List<JavaFileObject> loose) throws IOException {
        boolean added = false;
        for (String simple : namesWrittenIn.getOrDefault(pkg, Set.of())) {
            String binary = pkg.isEmpty() ? simple : pkg + "." + simple;
            if (hasSource(binary)) {
                continue;
            }
            FileObject file;
            try {
                file = userFiler.getResource(StandardLocation.CLASS_PATH, pkg, simple + ".class");
            } catch (IOException | IllegalArgumentException notOnTheClassPath) {
                continue;
            }
            added |= addEntryOf(file, pkg, simple, binary, loose);
        }
        return added;
    }

    /**
     * The class file of {@code type} ({@code pkg.simple}) in the user's compilation: on its class
     * path, or, in a modular compilation, on its module path, in the module the type belongs to.
     * Null when it has neither (the type comes from a source).
     *
     * <p>The shadow compilation puts the entries of both on its class path: it attributes the
     * user's code in the unnamed module, which reads every module. That sees no less than the
     * user's module does, and where it sees more (a package the user's module does not read),
     * the user's compilation reports the error itself.
     */
    private FileObject classFile(TypeElement type, String pkg, String simple) {
        try {
            return userFiler.getResource(StandardLocation.CLASS_PATH, pkg, simple + ".class");
        } catch (IOException | IllegalArgumentException notOnTheClassPath) {
            // a module's, or the type comes from a source
        }
        ModuleElement module = userElements.getModuleOf(type);
        if (module == null || module.isUnnamed() || isPlatform(module)) {
            return null;
        }
        try {
            return userFiler.getResource(StandardLocation.MODULE_PATH,
                    module.getQualifiedName() + "/" + pkg, simple + ".class");
        } catch (IOException | RuntimeException notOnTheModulePath) { // javac throws what it likes here
            return null;
        }
    }

    /** The top-level classes of {@code pkg} that the user's sources import, by name alone. */
    private List<TypeElement> importedTypesIn(String pkg) {
        List<TypeElement> types = new ArrayList<>();
        if (pkg.isEmpty()) {
            return types;
        }
        Set<String> tried = new HashSet<>();
        for (String name : importedNames) {
            if (!name.startsWith(pkg + ".")) {
                continue;
            }
            String rest = name.substring(pkg.length() + 1);
            int dot = rest.indexOf('.');
            String candidate = pkg + "." + (dot < 0 ? rest : rest.substring(0, dot));
            TypeElement type = tried.add(candidate) ? userElements.getTypeElement(candidate) : null;
            if (type != null && type.getEnclosingElement().getKind() == ElementKind.PACKAGE) {
                types.add(type);
            }
        }
        return types;
    }

    /** The top-level classes of {@code pkg} as the user's compilation sees them, in every module. */
    private List<TypeElement> userTypesIn(String pkg) {
        List<TypeElement> types = new ArrayList<>();
        Set<? extends PackageElement> packages = userElements.getAllPackageElements(pkg);
        for (PackageElement p : packages) {
            ModuleElement module = userElements.getModuleOf(p);
            if (module != null && !module.isUnnamed() && isPlatform(module)) {
                continue;
            }
            for (Element e : p.getEnclosedElements()) {
                if (e.getKind().isClass() || e.getKind().isInterface() || e.getKind() == ElementKind.RECORD) {
                    types.add((TypeElement) e);
                }
            }
        }
        return types;
    }

    private static boolean isPlatform(ModuleElement module) {
        String name = module.getQualifiedName().toString();
        return name.startsWith("java.") || name.startsWith("jdk.");
    }

    /** The directory or jar at the root of the class path entry that holds {@code pkg.simple}. */
    static Path entryOf(URI uri, String pkg, String simple) {
        String relative = (pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + simple + ".class";
        try {
            if ("file".equals(uri.getScheme())) {
                Path file = Paths.get(uri);
                Path root = file;
                for (int i = relative.split("/").length; i > 0 && root != null; i--) {
                    root = root.getParent();
                }
                return root != null && root.resolve(relative).equals(file) ? root : null;
            }
            if ("jar".equals(uri.getScheme())) {
                String s = uri.getRawSchemeSpecificPart();
                int bang = s.indexOf("!/");
                if (bang > 0 && s.substring(bang + 2).equals(relative)) {
                    return Paths.get(URI.create(s.substring(0, bang)));
                }
            }
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
        return null;
    }

    private static String topLevel(String binaryName) {
        int dollar = binaryName.indexOf('$', binaryName.lastIndexOf('.') + 1);
        return dollar < 0 ? binaryName : binaryName.substring(0, dollar);
    }

    /** A source file of the user's compilation, or a stub of weft's, read from memory. */
    static final class SourceFile extends SimpleJavaFileObject {
        final String binaryName;
        private final String text;

        SourceFile(URI uri, String binaryName, String text) {
            super(uri, Kind.SOURCE);
            this.binaryName = binaryName;
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }

        @Override
        public boolean isNameCompatible(String simpleName, Kind kind) {
            // javac asks whether a public class may live in this file; stubs and copies keep the
            // original file's name, and public classes there were checked by the user's javac
            return kind == Kind.SOURCE;
        }
    }

    /** A class file that the user's compilation found outside a directory or jar. */
    private static final class ClassFile extends SimpleJavaFileObject {
        private final FileObject file;
        final String binaryName;

        ClassFile(FileObject file, String binaryName) {
            super(URI.create("weft-shadow:///" + binaryName.replace('.', '/') + ".class"), Kind.CLASS);
            this.file = file;
            this.binaryName = binaryName;
        }

        @Override
        public InputStream openInputStream() throws IOException {
            return file.openInputStream();
        }
    }
}
