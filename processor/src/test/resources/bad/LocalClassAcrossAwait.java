package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

public class LocalClassAcrossAwait {
    @Async
    public Task<String> awaitInside() {
        class Waiter {
            int get() {
                return await(Task.of(1)); // expect-error weft.await-in-local-class at await(
            }
        }
        return Task.of("" + new Waiter().get());
    }
}
