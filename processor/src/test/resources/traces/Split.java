package s;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

public class Split {
    @Async
    Task<Integer> one() {
        int a = await(
                Tasks.yieldNow().toCompletableFuture().thenApply(v -> 1));
        int b = 10 / (a - 1);
        return Task.of(b);
    }

    @Async
    Task<Integer> two() {
        String s = "x"
                + await(Task.of("y"))
                + await(Task.of(
                        "z"));
        Object o = null;
        return Task.of(s.length() + o.hashCode());
    }

    public static void main(String[] args) {
        for (int i = 0; i < 2; i++) {
            int k = i;
            try {
                EventLoop.run(() -> k == 0 ? new Split_Async().one() : new Split_Async().two());
            } catch (RuntimeException e) {
                System.out.println(e + " at " + e.getStackTrace()[0]);
            }
        }
    }
}
