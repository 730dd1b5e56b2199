package demo;
import dev.weft.Task;
import dev.weft.annotation.Async;
import static dev.weft.Await.await;
/** super.m() where the class overrides m: reached through a findSpecial handle. */
public class Supers extends Base {
    @Override
    public String toString() { return "Supers"; }
    @Override
    protected String greet(String who) { return "sub " + who; }
    @Async
    public Task<String> run() {
        String a = await(Task.of(super.greet("x")));
        return Task.of(a + " " + super.toString().contains("Supers") + " " + greet("y") + " " + super.base());
    }
}
class Base {
    protected String greet(String who) { return "base " + who; }
    String base() { return "b"; }
}
