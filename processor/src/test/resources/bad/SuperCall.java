package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.function.Supplier;

public class SuperCall implements Iterable<String> {
    @Override
    public String toString() {
        return "SuperCall";
    }

    @Override
    public Iterator<String> iterator() {
        return List.of("a").iterator();
    }

    @Async
    public Task<String> run() {
        Supplier<String> s = super::toString; // expect-error weft.super-call at super::toString
        Supplier<String> q = SuperCall.super::toString; // expect-error weft.super-call at SuperCall.super::toString
        Supplier<Spliterator<String>> i = Iterable.super::spliterator; // expect-error weft.super-call at Iterable.super::spliterator
        Iterable<String> anon = new Iterable<>() {
            @Override
            public Iterator<String> iterator() {
                Supplier<Spliterator<String>> own = Iterable.super::spliterator; // its own: copied as written
                return List.of(String.valueOf(own.get().estimateSize())).iterator();
            }
        };
        return Task.of(s.get() + q.get() + i.get().estimateSize() + anon.iterator().next());
    }
}
