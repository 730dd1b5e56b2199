package p;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.List;
import java.util.stream.Collector;

public class R1b {
    static final class Builder<T> {
        void put(T t) {}
        Builder<T> combine(Builder<T> o) { return this; }
        List<T> build() { return null; }
    }

    @Async
    public static <T> Task<Collector<T, ?, List<T>>> m() {
        return Task.of(await(Task.of(Collector.of(Builder<T>::new, (b, t) -> b.put(t), Builder::combine, Builder::build))));
    }
}
