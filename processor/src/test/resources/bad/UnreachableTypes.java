package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static dev.weft.Await.await;

/** Values whose types name a class private to another: weft can type them in place, not keep them in a field. */
public class UnreachableTypes extends Trackers {
    static boolean both(Object a, boolean b) {
        return a != null && b;
    }

    @Async
    public Task<Boolean> keptAcrossAnAwait() { // expect-error weft.unnameable-type at keptAcrossAnAwait()
        return Task.of(both(trackers.iterator().next(), await(Task.of(true))));
    }

    @Async
    public Task<Boolean> awaitedFromALocal() {
        Collection<?> all = trackers;
        boolean some = !all.isEmpty();
        await(Task.done());
        return Task.of(some && await(Task.of(trackers)).size() > 0);
    }
}

class Trackers {
    private static final class Tracker {
    }

    final Collection<Tracker> trackers = new ArrayList<>(List.of(new Tracker()));
}
