package demo;

import dev.weft.Task;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

public class Switches {
    enum Kind { SMALL, LARGE, HUGE }

    Task<String> describe(int n) {
        return Task.of("n" + n);
    }

    @Async @SuppressWarnings("fallthrough") // SMALL falls into LARGE on purpose
    public Task<String> classify(Kind kind, int n) {
        StringBuilder out = new StringBuilder();
        switch (kind) {
            case SMALL:
                out.append(await(describe(n)));
            case LARGE:
                out.append('+');
                break;
            default:
                out.append('?');
        }
        int weight = switch (kind) {
            case SMALL -> 1;
            case LARGE -> await(describe(n)).length();
            case HUGE -> {
                String d = await(describe(n * 1000));
                yield d.length() * 10;
            }
        };
        return Task.of(out + ":" + weight);
    }
}
