package bad;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

public class UnmirroredConstructors { // expect-error weft.not-subclassable at class UnmirroredConstructors {
    private enum Mode { FAST, SAFE }

    private UnmirroredConstructors() {
        this(Mode.SAFE);
    }

    UnmirroredConstructors(Mode mode) {
    }

    @Async
    public Task<String> open() {
        await(Tasks.yieldNow());
        return Task.of("open");
    }
}
