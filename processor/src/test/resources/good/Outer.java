package demo;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

import static dev.weft.Await.await;

public class Outer {
    @Retention(RetentionPolicy.RUNTIME)
    @interface Inject {}

    static String prefix() {
        return ">";
    }

    public static class Service {
        final String name;

        @Inject
        public Service(String name) {
            this.name = name;
        }

        protected Service() {
            this("default");
        }

        Task<String> lookup(String key) {
            return Task.of(key.toUpperCase());
        }

        @Async
        public Task<String> handle(String key) {
            String value = await(this.lookup(key));
            return Task.of(prefix() + name + value);
        }
    }
}
