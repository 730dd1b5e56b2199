package dev.weft.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random bodies ({@link RandomBodies}) through the state machine and synchronously: the traces
 * must agree. Seeds are fixed so that a failure reproduces; {@code -Dweft.randomSeed=N} starts
 * elsewhere and {@code -Dweft.randomCases=N} runs more or fewer than the 2,000 of a default run
 * (seeds 1 to 3,000 passed once anonymous classes used through their own members, intersections
 * and same-named local classes were added to the generator).
 */
class RandomDifferentialTest {
    static final int BATCH = 50;
    /** Failures and cancellations injected per body, each at a seeded await. */
    static final int INJECTIONS = 3;

    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void randomBodiesAgreeWithTheSynchronousRun() throws Exception {
        long first = Long.getLong("weft.randomSeed", 1);
        int cases = Integer.getInteger("weft.randomCases", 2000);
        List<String> failures = new ArrayList<>();
        for (long start = first; start < first + cases; start += BATCH) {
            List<String> bodies = new ArrayList<>();
            for (long seed = start; seed < start + BATCH && seed < first + cases; seed++) {
                bodies.add(RandomBodies.body(seed));
            }
            Compilation c = DifferentialCase.compileAll(bodies, "String", "");
            if (c.status() != Compilation.Status.SUCCESS) {
                failures.add("seeds " + start + "..: compilation failed:\n" + CompileSupport.errors(c));
                continue;
            }
            ClassLoader loader = CompileSupport.loader(c);
            for (int i = 0; i < bodies.size(); i++) {
                String diff = DifferentialCase.compare(loader, i, new Object[0]);
                if (diff != null) {
                    failures.add("seed " + (start + i) + ":\n" + bodies.get(i) + "\n " + diff);
                    continue;
                }
                // a failure, then a cancellation, delivered at seeded awaits of the body
                int awaits = DifferentialCase.awaitCount(loader, i, new Object[0]);
                java.util.Random pick = new java.util.Random(start + i);
                for (int k = 0; k < Math.min(awaits, 2 * INJECTIONS) && diff == null; k++) {
                    int at = pick.nextInt(awaits);
                    boolean cancel = k % 2 == 1;
                    diff = DifferentialCase.compare(loader, i, new Object[0], at, cancel);
                    if (diff != null) {
                        failures.add("seed " + (start + i) + (cancel ? " cancelled" : " failing") + " at await " + at
                                + ":\n" + bodies.get(i) + "\n " + diff);
                    }
                }
            }
            if (failures.size() > 3) {
                break;
            }
        }
        assertWithMessage(String.join("\n\n", failures)).that(failures).isEmpty();
    }
}
