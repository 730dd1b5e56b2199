package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

public class Unnameable {
    public class Inner {
        int base = 1;
    }

    @Async
    public Task<Integer> anonymousOfAnOuterInstance(Unnameable outer) {
        // created through another instance (outer.new), so it stays where it is, and its field
        // cannot name it
        var counter = outer.new Inner() { int n = base + 1; }; // expect-error weft.unnameable-type at counter =
        await(Task.done());
        return Task.of(counter.n);
    }

    @Async
    public Task<Integer> anonymousThroughAConditional(boolean b) {
        var counter = b ? new Object() { int n = 1; } : null;
        await(Task.done());
        return Task.of(counter == null ? 0 : counter.n);
    }

    @Async
    public Task<Integer> anonymousMembers() {
        var counter = new Object() { int n = 1; };
        await(Task.done());
        return Task.of(counter.n);
    }

    @Async
    public Task<Integer> intersection(boolean b) {
        var r = b ? (Runnable & java.io.Serializable) () -> { } : null;
        await(Task.done());
        java.io.Serializable s = r;
        return Task.of(s == null ? 0 : 1);
    }

    @Async
    public Task<Integer> intersectionTypeArgument() {
        // the field is a List<? extends Serializable>: the element's other bounds are gone
        var xs = java.util.List.of("a", 1); // expect-error weft.unnameable-type at xs =
        await(Task.done());
        Comparable<?> first = xs.get(0);
        return Task.of(first == null ? 0 : 1);
    }

    @Async
    public Task<Integer> intersectionTypeArgumentGrowing() {
        var xs = new java.util.ArrayList<>(java.util.List.of("a", 1)); // expect-error weft.unnameable-type at xs =
        await(Task.done());
        xs.add("b");
        return Task.of(xs.size());
    }

    @Async
    public Task<Integer> intersectionTypeArgumentRead() {
        // what the projection allows: reads as the first bound, calls that take no element
        var xs = new java.util.ArrayList<>(java.util.List.of("a", 1));
        await(Task.done());
        java.io.Serializable first = xs.get(0);
        xs.forEach(x -> x.hashCode());
        for (Object x : xs) {
            await(Task.done());
            first = x.toString();
        }
        return Task.of(xs.size() + first.hashCode());
    }

    @Async
    public Task<Integer> supertypeIsEnough() {
        var r = new Runnable() {
            @Override
            public void run() { }
        };
        await(Task.done());
        r.run();
        return Task.of(2);
    }
}
