package bad;

import dev.weft.Task;

import static dev.weft.Await.await;

public class AwaitOutside {
    int value = await(Task.of(1)); // expect-error weft.await-outside-async at await(

    int plain() {
        return dev.weft.Await.await(Task.of(2)); // expect-error weft.await-outside-async at dev.weft
    }
}
