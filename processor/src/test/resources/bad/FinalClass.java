package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;

public final class FinalClass {
    @Async
    public Task<Integer> run() { // expect-error weft.not-subclassable at run
        return Task.of(1);
    }
}
