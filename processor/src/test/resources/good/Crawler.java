package demo;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.io.IOException;
import java.util.List;

import static dev.weft.Await.await;

public class Crawler {
    final Http http;

    public Crawler(Http http) {
        this.http = http;
    }

    @Async
    public Task<Integer> totalBytes(List<String> urls) throws IOException {
        int total = 0;
        for (String url : urls) {
            String body = await(http.get(url));
            total += body.length();
        }
        return Task.of(total);
    }

    public interface Http {
        Task<String> get(String url);
    }
}
