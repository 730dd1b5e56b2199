package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

public class Unsupported {
    final Object lock = new Object();

    @Async
    public Task<Integer> locked() {
        synchronized (lock) {
            return Task.of(await(Task.of(2))); // expect-error weft.await-in-synchronized at await(
        }
    }
}
