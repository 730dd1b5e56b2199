package dev.weft.processor.oracle;

import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;

/**
 * What suspending variants await instead of {@code Task.of(e)}: a task that completes with
 * {@code e} on a later turn of the loop, so that the state machine really suspends and resumes.
 */
public final class Later {
    private Later() {}

    public static <T> Task<T> of(T value) {
        Promise<T> p = new Promise<>();
        EventLoop.current().callSoon(() -> p.complete(value));
        return p;
    }
}
