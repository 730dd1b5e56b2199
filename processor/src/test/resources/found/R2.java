package p;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.annotation.Async;

public class R2 {
    interface Node<T extends Node<T>> {}

    @Async
    public static Task<Object> m(Node<?> a) {
        return Task.of(await(Task.of(a)));
    }
}
