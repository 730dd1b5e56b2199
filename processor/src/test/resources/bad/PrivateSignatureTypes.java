package bad;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import java.util.List;

import static dev.weft.Await.await;

public class PrivateSignatureTypes {
    private record Pair(int a, int b) {}

    private static class Box {
    }

    @Async
    Task<Integer> add(Pair p) { // expect-error weft.private-member at Pair p
        await(Tasks.yieldNow());
        return Task.of(p.a() + p.b());
    }

    @Async
    static Task<Integer> addStatic(List<Pair> ps) { // expect-error weft.private-member at <Pair> ps
        await(Tasks.yieldNow());
        return Task.of(ps.size());
    }

    @Async
    public Task<Pair> make() { // expect-error weft.private-member at <Pair> make
        await(Tasks.yieldNow());
        return Task.of(new Pair(1, 2));
    }

    @Async
    <T extends Box> Task<Integer> boxed(T box) { // expect-error weft.private-member at T extends Box
        await(Tasks.yieldNow());
        return Task.of(box.hashCode());
    }

    @Async
    Task<Integer> fine(int a) {
        await(Tasks.yieldNow());
        return Task.of(a);
    }
}
