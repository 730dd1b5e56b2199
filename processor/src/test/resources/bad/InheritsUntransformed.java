package bad;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.Tasks;
import dev.weft.annotation.Async;

public class InheritsUntransformed {
    public abstract static class Job {
        protected abstract String name();

        @Async
        public Task<String> run() {
            await(Tasks.yieldNow());
            return Task.of("ran " + name());
        }
    }

    /** No @Async method of its own, so no PrintJob_Async: run() here is the original. */
    static class PrintJob extends Job { // expect-warning weft.inherited-async at class PrintJob
        @Override
        protected String name() {
            return "print";
        }
    }

    static class GoodJob extends InheritsUntransformed_Job_Async {
        @Override
        protected String name() {
            return "good";
        }
    }

    @SuppressWarnings("weft.inherited-async")
    static class KnownJob extends Job {
        @Override
        protected String name() {
            return "known";
        }
    }

    abstract static class MiddleJob extends Job {
    }
}
