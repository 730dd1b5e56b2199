package dev.weft.internal;

import dev.weft.EventLoop;
import dev.weft.Task;
import java.util.concurrent.CompletionStage;

/** TEMPORARY test-only stand-in for the runtime's Coroutine until runtime/ lands on main. */
public abstract class Coroutine<T> extends Task<T> implements Runnable {
    protected int state;
    private Task<?> last;
    private EventLoop loop;

    protected Coroutine() {}

    public final Task<T> start() {
        loop = EventLoop.current();
        run();
        return this;
    }

    @Override
    public final void run() {
        try {
            resume();
        } catch (Throwable t) {
            fail(t);
        }
    }

    protected abstract void resume() throws Throwable;

    protected final boolean suspendOn(Task<?> task, int resumeState) {
        state = resumeState;
        last = task;
        if (task.isDone()) return false;
        task.whenDone(() -> loop.callSoon(this));
        return true;
    }

    protected final boolean suspendOn(CompletionStage<?> stage, int resumeState) {
        throw new UnsupportedOperationException();
    }

    @SuppressWarnings("unchecked")
    protected final <V> V awaited() {
        Task<V> t = (Task<V>) last;
        last = null;
        return t.join();
    }

    protected final void returnValue(T value) {
        complete(value);
    }

    protected final void returnTask(Task<? extends T> task) {
        task.whenDone(() -> {
            try {
                complete(task.join());
            } catch (Throwable e) {
                fail(e);
            }
        });
    }
}
