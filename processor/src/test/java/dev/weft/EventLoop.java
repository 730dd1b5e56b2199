package dev.weft;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.function.Supplier;

/** TEMPORARY test-only stand-in (virtual time) until runtime/ lands on main. */
public final class EventLoop {
    private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<long[]> timers = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    private final java.util.Map<Long, Runnable> timerActions = new java.util.HashMap<>();
    private long now;
    private long seq;

    public static EventLoop current() {
        EventLoop l = CURRENT.get();
        if (l == null) throw new IllegalStateException("no event loop");
        return l;
    }

    public void callSoon(Runnable r) {
        ready.add(r);
    }

    public void callLater(long delayNanos, Runnable r) {
        long id = seq++;
        timers.add(new long[] {now + delayNanos, id});
        timerActions.put(id, r);
    }

    public static <T> T run(Supplier<? extends Task<T>> main) {
        EventLoop loop = new EventLoop();
        CURRENT.set(loop);
        try {
            Task<T> task = main.get();
            while (!task.isDone()) {
                Runnable r = loop.ready.poll();
                if (r != null) {
                    r.run();
                    continue;
                }
                long[] t = loop.timers.poll();
                if (t == null) throw new IllegalStateException("deadlock: task never completes");
                loop.now = Math.max(loop.now, t[0]);
                loop.timerActions.remove(t[1]).run();
            }
            return task.join();
        } finally {
            CURRENT.remove();
        }
    }
}
