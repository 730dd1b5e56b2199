package demo;
import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.function.Supplier;
import java.util.function.Function;
import static dev.weft.Await.await;
/** this::m, inner-class creation, qualified this, an anonymous class over hoisted locals, method type parameters. */
public class ThisAndInner {
    String name = "gaps";
    class Inner {
        String hello() { return "inner of " + name; }
    }
    String m() { return "m"; }
    @Async
    public <T extends Comparable<T>> Task<String> run(T a, T b) {
        Supplier<String> ref = this::m;
        T max = a.compareTo(b) > 0 ? a : b;
        await(Task.of(1));
        Inner in = new Inner();
        ThisAndInner self = ThisAndInner.this;
        Object anon = new Object() {
            @Override
            public String toString() { return "anon " + max + ref.get(); }
        };
        await(Task.of(2));
        Function<T, String> f = x -> x + "/" + max;
        return Task.of(in.hello() + " " + self.name + " " + anon + " " + f.apply(a) + " " + ThisAndInner.this.m());
    }
}
