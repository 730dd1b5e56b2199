package demo;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.weft.Await.await;

/** Private members used by an @Async body: reached through method handles. */
public class Secrets {
    private static final int LIMIT = 3;
    private static int created;
    private int count;
    private final List<String> log = new ArrayList<>();

    public Secrets() {
    }

    private Secrets(int count) {
        this.count = count;
        created++;
    }

    // parameters named as the generated helpers' own self and e
    private Task<Integer> load(int self) throws IOException {
        if (self < 0) {
            throw new IOException("negative " + self);
        }
        return Task.of(self * 10);
    }

    private static <T> T first(List<T> xs) {
        return xs.get(0);
    }

    private void note(String e) {
        log.add(e);
    }

    @Async
    public Task<String> run(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            int x = await(load(i));
            count += x;
            ++count;
            count++;
            switch (i) {
                case LIMIT:
                    note("limit");
                    break;
                default:
                    note("i" + i);
            }
            await(Tasks.yieldNow());
        }
        Secrets copy = new Secrets(count);
        this.count = copy.count * 2;
        Supplier<Integer> later = () -> count + first(List.of(created));
        note(first(log));
        try {
            load(-1);
        } catch (IOException e) {
            note(e.getMessage());
        }
        return Task.of(count + " " + later.get() + " " + log);
    }
}
