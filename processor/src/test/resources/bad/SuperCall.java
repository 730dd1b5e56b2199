package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.function.Supplier;

public class SuperCall {
    @Override
    public String toString() {
        return "SuperCall";
    }

    @Async
    public Task<String> run() {
        Supplier<String> s = super::toString; // expect-error weft.super-call at super::toString
        return Task.of(s.get());
    }
}
