package dev.weft.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each exception-handling construct of issue 4, run through the state machine on the event loop
 * and synchronously: the traces must agree, with no failure, with a failure injected at each
 * await, and with a cancellation delivered at each await (every finally and close observed).
 */
class TryBehaviourTest {
    static final List<String> BODIES = List.of(
            // 0 await in try, catch and finally
            "try { log(await(t(1))); log(await(t(2))); } catch (IllegalStateException e) { log(\"c\" + await(t(3)) + name(e)); }"
                    + " finally { log(\"f\" + await(t(4))); } return Task.of(\"ok\");",
            // 1 nested tries, multi-catch, rethrow, catch that awaits then rethrows
            "try { try { await(t(1)); throw new IllegalArgumentException(\"x\"); }"
                    + " catch (IllegalArgumentException | NullPointerException e) { log(name(e)); await(t(2)); throw e; }"
                    + " finally { log(\"inner\"); await(t(3)); } } catch (RuntimeException e) { log(\"outer \" + name(e)); throw e; }"
                    + " finally { log(\"f2\"); }",
            // 2 return, break, continue (labeled too) across an awaiting finally
            "int n = 0; outer: for (int i = 0; i < 4; i++) { for (int j = 0; j < 3; j++) { try { n += await(t(j));"
                    + " if (j == 1) continue outer; if (i == 2) break outer; if (n > 100) return Task.of(\"big\"); }"
                    + " finally { log(\"f\" + i + j); await(t(0)); } } } try { if (n > 0) return Task.of(\"r\" + n); }"
                    + " finally { log(\"last\"); await(t(9)); } return Task.of(\"end\");",
            // 3 return in finally overrides the exception; exception in finally replaces the pending one
            "String r = \"\"; try { try { await(t(1)); throw new IllegalStateException(\"a\"); } finally { log(\"f1\"); if (r.isEmpty()) throw new IllegalArgumentException(\"b\"); } }"
                    + " catch (IllegalArgumentException e) { r += name(e); } try { await(t(2)); throw new IllegalStateException(\"c\"); }"
                    + " finally { await(t(3)); if (b(true)) return Task.of(r + \" overridden\"); }",
            // 4 finally after switch and loop exits, copied returns and breaks inside a lowered try
            "for (int i = 0; i < 3; i++) { try { switch (i) { case 0: await(t(i)); break; case 1: log(\"one\"); continue; default:"
                    + " if (b(i == 2)) { log(\"two\"); break; } } log(\"after\" + i); } finally { log(\"f\" + await(t(i))); } }"
                    + " try { while (true) { if (b(true)) break; } for (int k = 0; k < 2; k++) { if (k == 1) return Task.of(\"copied\" + k); } }"
                    + " finally { await(t(7)); log(\"ff\"); } return Task.of(\"no\");",
            // 5 try-with-resources: awaits in body and initializers, reverse close, suppressed close failures
            "try (Res a = new Res(\"a\"); Res b = new Res(await(t(\"b\")), true); Res c = new Res(\"c\", true)) {"
                    + " log(await(t(1))); throw new IllegalStateException(\"body\"); } catch (IllegalStateException e) {"
                    + " log(name(e) + e.getSuppressed().length + name(e.getSuppressed()[0]) + name(e.getSuppressed()[1])); }"
                    + " Res d = new Res(\"d\"); try (d) { await(t(2)); } try (Res e = null) { await(t(3)); }"
                    + " try (Res f = new Res(\"f\", true)) { await(t(4)); } catch (IllegalArgumentException e) { log(name(e)); }"
                    + " return Task.of(\"res\");",
            // 6 checked exception from an @Async method, the same object
            "try { await(io(\"disk\")); return Task.of(\"no\"); } catch (java.io.IOException e) { log(e == ioThrown); log(name(e)); }"
                    + " try { String s = await(t(\"x\")); return Task.of(s + await(t(\"y\"))); } finally { log(\"fin\"); }",
            // 7 catch parameter and locals living across awaits; catch of Exception that swallows
            "int k = 0; try { k = await(t(5)); throw new IllegalStateException(\"k\" + k); } catch (Exception e) { await(t(1)); log(name(e) + k); k++; }"
                    + " try { log(\"in\"); } catch (RuntimeException e) { log(\"never\"); } try { await(t(2)); } catch (Throwable th) { log(\"th\" + name(th)); }"
                    + " return Task.of(\"k\" + k);",
            // 8 switch expression with a yield crossing a finally; finally without awaits
            "int v = switch (await(t(1))) { case 1 -> { try { await(t(2)); yield 10; } finally { log(\"sf\"); } } default -> 0; };"
                    + " try { await(t(3)); } finally { log(\"plain\"); } return Task.of(\"v\" + v);",
            // 9 return of a task across a finally
            "try { await(t(1)); return later(\"adopted\"); } finally { await(t(2)); log(\"f\"); }",
            // 10 labeled block, do-while continue, lambdas capturing a hoisted catch parameter
            "blk: { try { await(t(1)); if (b(true)) break blk; log(\"no\"); } finally { log(\"f1\" + await(t(2))); } }"
                    + " int i = 0; do { i++; try { if (i % 2 == 0) continue; await(t(i)); throw new IllegalStateException(\"i\" + i); }"
                    + " catch (IllegalStateException e) { await(t(0)); later.add(() -> log(name(e))); } finally { log(\"d\" + i); } } while (i < 4);"
                    + " for (Runnable r : later) r.run(); return Task.of(\"i\" + i);",
            // 11 try inside finally inside catch; a resource in a finally; return in catch then in finally
            "try { await(t(1)); throw new IllegalArgumentException(\"a\"); } catch (IllegalArgumentException e) {"
                    + " try { await(t(2)); } finally { try (Res r = new Res(\"in-finally\")) { await(t(3)); } } return Task.of(\"catch\"); }"
                    + " finally { log(\"outer\"); if (b(field == 0)) { await(t(4)); } }",
            // 12 throw of the awaited value's failure through several frames with no catch; Task.done
            "try { try { await(t(1)); } finally { log(\"a\"); } await(t(2)); } finally { log(\"b\"); }"
                    + " try { log(await(t(3))); return Task.of(null); } finally { log(\"c\"); }"
    );

    @Test
    void everyConstructAgreesWithTheSynchronousRun() throws Exception {
        List<String> failures = DifferentialCase.differencesAtEveryAwait(BODIES);
        assertWithMessage(String.join("\n\n", failures)).that(failures).isEmpty();
    }
}
