package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;

public sealed class SealedClass permits SealedClass.Only {
    public static final class Only extends SealedClass {
    }

    @Async
    public Task<Integer> run() { // expect-error weft.not-subclassable at run
        return Task.of(1);
    }
}
