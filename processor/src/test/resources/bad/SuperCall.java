package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;

public class SuperCall {
    @Override
    public String toString() {
        return "SuperCall";
    }

    @Async
    public Task<String> run() {
        return Task.of(super.toString()); // expect-error weft.super-call at super.toString
    }
}
