package p;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.Arrays;
import java.util.Iterator;

public class R1c {
    @SafeVarargs
    static <T> Iterator<T> cat(Iterator<? extends T>... in) { return null; }

    @SafeVarargs
    @Async
    public static <T> Task<Iterator<T>> m(Iterator<? extends T>... in) {
        return Task.of(await(Task.of(cat(Arrays.copyOf(in, in.length)))));
    }
}
