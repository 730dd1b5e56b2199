package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.List;

import static dev.weft.Await.await;

public class AwaitInLambda {
    @Async
    public Task<Integer> run(List<Task<Integer>> tasks) {
        tasks.forEach(t -> await(t)); // expect-error weft.await-in-lambda at await(t)
        Runnable r = new Runnable() {
            @Override
            public void run() {
                await(Task.of(1)); // expect-error weft.await-in-anonymous-class at await(
            }
        };
        return Task.of(1);
    }
}
