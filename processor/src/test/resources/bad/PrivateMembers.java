package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.function.Supplier;

import static dev.weft.Await.await;

public class PrivateMembers {
    private int count;
    private Secret secret = new Secret();

    private static class Secret {
        int value;
    }

    private Task<Integer> load() {
        return Task.of(1);
    }

    PrivateMembers other() {
        return this;
    }

    @Async
    public Task<Integer> run() {
        int x = await(load());
        Supplier<Task<Integer>> s = this::load; // expect-error weft.private-member at this::load
        int y = count++ + x; // expect-error weft.private-member at count++
        other().count++; // expect-error weft.private-member at other().count
        Secret z = secret; // expect-error weft.private-member at Secret z // expect-error weft.private-member at secret;
        return Task.of(x + y + count + z.value);
    }
}
