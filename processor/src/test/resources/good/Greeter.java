package demo;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import java.time.Duration;

import static dev.weft.Await.await;

public class Greeter {
    @Async
    public Task<String> greet(String name) {
        await(Tasks.sleep(Duration.ofMillis(100)));
        return Task.of("hello " + name);
    }

    @Async
    Task<Void> greetAll(String... names) {
        for (String name : names) {
            System.out.println(await(greet(name)));
        }
        return Task.done();
    }
}
