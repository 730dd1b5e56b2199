package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.concurrent.CompletableFuture;

public class Blocking {
    @Async
    public Task<Integer> run(CompletableFuture<Integer> f, Task<Integer> t) throws Exception {
        Thread.sleep(10); // expect-warning weft.blocking-call at Thread.sleep
        int a = f.get(); // expect-warning weft.blocking-call at f.get
        int b = f.join() + t.join(); // expect-warning weft.blocking-call at f.join // expect-warning weft.blocking-call at t.join
        return Task.of(a + b);
    }
}
