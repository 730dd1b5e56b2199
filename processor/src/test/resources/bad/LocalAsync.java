package bad;

import dev.weft.Task;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

public class LocalAsync {
    Object field = new Object() {
        @Async // expect-error weft.local-async at @Async
        Task<Integer> inField() {
            return Task.of(1);
        }
    };

    @Async
    Task<Integer> outer() {
        class Local {
            @Async // expect-error weft.local-async at @Async
            Task<Integer> inLocal() {
                return Task.of(2);
            }
        }
        return Task.of(await(new Local().inLocal()));
    }

    void plain() {
        Runnable r = new Runnable() {
            @Async // expect-error weft.local-async at @Async
            public void run() {
            }
        };
        r.run();
    }
}
