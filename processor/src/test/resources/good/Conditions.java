package demo;

import dev.weft.Task;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

public class Conditions {
    Task<Boolean> isReady(String id) {
        return Task.of(!id.isEmpty());
    }

    Task<Integer> load(String id) {
        return Task.of(id.length());
    }

    @Async
    public Task<Integer> size(String id, boolean cached) {
        if (cached && await(isReady(id))) {
            return Task.of(0);
        }
        int size = id.isEmpty() ? -1 : await(load(id));
        if (await(isReady(id)) || size > 10) {
            size += 1;
        } else {
            size = await(load(id + id));
        }
        return Task.of(size);
    }
}
