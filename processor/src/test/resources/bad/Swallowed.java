package bad;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.annotation.Async;

import static dev.weft.Await.await;

public class Swallowed {
    Task<Integer> fetch() {
        return Task.of(1);
    }

    void log(Object o) {
        System.out.println(o);
    }

    @Async
    public Task<Integer> swallows() {
        int n = 0;
        try {
            n = await(fetch());
        } catch (Exception e) { // expect-warning weft.swallowed-cancellation at Exception
            log(e);
        }
        try {
            n += await(fetch());
        } catch (IllegalAccessError | RuntimeException e) { // expect-warning weft.swallowed-cancellation at RuntimeException
            log(e);
        }
        try (AutoCloseable c = await(Task.of((AutoCloseable) () -> {}))) {
            log(c);
        } catch (Throwable t) { // expect-warning weft.swallowed-cancellation at Throwable
            n = -1;
        }
        return Task.of(n);
    }

    @Async
    public Task<Integer> rethrows() {
        int n = 0;
        try {
            n = await(fetch());
        } catch (CancelledException e) {
            throw e;
        } catch (Exception e) {
            log(e);
        }
        try {
            n = await(fetch());
        } catch (RuntimeException e) {
            if (e instanceof CancelledException) {
                throw e;
            }
            log(e);
        }
        try {
            n = await(fetch());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        try {
            n = fetch().hashCode();
        } catch (Exception e) {
            log("no await inside: nothing to cancel here");
        }
        return Task.of(n);
    }
}
