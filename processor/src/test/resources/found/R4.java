package p;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.function.Supplier;

public class R4 {
    @Async
    public static Task<Integer> m(int x) {
        final int y = x + 1;
        class Local implements Supplier<Integer> {
            public Integer get() { return y; }
        }
        return Task.of(await(Task.of(new Local())).get());
    }
}
