package dev.weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** TEMPORARY test-only stand-in until runtime/ lands on main. */
public final class Tasks {
    private Tasks() {}

    public static Task<Void> sleep(Duration d) {
        Task.Promise<Void> p = new Task.Promise<>();
        EventLoop.current().callLater(d.toNanos(), () -> p.resolve(null));
        return p;
    }

    public static Task<Void> yieldNow() {
        Task.Promise<Void> p = new Task.Promise<>();
        EventLoop.current().callSoon(() -> p.resolve(null));
        return p;
    }

    @SafeVarargs
    public static <T> Task<List<T>> gather(Task<? extends T>... tasks) {
        Task.Promise<List<T>> p = new Task.Promise<>();
        List<T> out = new ArrayList<>();
        int[] left = {tasks.length};
        for (Task<? extends T> t : tasks) out.add(null);
        if (tasks.length == 0) p.resolve(out);
        for (int i = 0; i < tasks.length; i++) {
            int k = i;
            Task<? extends T> t = tasks[i];
            t.whenDone(() -> {
                if (t.failure() != null) { p.reject(t.failure()); return; }
                out.set(k, t.value());
                if (--left[0] == 0) p.resolve(out);
            });
        }
        return p;
    }
}
