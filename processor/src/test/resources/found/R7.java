package p;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.annotation.Async;

public class R7 {
    static Object read(boolean b) throws java.io.IOException, ClassNotFoundException {
        if (b) {
            throw new java.io.IOException("io");
        }
        throw new ClassNotFoundException("cnf");
    }

    @Async
    public static Task<String> m(boolean b) {
        try {
            return Task.of(String.valueOf(read(b)));
        } catch (java.io.IOException | ClassNotFoundException ex) {
            Exception e = await(Task.of(ex));
            return Task.of(e.getMessage());
        }
    }
}
