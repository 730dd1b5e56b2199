package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

public class Patterns {
    Task<Object> fetch() {
        return Task.of("x");
    }

    @Async
    public Task<Integer> acrossAwait() {
        Object o = await(fetch());
        if (o instanceof String s) { // expect-error weft.unsupported at s) {
            await(fetch());
            return Task.of(s.length());
        }
        return Task.of(0);
    }

    @Async
    public Task<Integer> withinOneState() {
        if (await(fetch()) instanceof String s && !s.isEmpty()) {
            return Task.of(s.length());
        }
        Object o = await(fetch());
        if (!(o instanceof String t)) {
            return Task.of(-1);
        }
        return Task.of(t.length());
    }
}
