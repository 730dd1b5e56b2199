package p;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.Iterator;
import java.util.Map;

public class R3 {
    static <K, V> Iterator<K> keys(Iterator<Map.Entry<K, V>> it) { return null; }

    @Async
    public static Task<Boolean> m(Map<?, ?> map) {
        return Task.of(keys(await(Task.of(map.entrySet().iterator()))) == null);
    }
}
