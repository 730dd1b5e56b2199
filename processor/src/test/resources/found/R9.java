package p;

import static dev.weft.Await.await;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.lang.annotation.ElementType;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * R9 (Guava's JdkBackedImmutableMap.create, with jspecify's {@code @Nullable Entry<K, V>[]}):
 * type annotations in front of a type name that the generated code writes qualified. Here the
 * class is final, so its state machines cannot reach {@code Node} by its simple name.
 * TypeAnnotationsTest also runs the same code without the awaits, to compare with.
 */
public final class R9 {
    @Target(ElementType.TYPE_USE)
    @interface TypeOnly {}

    @Target({ElementType.TYPE_USE, ElementType.PARAMETER, ElementType.LOCAL_VARIABLE})
    @interface Both {}

    @Target(ElementType.TYPE_USE)
    @interface Tagged {
        String value();
    }

    static final class Node {
        final int value;

        Node(int value) {
            this.value = value;
        }
    }

    @Async
    public static Task<Integer> run(@TypeOnly Node first, @Both Node second,
            final @TypeOnly @Tagged("x") Node third, List<@TypeOnly Node> more, @TypeOnly Node... rest) {
        int total = await(Task.of(first)).value + second.value + third.value;
        @TypeOnly Node local = new @TypeOnly Node(4);
        @Both Node both = local;
        final @TypeOnly Node fin = both;
        @TypeOnly Node[] array = new @TypeOnly Node[] {fin};
        record Pair(@TypeOnly Node left, @Both Node right) {}
        Object o = new Pair(array[0], fin).left();
        @TypeOnly Node cast = (@TypeOnly Node) o;
        if (o instanceof @TypeOnly Node) {
            total += cast.value;
        }
        List<@TypeOnly Node> list = new ArrayList<@TypeOnly Node>(more);
        list.addAll(Collections.<@TypeOnly Node>emptyList());
        Supplier<@TypeOnly Node> supplier = new Supplier<@TypeOnly Node>() {
            @Override
            public @TypeOnly Node get() {
                return fin;
            }
        };
        class Holder {
            @TypeOnly Node held = supplier.get();
        }
        total += await(Task.of(new Holder().held)).value;
        for (@TypeOnly Node n : list) {
            total += n.value;
        }
        try {
            total += await(Task.of(rest)).length;
            throw new IllegalStateException();
        } catch (@TypeOnly IllegalStateException e) {
            total += 100;
        }
        return Task.of(total + list.size());
    }
}
