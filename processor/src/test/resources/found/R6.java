package p;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.annotation.Async;

public class R6 {
    @Async
    public static Task<Object> m() {
        return Task.of(await(Task.of(new Object() {
            final class Cell implements Comparable<Cell> {
                @Override
                public int compareTo(final Cell other) {
                    return 0;
                }
            }
        })));
    }
}
