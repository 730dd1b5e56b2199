import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks README.md the way a new user reads it: every recipe and every Java example, copied as
 * written into new projects outside weft's build, on each JDK, with warnings as errors.
 *
 * <p>Run from the repository root after {@code mvn verify} (the README's test command), which
 * left the sample app's generated sources that an excerpt is checked against:
 * {@code java .ci/ReadmeCheck.java}. JDKs: the one running this, and every
 * {@code /usr/lib/jvm/temurin-25*}; or the list in {@code WEFT_README_JDKS} (paths, colon-separated).
 *
 * <p>What README.md marks, with a comment on the line above a fenced block:
 *
 * <ul>
 *   <li>{@code <!-- check: main demo/Hello.java -->}, {@code <!-- check: test demo/FooTest.java -->}:
 *       a Java file of the example project, in its main or test sources. Each main class is run,
 *       and what its {@code System.out.println(...); // text} lines say it prints must appear.
 *   <li>{@code <!-- check: excerpt consumer:PATH -->} or {@code repo:PATH}: Java text that must
 *       appear, line by line, in a file the example project (or weft's own build) generated; a
 *       line {@code ...} stands for any lines.
 *   <li>{@code maven-pom}: what goes inside {@code <project>}; {@code maven-test-dependencies} and
 *       {@code maven-test-plugins}: what goes into its {@code <dependencies>} and {@code <plugins>}.
 *       The example project is built with them ({@code mvn test}) against weft installed into a
 *       private local repository, its tests must run (Surefire reports, none skipped), and its
 *       main classes are run.
 *   <li>{@code module module-info.java}: the module descriptor of a modular project, which is the
 *       Maven recipe with the main examples; built ({@code mvn compile}) and each main run as a module.
 *   <li>{@code javac}: shell lines run in a directory holding the main sources under {@code src/}
 *       and weft's jars, with {@code JDK_JAVAC_OPTIONS="-Xlint:all -Werror"}.
 * </ul>
 *
 * A Java block without a mark fails the check, as does a relative link to a missing file.
 * Compiles use {@code -Xlint:all -Werror}; test sources {@code -Xlint:all,-processing -Werror},
 * as README's troubleshooting table says (javac warns about JUnit's annotations, which no
 * processor claims, whenever a processor runs).
 */
public class ReadmeCheck {
    private static final Path REPO = Paths.get("").toAbsolutePath();
    private static final Pattern MARK = Pattern.compile("^\\s*<!-- check: (\\S+)(?: (\\S+))? -->\\s*$");
    private static final Pattern PRINTS =
            Pattern.compile("System\\.out\\.println\\(.*\\);\\s*//\\s*(.+?)\\s*$", Pattern.MULTILINE);
    private static final List<String> failures = new ArrayList<>();

    /** A fenced block of README.md, with the mark above it (kind and argument), if any. */
    record Block(String kind, String arg, String lang, String text, int line) {}

    public static void main(String[] args) throws Exception {
        List<Block> blocks = blocks(Files.readAllLines(REPO.resolve("README.md")));
        checkLinks(Files.readString(REPO.resolve("README.md")));
        checkVersions(Files.readString(REPO.resolve("README.md")), version());
        for (Block b : blocks) {
            if (b.lang.equals("java") && b.kind == null) {
                fail("README.md:" + b.line + ": a Java block without a <!-- check: ... --> mark above it");
            }
        }
        Map<String, Block> recipes = new LinkedHashMap<>();
        for (String kind : List.of("maven-pom", "maven-test-dependencies", "maven-test-plugins", "javac", "module")) {
            List<Block> found = blocks.stream().filter(b -> kind.equals(b.kind)).toList();
            if (found.size() != 1) {
                fail("README.md: " + found.size() + " blocks marked '" + kind + "', expected one");
            } else {
                recipes.put(kind, found.get(0));
            }
        }
        for (Block b : blocks) {
            if ("excerpt".equals(b.kind) && b.arg.startsWith("repo:")) {
                checkExcerpt(b, REPO.resolve(b.arg.substring("repo:".length())));
            }
        }
        if (failures.isEmpty()) {
            Path work = Files.createTempDirectory("weft-readme-");
            String version = version();
            Path repo = installWeft(work);
            for (Path jdk : jdks()) {
                System.out.println("== README recipes on " + jdk);
                Path dir = work.resolve(jdk.getFileName().toString());
                mavenProject(dir.resolve("maven"), jdk, repo, recipes, blocks);
                javacProject(dir.resolve("javac"), jdk, repo, version, recipes.get("javac"), blocks);
                moduleProject(dir.resolve("module"), jdk, repo, recipes, blocks);
            }
            if (failures.isEmpty()) {
                delete(work);
            } else {
                System.err.println("README check: the projects are in " + work);
            }
        }
        if (!failures.isEmpty()) {
            System.err.println("README check: " + failures.size() + " problem(s)");
            failures.forEach(f -> System.err.println("- " + f));
            System.exit(1);
        }
        System.out.println("README check: every recipe and Java example works as written");
    }

    /** Deletes the work directory; links (into the user's Maven repository) go, not what they name. */
    private static void delete(Path work) throws IOException {
        try (Stream<Path> all = Files.walk(work)) { // does not follow links
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static List<Block> blocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.trim();
            if (!trimmed.startsWith("```")) {
                continue;
            }
            int indent = line.indexOf("```");
            String lang = trimmed.substring(3).trim();
            Matcher mark = i > 0 ? MARK.matcher(lines.get(i - 1)) : null;
            StringBuilder text = new StringBuilder();
            int start = i + 1;
            for (i++; i < lines.size() && !lines.get(i).trim().startsWith("```"); i++) {
                String l = lines.get(i);
                text.append(l.length() >= indent && l.substring(0, indent).isBlank() ? l.substring(indent) : l.strip())
                        .append('\n');
            }
            boolean marked = mark != null && mark.matches();
            blocks.add(new Block(marked ? mark.group(1) : null, marked ? mark.group(2) : null, lang,
                    text.toString(), start));
        }
        return blocks;
    }

    /** Relative links of README.md must name files of the repository. */
    private static void checkLinks(String readme) {
        Matcher m = Pattern.compile("\\]\\(([^)#\\s]+)(?:#[^)]*)?\\)").matcher(readme);
        while (m.find()) {
            String target = m.group(1);
            if (!target.contains("://") && !target.startsWith("mailto:") && !Files.exists(REPO.resolve(target))) {
                fail("README.md links to " + target + ", which is not in the repository");
            }
        }
    }

    /** Every weft version README names (the Gradle recipe's too, which is not run) is this build's. */
    private static void checkVersions(String readme, String version) {
        Matcher m = Pattern.compile("dev\\.weft:[\\w-]+:([^'\"\\s]+)|<artifactId>weft-[\\w-]+</artifactId>\\s*"
                + "<version>([^<]+)</version>|WEFT=(\\S+)").matcher(readme);
        while (m.find()) {
            String named = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            if (!named.equals(version)) {
                fail("README.md names weft version " + named + " (" + m.group().strip() + "); the build is " + version);
            }
        }
    }

    private static String version() throws IOException {
        Matcher m = Pattern.compile("<artifactId>weft-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(REPO.resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no version of weft-parent in pom.xml");
        }
        return m.group(1);
    }

    /**
     * A local repository of its own, where weft is installed, so that the user's own repository
     * never sees this build of weft; everything else is the user's, linked, so nothing is
     * downloaded twice.
     */
    private static Path installWeft(Path work) throws Exception {
        Path repo = Files.createDirectories(work.resolve("m2"));
        Path user = Paths.get(System.getProperty("user.home"), ".m2", "repository");
        if (Files.isDirectory(user)) {
            linkAllBut(user, repo, "dev");
            if (Files.isDirectory(user.resolve("dev"))) {
                linkAllBut(user.resolve("dev"), Files.createDirectories(repo.resolve("dev")), "weft");
            }
        }
        System.out.println("== installing weft into " + repo);
        if (!run(REPO, Map.of(), work.resolve("install.log"), "mvn", "-B", "-ntp", "-DskipTests",
                "-Dmaven.repo.local=" + repo, "install", "-pl", "annotations,runtime,processor,test-kit", "-am")) {
            failures.forEach(System.err::println);
            System.exit(1);
        }
        return repo;
    }

    private static void linkAllBut(Path from, Path to, String except) throws IOException {
        try (Stream<Path> children = Files.list(from)) {
            for (Path child : children.toList()) {
                if (!child.getFileName().toString().equals(except)) {
                    Files.createSymbolicLink(to.resolve(child.getFileName()), child);
                }
            }
        }
    }

    private static List<Path> jdks() throws IOException {
        Set<Path> jdks = new LinkedHashSet<>();
        String listed = System.getenv("WEFT_README_JDKS");
        if (listed != null && !listed.isBlank()) {
            for (String p : listed.split(":")) {
                jdks.add(Paths.get(p).toRealPath());
            }
            return new ArrayList<>(jdks);
        }
        jdks.add(Paths.get(System.getProperty("java.home")).toRealPath());
        Path jvms = Paths.get("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                for (Path d : dirs.sorted().toList()) {
                    if (d.getFileName().toString().startsWith("temurin-25") && Files.exists(d.resolve("bin/javac"))) {
                        jdks.add(d.toRealPath());
                    }
                }
            }
        }
        return new ArrayList<>(jdks);
    }

    /** The Maven recipe with the test kit's, the Java examples as its sources: built, tested, run. */
    private static void mavenProject(Path dir, Path jdk, Path repo, Map<String, Block> recipes, List<Block> blocks)
            throws Exception {
        String project = recipes.get("maven-pom").text;
        project = insertBefore(project, "</dependencies>", recipes.get("maven-test-dependencies").text);
        project = insertBefore(project, "</plugins>", recipes.get("maven-test-plugins").text);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("strict-parent.xml"), STRICT_PARENT);
        Files.writeString(dir.resolve("pom.xml"), CONSUMER.replace("@PROJECT@", project.indent(2)));
        writeSources(dir.resolve("src/main/java"), blocks, "main");
        writeSources(dir.resolve("src/test/java"), blocks, "test");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());
        if (!run(dir, env, dir.resolve("build.log"), "mvn", "-B", "-ntp", "-Dmaven.repo.local=" + repo, "test")) {
            return;
        }
        for (Block test : marked(blocks, "test")) {
            String name = test.arg.replace(".java", "").replace('/', '.');
            Path report = dir.resolve("target/surefire-reports/TEST-" + name + ".xml");
            if (!Files.exists(report)) {
                fail(jdk + ": Maven recipe: " + name + " did not run (no " + report + ")");
                continue;
            }
            String xml = Files.readString(report);
            if (count(xml, "tests") < 1 || count(xml, "failures") + count(xml, "errors") + count(xml, "skipped") > 0) {
                fail(jdk + ": Maven recipe: " + name + " ran no test, or not all passed: " + report);
            }
        }
        for (Block b : blocks) {
            if ("excerpt".equals(b.kind) && b.arg.startsWith("consumer:")) {
                checkExcerpt(b, dir.resolve(b.arg.substring("consumer:".length())));
            }
        }
        String classPath = String.join(java.io.File.pathSeparator, dir.resolve("target/classes").toString(),
                jar(repo, "weft-runtime"), jar(repo, "weft-annotations"));
        runMains(dir, jdk, blocks, classPath);
    }

    /**
     * The Maven recipe as it is, with README's {@code module-info.java} beside the main examples:
     * compiled as a named module (Maven puts weft on the module path), each main run with {@code java -m}.
     */
    private static void moduleProject(Path dir, Path jdk, Path repo, Map<String, Block> recipes, List<Block> blocks)
            throws Exception {
        Block descriptor = recipes.get("module");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("strict-parent.xml"), STRICT_PARENT);
        Files.writeString(dir.resolve("pom.xml"), CONSUMER.replace("@PROJECT@", recipes.get("maven-pom").text.indent(2)));
        writeSources(dir.resolve("src/main/java"), blocks, "main");
        Files.writeString(dir.resolve("src/main/java").resolve(descriptor.arg), descriptor.text);
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());
        if (!run(dir, env, dir.resolve("build.log"), "mvn", "-B", "-ntp", "-Dmaven.repo.local=" + repo, "compile")) {
            return;
        }
        Matcher name = Pattern.compile("\\bmodule\\s+([\\w.]+)").matcher(descriptor.text);
        if (!name.find()) {
            fail("README.md:" + descriptor.line + ": no module name in the module-info.java block");
            return;
        }
        String modulePath = String.join(java.io.File.pathSeparator, dir.resolve("target/classes").toString(),
                jar(repo, "weft-runtime"), jar(repo, "weft-annotations"));
        for (Block b : marked(blocks, "main")) {
            if (b.text.contains("static void main(")) {
                String mainClass = b.arg.replace(".java", "").replace('/', '.');
                Path log = dir.resolve(mainClass + ".log");
                if (run(dir, Map.of(), log, jdk.resolve("bin/java").toString(), "-p", modulePath,
                        "-m", name.group(1) + "/" + mainClass)) {
                    expectPrinted(jdk + ": module " + mainClass, b, Files.readString(log));
                }
            }
        }
    }

    /** The javac recipe, run line by line in a directory with the examples and weft's jars. */
    private static void javacProject(Path dir, Path jdk, Path repo, String version, Block recipe, List<Block> blocks)
            throws Exception {
        Files.createDirectories(dir);
        writeSources(dir.resolve("src"), blocks, "main");
        for (String artifact : List.of("weft-annotations", "weft-runtime", "weft-processor")) {
            Files.copy(Paths.get(jar(repo, artifact)), dir.resolve(artifact + "-" + version + ".jar"));
        }
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString(),
                "PATH", jdk.resolve("bin") + java.io.File.pathSeparator + System.getenv("PATH"),
                "JDK_JAVAC_OPTIONS", "-Xlint:all -Werror");
        Path log = dir.resolve("run.log");
        if (!run(dir, env, log, "bash", "-euo", "pipefail", "-c", recipe.text)) {
            return;
        }
        String output = Files.readString(log);
        for (Block b : marked(blocks, "main")) {
            String mainClass = b.arg.replace(".java", "").replace('/', '.');
            if (recipe.text.contains(" " + mainClass)) {
                expectPrinted(jdk + ": javac recipe: " + mainClass, b, output);
            }
        }
    }

    private static void runMains(Path dir, Path jdk, List<Block> blocks, String classPath) throws Exception {
        for (Block b : marked(blocks, "main")) {
            if (!b.text.contains("static void main(")) {
                continue;
            }
            String mainClass = b.arg.replace(".java", "").replace('/', '.');
            Path log = dir.resolve(mainClass + ".log");
            if (run(dir, Map.of(), log, jdk.resolve("bin/java").toString(), "-cp", classPath, mainClass)) {
                expectPrinted(jdk + ": " + mainClass, b, Files.readString(log));
            }
        }
    }

    /** What the example's {@code System.out.println(...); // text} lines say must be in {@code output}. */
    private static void expectPrinted(String what, Block b, String output) {
        Matcher m = PRINTS.matcher(b.text);
        while (m.find()) {
            if (!output.contains(m.group(1))) {
                fail(what + " printed\n" + output.indent(4) + "  not '" + m.group(1) + "' as README.md:" + b.line + " says");
            }
        }
    }

    /**
     * The lines of the excerpt, blank lines and indentation aside, must be a run of {@code file}'s;
     * a line {@code ...} stands for any lines.
     */
    private static void checkExcerpt(Block b, Path file) throws IOException {
        if (!Files.exists(file)) {
            fail("README.md:" + b.line + ": the excerpt's file " + file + " does not exist (run mvn verify first)");
            return;
        }
        List<String> have = Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        int from = 0;
        for (String part : b.text.split("(?m)^\\s*\\.\\.\\.\\s*$")) {
            List<String> want = part.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            int at = indexOf(have, want, from);
            if (at < 0) {
                fail("README.md:" + b.line + ": the excerpt is not what " + file + " has: " + mismatch(have, want, from));
                return;
            }
            from = at + want.size();
        }
    }

    /** Where {@code want} starts as a run of {@code have}, at {@code from} or later; -1 if nowhere. */
    private static int indexOf(List<String> have, List<String> want, int from) {
        for (int at = from; at + want.size() <= have.size(); at++) {
            if (have.subList(at, at + want.size()).equals(want)) {
                return at;
            }
        }
        return -1;
    }

    /** The README line after the longest run that does match. */
    private static String mismatch(List<String> have, List<String> want, int from) {
        int best = 0;
        for (int at = from; at < have.size(); at++) {
            int n = 0;
            while (n < want.size() && at + n < have.size() && want.get(n).equals(have.get(at + n))) {
                n++;
            }
            best = Math.max(best, n);
        }
        return "its lines match up to '" + (best == 0 ? "(none)" : want.get(best - 1)) + "', then README has '"
                + want.get(Math.min(best, want.size() - 1)) + "'";
    }

    private static void writeSources(Path root, List<Block> blocks, String kind) throws IOException {
        for (Block b : marked(blocks, kind)) {
            Path file = root.resolve(b.arg);
            Files.createDirectories(file.getParent());
            Files.writeString(file, b.text);
        }
    }

    private static List<Block> marked(List<Block> blocks, String kind) {
        return blocks.stream().filter(b -> kind.equals(b.kind)).toList();
    }

    private static String jar(Path repo, String artifact) throws IOException {
        Path dir = repo.resolve("dev/weft").resolve(artifact).resolve(version());
        return dir.resolve(artifact + "-" + version() + ".jar").toString();
    }

    private static String insertBefore(String text, String closing, String inserted) {
        int at = text.indexOf(closing);
        if (at < 0 || text.indexOf(closing, at + 1) >= 0) {
            fail("the maven-pom recipe needs exactly one " + closing + " to add the test kit's lines to");
            return text;
        }
        return text.substring(0, at) + inserted.indent(2) + text.substring(at);
    }

    private static int count(String xml, String attribute) {
        Matcher m = Pattern.compile("<testsuite\\b[^>]*\\b" + attribute + "=\"(\\d+)\"").matcher(xml);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Runs {@code command} in {@code dir}, output to {@code log}; false (and a failure) unless it succeeds. */
    private static boolean run(Path dir, Map<String, String> env, Path log, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " in " + dir + " took more than 10 minutes; see " + log);
            return false;
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            fail(String.join(" ", command) + " in " + dir + " failed (exit " + p.exitValue() + "); the end of "
                    + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            return false;
        }
        return true;
    }

    private static void fail(String problem) {
        failures.add(problem);
    }

    /** The example project's pom: README's Maven recipe is all of it but the parent and the name. */
    private static final String CONSUMER = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
              <modelVersion>4.0.0</modelVersion>
              <parent>
                <groupId>readme.check</groupId>
                <artifactId>strict</artifactId>
                <version>1</version>
                <relativePath>strict-parent.xml</relativePath>
              </parent>
              <artifactId>example</artifactId>
            @PROJECT@</project>
            """;

    /** Warnings are errors, as in a strict user's build; the recipe's own settings add to these. */
    private static final String STRICT_PARENT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>readme.check</groupId>
              <artifactId>strict</artifactId>
              <version>1</version>
              <packaging>pom</packaging>
              <build>
                <pluginManagement>
                  <plugins>
                    <plugin>
                      <groupId>org.apache.maven.plugins</groupId>
                      <artifactId>maven-compiler-plugin</artifactId>
                      <configuration>
                        <showWarnings>true</showWarnings>
                        <compilerArgs>
                          <arg>-Xlint:all</arg>
                          <arg>-Werror</arg>
                        </compilerArgs>
                      </configuration>
                      <executions>
                        <execution>
                          <id>default-testCompile</id>
                          <configuration>
                            <compilerArgs combine.self="override">
                              <arg>-Xlint:all,-processing</arg>
                              <arg>-Werror</arg>
                            </compilerArgs>
                          </configuration>
                        </execution>
                      </executions>
                    </plugin>
                  </plugins>
                </pluginManagement>
              </build>
            </project>
            """;
}
