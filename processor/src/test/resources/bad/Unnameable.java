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
