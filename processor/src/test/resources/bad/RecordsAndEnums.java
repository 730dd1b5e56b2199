package bad;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;

/** Instance @Async methods of records and enums: nothing can extend them, so only static ones work. */
public class RecordsAndEnums {
    public record Point(int x, int y) {
        @Async
        public Task<Integer> sum() { // expect-error weft.not-subclassable at sum
            await(Tasks.yieldNow());
            return Task.of(x + y);
        }

        @Async
        public static Task<Integer> sumOf(Point p) {
            await(Tasks.yieldNow());
            return Task.of(p.x() + p.y());
        }
    }

    public enum Mode {
        FAST;

        @Async
        public Task<String> label() { // expect-error weft.not-subclassable at label
            await(Tasks.yieldNow());
            return Task.of(name());
        }
    }
}
