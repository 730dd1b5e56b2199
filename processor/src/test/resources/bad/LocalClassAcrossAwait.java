package bad;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import java.util.ArrayList;
import java.util.List;

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

    @Async
    public Task<String> capturedIntoTheSuperclassConstructor() {
        String c = "boom";
        class Failure extends RuntimeException { // expect-error weft.local-class at class Failure
            Failure() {
                super(c);
            }
        }
        await(Tasks.yieldNow());
        return Task.of(new Failure().getMessage());
    }

    @Async
    public Task<String> createdInTheLoopItself() {
        List<Object> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int c = i;
            class L {
                @Override
                public String toString() {
                    return "L" + c;
                }
            }
            await(Tasks.yieldNow());
            made.add(new L());
        }
        return Task.of(made.toString());
    }
}
