package demo;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import java.io.IOException;
import java.time.Duration;

import static dev.weft.Await.await;

public class Tries {
    Task<String> fetch(String key) {
        return Task.of(key);
    }

    void log(String s) {
        System.out.println(s);
    }

    @Async
    public Task<String> read(String key) throws IOException {
        try {
            String value = await(fetch(key));
            if (value.isEmpty()) {
                throw new IOException("empty " + key);
            }
            return Task.of(value);
        } catch (IllegalStateException | IllegalArgumentException e) {
            log("retrying after " + e);
            return Task.of(await(fetch(key + "-retry")));
        } finally {
            await(Tasks.sleep(Duration.ofMillis(1)));
            log("read " + key);
        }
    }

    @Async @SuppressWarnings("weft.swallowed-cancellation") // a failed fetch means "try the next key"
    public Task<Integer> firstNonEmpty(String... keys) {
        int tried = 0;
        for (String key : keys) {
            try {
                tried++;
                if (!await(fetch(key)).isEmpty()) {
                    break;
                }
            } catch (RuntimeException e) {
                log("skipping " + key);
                continue;
            }
        }
        return Task.of(tried);
    }
}
