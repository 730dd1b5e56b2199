package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

public class LocalClassAcrossAwait {
    @Async
    public Task<String> capturesAPatternVariable(Object o) {
        if (o instanceof String str) {
            // a pattern variable is not among the captures a moved local class can copy
            class Shout { // expect-error weft.local-class at class Shout
                String get() {
                    return str + "!";
                }
            }
            await(Task.done());
            return Task.of(new Shout().get());
        }
        return Task.of("");
    }

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
