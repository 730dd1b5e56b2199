package p;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * R10 (commons-io's FileCleaningTracker.getTrackCount): a body that reads a field whose type
 * names a class private to the field's class ({@code Collection<Tracker>}) without writing that
 * name; the generated code must not write it either.
 */
public class R10 extends R10Trackers {
    @Async
    public Task<Integer> count() {
        return Task.of(await(Task.of(trackers)).size());
    }

    @Async
    public Task<Boolean> holdsItsFirst() {
        await(Task.done());
        return Task.of(trackers.contains(trackers.iterator().next()) && await(Task.of(trackers)).size() == 2);
    }
}

class R10Trackers {
    private static final class Tracker {
    }

    final Collection<Tracker> trackers = new ArrayList<>(List.of(new Tracker(), new Tracker()));
}
