package dev.weft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** TEMPORARY test-only stand-in for the runtime's Task until runtime/ lands on main. */
public class Task<T> {
    private boolean done;
    private boolean cancelled;
    private T value;
    private Throwable failure;
    private List<Runnable> callbacks = new ArrayList<>();

    protected Task() {}

    public static <T> Task<T> of(T value) {
        Task<T> t = new Task<>();
        t.complete(value);
        return t;
    }

    public static Task<Void> done() {
        return of(null);
    }

    public static <T> Task<T> failed(Throwable t) {
        Task<T> task = new Task<>();
        task.fail(t);
        return task;
    }

    public boolean isDone() {
        return done;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public boolean cancel() {
        return false;
    }

    public T join() {
        if (!done) {
            throw new IllegalStateException("not done");
        }
        if (failure != null) {
            throw Task.<RuntimeException>sneaky(failure);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> f = new CompletableFuture<>();
        whenDone(() -> {
            if (failure != null) f.completeExceptionally(failure);
            else f.complete(value);
        });
        return f;
    }

    public String name() {
        return "task";
    }

    protected void complete(T v) {
        if (done) return;
        done = true;
        value = v;
        fire();
    }

    protected void fail(Throwable t) {
        if (done) return;
        done = true;
        failure = t;
        fire();
    }

    Throwable failure() {
        return failure;
    }

    T value() {
        return value;
    }

    private void fire() {
        List<Runnable> cbs = callbacks;
        callbacks = null;
        for (Runnable r : cbs) r.run();
    }

    public void whenDone(Runnable r) {
        if (done) r.run();
        else callbacks.add(r);
    }

    /** Completable task for tests. */
    public static final class Promise<T> extends Task<T> {
        public void resolve(T v) { complete(v); }
        public void reject(Throwable t) { fail(t); }
    }
}
