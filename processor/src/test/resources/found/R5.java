package p;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;

public class R5 extends Properties {
    @Async
    public Task<Boolean> m() {
        Iterator<Map.Entry<Object, Object>> it = await(Task.of(entrySet())).iterator();
        return Task.of(it.hasNext());
    }
}
