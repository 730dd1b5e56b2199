package demo;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.weft.Await.await;

public abstract class Repository<K, V extends Comparable<V>> {
    protected final Map<K, V> cache = new HashMap<>();

    protected Repository() {}

    protected abstract Task<V> fetch(K key);

    @Async
    public Task<Optional<V>> max(Iterable<? extends K> keys) {
        V best = null;
        for (var key : keys) {
            var value = cache.containsKey(key) ? cache.get(key) : await(fetch(key));
            if (best == null || value.compareTo(best) > 0) {
                best = value;
            }
        }
        return Task.of(Optional.ofNullable(best));
    }
}
