package demo;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.io.Closeable;

import static dev.weft.Await.await;

public class Resources {
    interface Conn extends AutoCloseable {
        Task<String> query(String q);

        @Override
        void close();
    }

    Task<Conn> open(String host) {
        throw new UnsupportedOperationException();
    }

    @Async
    public Task<String> query(String host, String q) {
        try (Conn c = await(open(host))) {
            return Task.of(await(c.query(q)));
        }
    }
}
