package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

public class AwaitOutside {
    int value = await(Task.of(1)); // expect-error weft.await-outside-async at await(

    int plain() {
        return dev.weft.Await.await(Task.of(2)); // expect-error weft.await-outside-async at dev.weft
    }

    // weft checks the sources of a compilation that uses @Async at all
    @Async
    Task<Integer> fine() {
        return Task.of(await(Task.of(3)));
    }
}
