package bad;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

public class Blocking {
    @Async
    public Task<Integer> run(CompletableFuture<Integer> f, Task<Integer> t) throws Exception {
        Thread.sleep(10); // expect-warning weft.blocking-call at Thread.sleep
        int a = f.get(); // expect-warning weft.blocking-call at f.get
        int b = f.join() + t.join(); // expect-warning weft.blocking-call at f.join // expect-warning weft.blocking-call at t.join
        // code that may run on another thread: no warning
        int c = await(Tasks.toThread(() -> {
            Thread.sleep(10);
            return f.get();
        }));
        CompletableFuture<Integer> later = CompletableFuture.supplyAsync(new java.util.function.Supplier<Integer>() {
            @Override
            public Integer get() {
                return t.join();
            }
        }, Executors.newSingleThreadExecutor());
        int d = later.get(); // expect-warning weft.blocking-call at later.get
        return Task.of(a + b + c + d);
    }
}
