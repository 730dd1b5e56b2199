package demo;

import dev.weft.Task;
import dev.weft.annotation.Async;

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

    @Async
    public Task<Integer> drain(Conn shared, int limit) {
        int n = 0;
        try (shared) {
            loop:
            while (true) {
                try {
                    String row = await(shared.query("next"));
                    if (row == null) {
                        break loop;
                    }
                    n++;
                } finally {
                    await(shared.query("ack"));
                }
                if (n >= limit) {
                    return Task.of(-n);
                }
            }
        }
        return Task.of(n);
    }
}
