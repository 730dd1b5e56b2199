package p;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

public class R1a {
    @Async
    public static Task<Map<String, String>> m(Properties p) {
        return Task.of(p.stringPropertyNames().stream()
                .collect(await(Task.of(Collectors.toMap(Function.identity(), p::getProperty)))));
    }
}
