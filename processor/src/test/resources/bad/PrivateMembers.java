package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

public class PrivateMembers {
    private int count;

    private Task<Integer> load() {
        return Task.of(1);
    }

    @Async
    public Task<Integer> run() {
        int x = await(load()); // expect-error weft.private-member at load()
        return Task.of(x + count); // expect-error weft.private-member at count
    }
}
