package p;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * R8 (Guava's Maps.containsKeyImpl, Iterables.filter, ImmutableMap.copyOf): awaited values of
 * wildcard-capture types that a generic or overloaded call infers from.
 */
public class R8 {
    static <K, V> Iterator<K> keyIterator(Iterator<Map.Entry<K, V>> entries) {
        List<K> keys = new ArrayList<>();
        entries.forEachRemaining(e -> keys.add(e.getKey()));
        return keys.iterator();
    }

    static boolean contains(Iterator<?> it, Object o) {
        while (it.hasNext()) {
            if (it.next().equals(o)) {
                return true;
            }
        }
        return false;
    }

    static <T> Predicate<T> instanceOf(Class<?> type) {
        return type::isInstance;
    }

    static <T> List<T> filter(Iterable<T> from, Predicate<? super T> p) {
        List<T> out = new ArrayList<>();
        from.forEach(x -> {
            if (p.test(x)) {
                out.add(x);
            }
        });
        return out;
    }

    static <T> List<T> filter(Iterable<?> from, Class<T> type) {
        throw new UnsupportedOperationException();
    }

    static <K, V> Map<K, V> copyOf(Map<? extends K, ? extends V> map) {
        return Map.copyOf(map);
    }

    static <K, V> Map<K, V> copyOf(Collection<? extends Map.Entry<? extends K, ? extends V>> entries) {
        Map<K, V> copy = new java.util.HashMap<>();
        entries.forEach(e -> copy.put(e.getKey(), e.getValue()));
        return copy;
    }

    @Async
    public static Task<Boolean> containsKey(Map<?, ?> map, Object key) {
        return Task.of(contains(keyIterator(await(Task.of(map.entrySet())).iterator()), key));
    }

    @Async
    @SuppressWarnings("unchecked")
    public static <T> Task<List<T>> ofType(Iterable<?> from, Class<T> type) {
        return Task.of((List<T>) filter(from, await(Task.of(instanceOf(type)))));
    }

    @Async
    public static <K, V> Task<Map<K, V>> copy(Map<? extends K, ? extends V> map) {
        return Task.of(copyOf(await(Task.of(map.entrySet()))));
    }
}
