package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

public class Unsupported {
    final Object lock = new Object();

    @Async
    public Task<Integer> run() {
        try {
            int x = await(Task.of(1)); // expect-error weft.unsupported at await(
            return Task.of(x);
        } finally {
            System.out.println("done");
        }
    }

    @Async
    public Task<Integer> locked() {
        synchronized (lock) {
            return Task.of(await(Task.of(2))); // expect-error weft.await-in-synchronized at await(
        }
    }
}
