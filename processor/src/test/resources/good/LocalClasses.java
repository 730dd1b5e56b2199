package demo;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Await.await;

/** Local classes, records, enums and interfaces in an @Async body. */
public class LocalClasses {
    @Async
    public <T> Task<String> run(T tag, int n) {
        record Pair(String name, int value) {}
        enum Colour { RED, GREEN }
        interface Namer {
            String name(int i);
        }
        class Counter {
            int count;

            int next() {
                return ++count;
            }
        }
        List<Pair> pairs = new ArrayList<>();
        Counter counter = new Counter();
        for (int i = 0; i < n; i++) {
            int v = await(Task.of(i * 10));
            pairs.add(new Pair("p" + counter.next(), v));
        }
        await(Tasks.yieldNow());
        Namer namer = i -> Colour.values()[i % 2] + "-" + tag;
        String out = pairs + " " + namer.name(1);
        class Local {
            String twice() {
                return out + out.length();
            }
        }
        return Task.of(new Local().twice());
    }
}
