package bad;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;

/** A final @Async method is its class's error; a subclass that inherits it gets no warning on top. */
public class FinalInherited {
    @Async
    public final Task<String> fixed() { // expect-error weft.final-async at fixed
        await(Tasks.yieldNow());
        return Task.of("fixed");
    }

    static class Sub extends FinalInherited {
    }
}
