package dev.weft.processor.oracle;

import dev.weft.processor.oracle.Javac.Result;
import dev.weft.processor.oracle.Javac.Source;
import dev.weft.processor.oracle.Library.Site;
import dev.weft.processor.oracle.Library.Spot;
import dev.weft.processor.oracle.Variants.Variant;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real-code oracle: methods of open-source libraries nobody here wrote (static methods, and
 * instance methods of classes that can be extended), each lifted into a class of its own package
 * and turned into {@code @Async} variants with one await at a chosen expression
 * ({@link Variants}), compiled with weft's processor and, where the parameters are simple, run
 * against the lifted method as written.
 *
 * <p>Every variant ends in one {@link Kind}. {@link Kind#INVALID} is the oracle's own limit (the
 * variant is not valid Java even without weft: a wrapped constant that a {@code byte} or a case
 * label needed, an inference that the await changed) and is not a finding; the kinds marked
 * {@code failure} are weft bugs. {@code main} runs it from the command line
 * ({@code processor/oracle/run.sh}); {@link RealCodeOracleTest} runs a slice in CI.
 */
public final class RealCodeOracle {
    /** What happened to one variant. */
    enum Kind {
        OK(false),
        /** Valid Java rejected with a {@code [weft.*]} code of a construct weft rejects by design. */
        REJECTED_AS_DESIGNED(false),
        /** Not valid Java even without the processor: the oracle's limit, not a finding. */
        INVALID(false),
        UNCOMPILABLE_OUTPUT(true),
        INTERNAL_ERROR(true),
        REJECTED_NOT_IN_DESIGN(true),
        /** A plain javac error in the variant's own file that javac without weft does not give. */
        SPURIOUS_ERROR(true),
        /** javac itself threw. */
        CRASH(true),
        BEHAVIOUR_DIFFERS(true);

        final boolean failure;

        Kind(boolean failure) {
            this.failure = failure;
        }
    }

    /** The rejections by design: await in a lambda, an anonymous or local class, synchronized; the @Async signature rules. */
    static final Set<String> DESIGNED = Set.of("weft.await-in-lambda", "weft.await-in-anonymous-class",
            "weft.await-in-local-class", "weft.await-in-synchronized", "weft.not-task", "weft.private-async",
            "weft.final-async", "weft.abstract-async", "weft.not-subclassable", "weft.local-async");

    private static final Pattern CODE = Pattern.compile("\\[(weft\\.[a-z-]+)\\]");

    /** How to run. */
    /**
     * How to run. {@code pinned} names methods as the report does
     * ({@code library:path/File.java:line}) that are always in the sample, before the others,
     * with a variant at each of their spots.
     */
    record Config(long seed, int perMethod, int maxVariants, double methodFraction, int batch, int inputs,
            boolean execute, boolean suspend, Set<String> pinned, Path work) {
        static Config fromSystemProperties(Path work) {
            return new Config(Long.getLong("oracle.seed", 15), Integer.getInteger("oracle.perMethod", 16),
                    Integer.getInteger("oracle.maxVariants", 0),
                    Double.parseDouble(System.getProperty("oracle.methodFraction", "1")),
                    Integer.getInteger("oracle.batch", 200), Integer.getInteger("oracle.inputs", 4),
                    !Boolean.getBoolean("oracle.noExecute"), !Boolean.getBoolean("oracle.noSuspend"), Set.of(), work);
        }
    }

    /** One failure class: a kind and a message with names and numbers taken out. */
    record FailureClass(Kind kind, String signature) {}

    /** A failure of one variant. */
    record Failure(Kind kind, String signature, String detail, String where, String source) {}

    /** What a run found. */
    static final class Report {
        final Map<Kind, Integer> counts = new TreeMap<>();
        final Map<FailureClass, List<Failure>> failures = new LinkedHashMap<>();
        final Map<String, Integer> designedCodes = new TreeMap<>();
        /** Why variants were not valid Java without weft, by normalized first error. */
        final Map<String, Integer> invalidReasons = new TreeMap<>();
        /** The first example of each reason. */
        final Map<String, String> invalidExamples = new TreeMap<>();
        int sites;
        int baselineCompiled;
        int variants;
        int executed;
        int executionSkipped;
        long millis;

        void count(Kind k) {
            counts.merge(k, 1, Integer::sum);
        }

        void fail(Failure f) {
            count(f.kind());
            failures.computeIfAbsent(new FailureClass(f.kind(), f.signature()), k -> new ArrayList<>()).add(f);
        }

        int failureCount() {
            return failures.values().stream().mapToInt(List::size).sum();
        }

        String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("methods %d (lifted and compiling as written: %d), variants %d, in %d s%n", sites,
                    baselineCompiled, variants, millis / 1000));
            for (Map.Entry<Kind, Integer> e : counts.entrySet()) {
                sb.append(String.format("  %-22s %6d%s%n", e.getKey(), e.getValue(),
                        e.getKey().failure ? "  <- weft bug" : ""));
            }
            if (!designedCodes.isEmpty()) {
                sb.append("  rejections as designed: ").append(designedCodes).append('\n');
            }
            if (!invalidReasons.isEmpty()) {
                sb.append("  invalid without weft (the oracle's limit), by first error:\n");
                invalidReasons.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
                        .limit(8).forEach(e -> sb.append(String.format("    %6d %s%n", e.getValue(), e.getKey())));
            }
            sb.append(String.format("run against the method as written: %d variants (skipped as nondeterministic or"
                    + " slow: %d)%n", executed, executionSkipped));
            List<Map.Entry<FailureClass, List<Failure>>> ranked = new ArrayList<>(failures.entrySet());
            ranked.sort(Comparator.comparingInt((Map.Entry<FailureClass, List<Failure>> e) -> -e.getValue().size()));
            int n = 1;
            for (Map.Entry<FailureClass, List<Failure>> e : ranked) {
                Failure smallest = e.getValue().stream().min(Comparator.comparingInt(f -> f.source().length()))
                        .orElseThrow();
                sb.append(String.format("%n#%d %s x%d: %s%n    e.g. %s%n    %s%n", n++, e.getKey().kind(),
                        e.getValue().size(), e.getKey().signature(), smallest.where(),
                        smallest.detail().replace("\n", "\n    ")));
            }
            return sb.toString();
        }
    }

    /**
     * The libraries whose sources the build copies (processor/pom.xml): their jars' file names
     * start so. For a run over other libraries' -sources jars, put their jars on the class path
     * and name them with -Doracle.jars=joda-time-,gson- (and their packages with oracle.packages).
     */
    static final List<String> LIBRARY_JARS = withProperty("oracle.jars", "commons-lang3-", "commons-collections4-",
            "commons-text-", "guava-", "commons-io-", "commons-codec-", "jsoup-", "commons-math3-", "jackson-core-");

    /**
     * The packages of those libraries, whose classes {@link Executor#loader} defines beside the
     * variants (package-private access works only within one loader); more with
     * -Doracle.packages=org.joda.,com.google.gson.
     */
    static final List<String> LIBRARY_PACKAGES = withProperty("oracle.packages", "org.apache.commons.",
            "com.google.common.", "org.jsoup.", "com.fasterxml.jackson.core.");

    private static List<String> withProperty(String property, String... defaults) {
        List<String> all = new ArrayList<>(List.of(defaults));
        for (String extra : System.getProperty(property, "").split(",")) {
            if (!extra.isBlank()) {
                all.add(extra.trim());
            }
        }
        return List.copyOf(all);
    }

    private final Config config;
    private final String classpath;
    private final List<Path> libraryJars = new ArrayList<>();
    private final Report report = new Report();

    RealCodeOracle(Config config) {
        this.config = config;
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.endsWith("-sources.jar")) {
                entries.add(e);
            }
            String name = Path.of(e).getFileName().toString();
            if (LIBRARY_JARS.stream().anyMatch(name::startsWith)) {
                libraryJars.add(Path.of(e));
            }
        }
        this.classpath = String.join(File.pathSeparator, entries);
    }

    /** The sources jars the build copied to {@code target/oracle/sources}. */
    static List<Path> sourcesJars(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith("-sources.jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("no sources jars in " + dir + ": run the build (mvn test-compile) first", e);
        }
    }

    Report run(List<Path> sourcesJars) {
        long t0 = System.currentTimeMillis();
        List<Site> sites = new ArrayList<>();
        for (Path jar : sourcesJars) {
            String name = jar.getFileName().toString().replaceAll("-sources\\.jar$", "");
            Library lib = Library.load(name, jar, config.work(), classpath);
            sites.addAll(lib.sites);
            log(name + ": " + lib.sites.size() + " static methods with a body");
        }
        report.sites = sites.size();
        if (config.methodFraction() < 1) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < sites.size(); i++) {
                idx.add(i);
            }
            Collections.shuffle(idx, new Random(config.seed()));
            Set<Integer> keep = new HashSet<>(idx.subList(0, (int) Math.ceil(sites.size() * config.methodFraction())));
            List<Site> kept = new ArrayList<>();
            for (int i = 0; i < sites.size(); i++) {
                if (keep.contains(i) || pinned(sites.get(i))) {
                    kept.add(sites.get(i));
                }
            }
            sites = kept;
        }
        // the methods as written, lifted out: those that do not compile so are left out
        Set<Integer> compiles = new HashSet<>();
        for (int from = 0; from < sites.size(); from += 400) {
            List<Source> batch = new ArrayList<>();
            for (int i = from; i < Math.min(sites.size(), from + 400); i++) {
                batch.add(new Source(sites.get(i).pkg() + "." + Variants.baselineName(i), Variants.baseline(sites.get(i), i)));
            }
            Result r = Javac.compile(batch, config.work().resolve("baselines"), classpath, false);
            for (int i = from; i < Math.min(sites.size(), from + 400); i++) {
                if (!r.crashed() && !r.errors().containsKey(Variants.baselineName(i))) {
                    compiles.add(i);
                }
            }
        }
        report.baselineCompiled = compiles.size();
        log("lifted methods that compile as written: " + compiles.size() + " of " + sites.size());
        List<Variant> variants = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            if (pinned(sites.get(i))) {
                order.add(i);
            }
        }
        for (int i = 0; i < sites.size(); i++) {
            if (!pinned(sites.get(i))) {
                order.add(i);
            }
        }
        for (int i : order) {
            if (!compiles.contains(i)) {
                continue;
            }
            Site s = sites.get(i);
            boolean pinned = pinned(s);
            int perMethod = pinned ? Integer.MAX_VALUE : config.perMethod();
            for (Spot spot : Variants.choose(s, config.seed() * 1_000_003L + i, perMethod)) {
                int id = variants.size();
                String cls = Variants.variantName(id);
                // with suspend, every other variant awaits a task that completes later
                boolean suspend = config.suspend() && id % 2 == 1;
                variants.add(new Variant(id, i, spot, cls, s.pkg(), Variants.variant(s, spot, cls, suspend)));
                if (!pinned && config.maxVariants() > 0 && variants.size() >= config.maxVariants()) {
                    break;
                }
            }
            if (config.maxVariants() > 0 && variants.size() >= config.maxVariants()) {
                break;
            }
        }
        report.variants = variants.size();
        log("variants: " + variants.size());
        try (Executor executor = new Executor()) {
            for (int from = 0; from < variants.size(); from += config.batch()) {
                List<Variant> batch = variants.subList(from, Math.min(variants.size(), from + config.batch()));
                runBatch(sites, batch, executor, config.work().resolve("batch"));
                log(String.format("%d/%d variants, %d failures, %d s", from + batch.size(), variants.size(),
                        report.failureCount(), (System.currentTimeMillis() - t0) / 1000));
            }
        }
        report.millis = System.currentTimeMillis() - t0;
        return report;
    }

    private boolean pinned(Site s) {
        return config.pinned().contains(s.library() + ":" + s.file() + ":" + s.line());
    }

    private void runBatch(List<Site> sites, List<Variant> batch, Executor executor, Path dir) {
        deleteTree(dir);
        // 1. without weft: a variant javac rejects on its own is the oracle's limit
        List<Variant> valid = new ArrayList<>();
        Result control = Javac.compile(sources(batch), dir.resolve("control"), classpath, false);
        if (control.crashed()) {
            throw new IllegalStateException("javac without weft crashed: " + control.crash());
        }
        for (Variant v : batch) {
            if (control.errors().containsKey(v.className())) {
                report.count(Kind.INVALID);
                String e = control.errors().get(v.className()).get(0);
                String reason = normalize(e.substring(e.indexOf(": ") + 2));
                report.invalidReasons.merge(reason, 1, Integer::sum);
                report.invalidExamples.putIfAbsent(reason, "// " + where(sites.get(v.site()), v) + "\n// "
                        + String.join("\n// ", control.errors().get(v.className())) + "\n" + v.source());
            } else {
                valid.add(v);
            }
        }
        // 2. with weft: rejections stop javac before it reads generated code, so they leave the batch
        Map<String, List<String>> errors = new HashMap<>();
        List<Variant> left = new ArrayList<>(valid);
        Path out = dir.resolve("weft");
        List<Variant> compiled = compileWithWeft(sites, left, out, errors);
        for (Variant v : valid) {
            List<String> errs = errors.get(v.className());
            if (errs == null) {
                report.count(Kind.OK);
                continue;
            }
            classify(sites.get(v.site()), v, errs);
        }
        // 3. run the compiled ones whose parameters are simple
        if (!config.execute() || compiled.isEmpty()) {
            return;
        }
        ClassLoader loader = Executor.loader(out.resolve("classes"), libraryJars);
        for (Variant v : compiled) {
            Site s = sites.get(v.site());
            if (!Executor.runnable(s.paramTypes()) || readsItsOwnStack(s)) {
                continue;
            }
            String diff;
            boolean[] skipped = new boolean[1];
            try {
                Class<?> baseClass = loader.loadClass(v.pkg() + "." + Variants.baselineName(v.site()));
                Class<?> asyncClass = loader.loadClass(v.qualifiedName() + "_Async");
                Method base = Executor.method(baseClass, Variants.methodName(s));
                Method async = Executor.method(asyncClass, Variants.methodName(s));
                base.setAccessible(true);
                async.setAccessible(true);
                diff = executor.compare(base, Executor.receiver(baseClass, s.isStatic()), async,
                        Executor.receiver(asyncClass, s.isStatic()),
                        Executor.inputs(s.paramTypes(), config.seed() + v.site(), config.inputs()), skipped);
            } catch (ReflectiveOperationException | LinkageError e) {
                diff = "could not load: " + e;
            }
            if (skipped[0]) {
                report.executionSkipped++;
            } else {
                report.executed++;
            }
            if (diff != null) {
                report.counts.merge(Kind.OK, -1, Integer::sum);
                report.fail(new Failure(Kind.BEHAVIOUR_DIFFERS, "behaviour differs", diff, where(s, v), v.source()));
            }
        }
    }

    /**
     * Code that reads the stack it runs on (commons-math's {@code caller(n)}: {@code new
     * Throwable().getStackTrace()[n].getMethodName()}) sees the state machine's {@code resume}
     * frame instead of its method's: a difference by design, so it is compiled, never compared.
     */
    static boolean readsItsOwnStack(Site s) {
        return s.body().contains("getStackTrace") || s.body().contains("StackWalker");
    }

    /** Compiles {@code left} with weft until no rejection is left in it; returns what compiled. */
    private List<Variant> compileWithWeft(List<Site> sites, List<Variant> left, Path out,
            Map<String, List<String>> errors) {
        while (!left.isEmpty()) {
            deleteTree(out);
            List<Source> sources = sources(left);
            Set<Integer> siteIds = new HashSet<>();
            for (Variant v : left) {
                if (siteIds.add(v.site())) {
                    sources.add(new Source(v.pkg() + "." + Variants.baselineName(v.site()),
                            Variants.baseline(sites.get(v.site()), v.site())));
                }
            }
            Result r = Javac.compile(sources, out, classpath, true);
            if (r.crashed() || r.errors().containsKey("")) {
                if (left.size() == 1) {
                    errors.put(left.get(0).className(), r.crashed() ? List.of("javac crashed: " + r.crash())
                            : r.errors().get(""));
                    return List.of();
                }
                // bisect to find who made javac crash or report an error nobody owns
                int half = left.size() / 2;
                compileWithWeft(sites, new ArrayList<>(left.subList(0, half)),
                        out.resolveSibling(out.getFileName() + "a"), errors);
                compileWithWeft(sites, new ArrayList<>(left.subList(half, left.size())),
                        out.resolveSibling(out.getFileName() + "b"), errors);
                // the halves' classes live in other directories: they are not run
                return List.of();
            }
            boolean rejected = false;
            List<Variant> rest = new ArrayList<>();
            for (Variant v : left) {
                List<String> errs = r.errors().get(v.className());
                if (errs != null && errs.stream().anyMatch(e -> CODE.matcher(e).find() && !e.contains("_Async.java:"))) {
                    errors.put(v.className(), errs);
                    rejected = true;
                } else {
                    rest.add(v);
                }
            }
            if (!rejected) {
                List<Variant> compiled = new ArrayList<>();
                for (Variant v : left) {
                    List<String> errs = r.errors().get(v.className());
                    if (errs != null) {
                        errors.put(v.className(), errs);
                    } else {
                        compiled.add(v);
                    }
                }
                if (compiled.size() == left.size()) {
                    return compiled;
                }
                // javac writes no class file while any error stands: compile the good ones again
                left = compiled;
                continue;
            }
            left = rest;
        }
        return List.of();
    }

    private void classify(Site s, Variant v, List<String> errs) {
        String first = errs.get(0);
        Kind kind;
        String signature;
        Matcher code = CODE.matcher(String.join("\n", errs));
        String generated = errs.stream().filter(e -> e.contains("_Async.java:")).findFirst().orElse(null);
        if (first.startsWith("javac crashed")) {
            kind = Kind.CRASH;
            signature = normalize(first);
        } else if (code.find()) {
            String c = code.group(1);
            String message = errs.stream().filter(e -> e.contains("[" + c + "]")).findFirst().orElseThrow();
            if (c.equals("weft.internal-error")) {
                kind = Kind.INTERNAL_ERROR;
            } else if (DESIGNED.contains(c)) {
                report.count(Kind.REJECTED_AS_DESIGNED);
                report.designedCodes.merge(c, 1, Integer::sum);
                return;
            } else {
                kind = Kind.REJECTED_NOT_IN_DESIGN;
            }
            signature = normalize(message.substring(message.indexOf('[')));
        } else if (generated != null) {
            kind = Kind.UNCOMPILABLE_OUTPUT;
            signature = normalize(generated.substring(generated.indexOf(": ") + 2));
        } else {
            kind = Kind.SPURIOUS_ERROR;
            signature = normalize(first.substring(Math.max(0, first.indexOf(": ") + 2)));
        }
        report.fail(new Failure(kind, signature, String.join("\n", errs.subList(0, Math.min(4, errs.size()))),
                where(s, v), v.source()));
    }

    private static String where(Site s, Variant v) {
        String awaited = s.body().substring(v.spot().start(), v.spot().end()).replaceAll("\\s+", " ");
        if (awaited.length() > 80) {
            awaited = awaited.substring(0, 77) + "...";
        }
        return s.where() + ", awaiting `" + awaited + "` (" + v.className() + ")";
    }

    /** The first line of a message, without the oracle's class names, numbers and quoted names. */
    static String normalize(String message) {
        String line = message.lines().findFirst().orElse("");
        line = line.replaceAll("WeftOracle[VB]\\d+(_Async)?", "V").replaceAll("\\d+", "N");
        return line.length() > 160 ? line.substring(0, 160) : line;
    }

    private static List<Source> sources(List<Variant> batch) {
        List<Source> out = new ArrayList<>();
        for (Variant v : batch) {
            out.add(new Source(v.qualifiedName(), v.source()));
        }
        return out;
    }

    /** Writes the report and, per failure class, its smallest example, under {@code work}. */
    void write(Report r) throws IOException {
        Files.createDirectories(config.work());
        Files.writeString(config.work().resolve("report.txt"), r.summary());
        Path dir = config.work().resolve("failures");
        deleteTree(dir);
        int n = 1;
        Path invalid = config.work().resolve("invalid");
        deleteTree(invalid);
        Files.createDirectories(invalid);
        for (String example : r.invalidExamples.values()) {
            Files.writeString(invalid.resolve(String.format("%02d.java", n++)), example);
        }
        n = 1;
        List<Map.Entry<FailureClass, List<Failure>>> ranked = new ArrayList<>(r.failures.entrySet());
        ranked.sort(Comparator.comparingInt((Map.Entry<FailureClass, List<Failure>> e) -> -e.getValue().size()));
        for (Map.Entry<FailureClass, List<Failure>> e : ranked) {
            Path d = dir.resolve(String.format("%02d-%s", n++, e.getKey().kind()));
            Files.createDirectories(d);
            List<Failure> fs = new ArrayList<>(e.getValue());
            fs.sort(Comparator.comparingInt(f -> f.source().length()));
            for (int i = 0; i < Math.min(3, fs.size()); i++) {
                Failure f = fs.get(i);
                Files.writeString(d.resolve("example" + i + ".java"),
                        "// " + f.where() + "\n// " + f.detail().replace("\n", "\n// ") + "\n" + f.source());
            }
        }
    }

    /** Progress on standard error: on for the command line, off in CI. */
    static boolean verbose;

    private static void log(String s) {
        if (verbose) {
            System.err.println("[oracle] " + s);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the oracle over the sources jars in {@code args[0]} (default
     * {@code processor/target/oracle/sources}), writing {@code report.txt} and {@code failures/}
     * to {@code args[1]} (default {@code processor/target/oracle/run}). System properties:
     * {@code oracle.seed}, {@code oracle.perMethod}, {@code oracle.maxVariants},
     * {@code oracle.methodFraction}, {@code oracle.batch}, {@code oracle.inputs},
     * {@code oracle.noExecute}, {@code oracle.noSuspend} (every variant awaits {@code Task.of(e)};
     * by default every other one awaits {@code Later.of(e)}, which really suspends).
     */
    public static void main(String[] args) throws IOException {
        Path sources = Path.of(args.length > 0 ? args[0] : "processor/target/oracle/sources");
        Path work = Path.of(args.length > 1 ? args[1] : "processor/target/oracle/run");
        verbose = true;
        RealCodeOracle oracle = new RealCodeOracle(Config.fromSystemProperties(work));
        Report r = oracle.run(sourcesJars(sources));
        oracle.write(r);
        System.out.println(r.summary());
        System.exit(0);
    }
}
