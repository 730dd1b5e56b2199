package demo;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Await.await;

public final class Statics {
    private Statics() {}

    static final int LIMIT = 3;

    @Async
    public static Task<Integer> fib(int n) {
        if (n < 2) {
            return Task.of(n);
        }
        return Task.of(await(fib(n - 1)) + await(Statics.fib(n - 2)));
    }

    @Async
    public static <T> Task<List<T>> repeat(T value, int times) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < Math.min(times, LIMIT); i++) {
            out.add(await(Task.of(value)));
        }
        return Task.of(out);
    }
}
