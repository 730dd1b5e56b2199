package s;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

public class Chain {
    @Async
    Task<Integer> leaf() {
        await(Tasks.yieldNow());
        throw new IllegalStateException("boom");
    }

    @Async
    Task<Integer> middle() {
        try {
            int v = await(leaf());
            return Task.of(v);
        } finally {
            System.out.println("finally");
        }
    }

    @Async
    Task<Integer> top() {
        int total = 0;
        total += await(
                middle());
        return Task.of(total);
    }

    public static void main(String[] args) {
        try {
            EventLoop.run(() -> new Chain_Async().top());
        } catch (IllegalStateException e) {
            e.printStackTrace();
        }
    }
}
