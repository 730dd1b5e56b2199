package demo;

import dev.weft.Task;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

/** Operands evaluated before an await are spilled, so that evaluation order is kept. */
public class Arguments {
    int counter;

    int next() {
        return ++counter;
    }

    Task<Integer> fetch(int key) {
        return Task.of(key * 10);
    }

    int combine(int a, int b, int c) {
        return a + b + c;
    }

    @Async
    public Task<String> run(int[] slots) {
        int sum = combine(next(), await(fetch(2)), next());
        slots[next()] += await(fetch(await(fetch(1))));
        String label = "sum=" + sum + ", slot=" + await(fetch(slots[1]));
        return Task.of(label);
    }
}
