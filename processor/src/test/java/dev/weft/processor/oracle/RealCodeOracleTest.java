package dev.weft.processor.oracle;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.weft.processor.oracle.RealCodeOracle.Config;
import dev.weft.processor.oracle.RealCodeOracle.FailureClass;
import dev.weft.processor.oracle.RealCodeOracle.Kind;
import dev.weft.processor.oracle.RealCodeOracle.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CI slice of the real-code oracle ({@link RealCodeOracle}): a seeded sample of the static
 * methods of commons-lang3, commons-collections4, commons-text, commons-io, commons-codec and
 * jsoup, a few {@code @Async}
 * variants each, compiled with weft and run against the methods as written.
 *
 * <p>{@link #KNOWN_BUGS} is an allowlist of <em>known weft bugs</em>, each entry naming its
 * minimal reproducer: it is not accepted behaviour. It only keeps CI green while they are being
 * fixed, so that this test fails on any <em>new</em> failure class. When a fix lands, delete its
 * entry; the test also fails when an entry matches nothing in the slice, so stale entries do not
 * linger. The full run ({@code processor/oracle/run.sh}, README "Real-code oracle") covers all
 * seven libraries, Guava included.
 */
class RealCodeOracleTest {
    /** A known failure class: its kind, a pattern over its normalized message, its reproducer. */
    record KnownBug(Kind kind, Pattern message, String reproducer) {
        boolean matches(FailureClass c) {
            return c.kind() == kind && message.matcher(c.signature()).find();
        }
    }

    /**
     * Known weft bugs (not accepted behaviour: delete each entry once its fix lands). Each
     * reproducer is a body that fails the same way in an {@code @Async} method.
     */
    static final List<KnownBug> KNOWN_BUGS = List.of(
            // R1, R2, R5 and R6 (processor/oracle/KNOWN_BUGS.md) were fixed on 2026-12-06 and their
            // entries deleted; resources/found/ keeps their reproducers (FoundInRealCodeTest)
    );

    /**
     * Methods always in the slice, with a variant at each of their spots: where the known bugs
     * showed in commons code, so that the slice sees each fix land.
     */
    static final Set<String> PINNED = Set.of(
            "commons-collections4-4.6.0:org/apache/commons/collections4/bloomfilter/SetOperations.java:122",
            "commons-collections4-4.6.0:org/apache/commons/collections4/properties/OrderedProperties.java:300",
            "commons-collections4-4.6.0:org/apache/commons/collections4/bloomfilter/CellExtractor.java:87",
            "commons-text-1.15.0:org/apache/commons/text/WordUtils.java:302",
            "commons-text-1.15.0:org/apache/commons/text/StrSubstitutor.java:190",
            "commons-text-1.15.0:org/apache/commons/text/translate/EntityArrays.java:446",
            "commons-io-2.16.1:org/apache/commons/io/FileCleaningTracker.java:227");

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void sliceOfRealCodeHasNoFailureBeyondTheKnownBugs() throws Exception {
        Path target = Path.of("target", "oracle");
        List<Path> jars = new ArrayList<>();
        for (Path j : RealCodeOracle.sourcesJars(target.resolve("sources"))) {
            if (!j.getFileName().toString().startsWith("guava-")) {
                jars.add(j);
            }
        }
        Config config = new Config(Long.getLong("oracle.seed", 15), Integer.getInteger("oracle.perMethod", 2),
                Integer.getInteger("oracle.maxVariants", 400),
                Double.parseDouble(System.getProperty("oracle.methodFraction", "0.12")), 100, 3, true, true, PINNED,
                target.resolve("ci"));
        RealCodeOracle oracle = new RealCodeOracle(config);
        Report report = oracle.run(jars);
        oracle.write(report);

        assertWithMessage("variants in the slice").that(report.variants).isAtLeast(200);
        assertWithMessage("variants run against the methods as written").that(report.executed).isAtLeast(20);
        List<String> unknown = new ArrayList<>();
        List<KnownBug> seen = new ArrayList<>();
        for (Map.Entry<FailureClass, List<RealCodeOracle.Failure>> e : report.failures.entrySet()) {
            KnownBug known = KNOWN_BUGS.stream().filter(k -> k.matches(e.getKey())).findFirst().orElse(null);
            if (known == null) {
                RealCodeOracle.Failure f = e.getValue().get(0);
                unknown.add(e.getKey().kind() + " x" + e.getValue().size() + ": " + e.getKey().signature() + "\n  "
                        + f.where() + "\n  " + f.detail().replace("\n", "\n  ") + "\n" + f.source());
            } else {
                seen.add(known);
            }
        }
        assertWithMessage("new failure classes (see target/oracle/ci/report.txt and failures/):\n"
                + String.join("\n\n", unknown)).that(unknown).isEmpty();
        List<KnownBug> stale = new ArrayList<>(KNOWN_BUGS);
        stale.removeAll(seen);
        assertWithMessage("KNOWN_BUGS entries that no longer fail in the slice: delete them").that(stale).isEmpty();
    }
}
