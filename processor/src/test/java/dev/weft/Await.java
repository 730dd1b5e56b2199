package dev.weft;

import java.util.concurrent.CompletionStage;

/** TEMPORARY test-only stand-in for the runtime until runtime/ lands on main. */
public final class Await {
    private Await() {}

    public static <T> T await(Task<T> task) {
        throw new IllegalStateException("await outside a transformed @Async method");
    }

    public static <T> T await(CompletionStage<T> stage) {
        throw new IllegalStateException("await outside a transformed @Async method");
    }
}
