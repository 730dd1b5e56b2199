package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

public class LocalClassAcrossAwait {
    @Async
    public Task<String> captures(int n) {
        int base = n * 2;
        if (n > 0) {
            class Adder {
                int add(int x) {
                    return x;
                }
            }
            await(Task.done());
            n = new Adder().add(n);
        }
        // two local classes of one name cannot both become member classes of the state machine
        class Adder { // expect-error weft.local-class at class Adder
            int add(int x) {
                return base + x;
            }
        }
        int x = await(Task.of(1));
        return Task.of("" + new Adder().add(x));
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
