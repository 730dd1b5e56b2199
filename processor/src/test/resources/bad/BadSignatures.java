package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;

public abstract class BadSignatures {
    @Async
    public String notTask() { // expect-error weft.not-task at String
        return "x";
    }

    @Async
    private Task<Integer> secret() { // expect-error weft.private-async at secret
        return Task.of(1);
    }

    @Async
    public final Task<Integer> fixed() { // expect-error weft.final-async at fixed
        return Task.of(1);
    }

    @Async
    @SafeVarargs
    public final <T> Task<Integer> count(T... xs) { // expect-error weft.final-async at count
        return Task.of(xs.length);
    }

    @Async
    public abstract Task<Integer> missing(); // expect-error weft.abstract-async at missing
}
