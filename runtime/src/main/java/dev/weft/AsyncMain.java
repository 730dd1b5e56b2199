package dev.weft;

/**
 * What {@link EventLoop#run(AsyncMain)} starts: usually a lambda that calls an {@code @Async}
 * method, {@code () -> new Greeter_Async().greet("ada")}.
 *
 * <p>{@code X} is what starting may throw, so that the checked exceptions of the {@code @Async}
 * method it starts reach {@code run}'s caller: javac infers {@code X} from the lambda's body,
 * {@code IOException} for {@code () -> svc.read()} when {@code read} declares it, and
 * {@code RuntimeException} when the body throws nothing checked.
 *
 * @param <T> the value of the task
 * @param <X> the checked exception starting may throw, or {@code RuntimeException} for none
 */
@FunctionalInterface
public interface AsyncMain<T, X extends Throwable> {
  /** Starts the program's main task; called once, on the loop's thread. */
  Task<T> start() throws X;
}
