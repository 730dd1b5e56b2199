package demo;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Await.await;

/** Names the state machine itself has: the generated code must keep their meaning. */
public class Clashes {
    int state = 7;

    String name() {
        return "clashes";
    }

    Task<Integer> value(int i) {
        return Task.of(i);
    }

    @Async
    public Task<List<Runnable>> run() {
        List<Runnable> actions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int v = await(value(i));
            actions.add(() -> System.out.println(name() + v + state));
        }
        for (int i = 0; i < 2; i++) {
            String state = "s" + i;
            await(value(i));
            System.out.println(state + this.state);
        }
        return Task.of(actions);
    }
}
