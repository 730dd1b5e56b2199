/**
 * weft's runtime: the event loop, tasks, timers, combinators, I/O streams and synchronisation
 * primitives. {@code requires dev.weft;} in a module that has {@code @Async} methods is all it
 * needs: {@code @Async} comes with it.
 *
 * <p>{@code dev.weft.internal} is exported because the classes weft generates into the user's
 * module extend its {@code Coroutine}; it carries no compatibility promise.
 */
module dev.weft {
    requires transitive dev.weft.annotation;
    // the loop's MBean (-Dweft.jmx, debug mode) and its JFR events (blocked loop, slow callback)
    requires java.management;
    requires jdk.jfr;

    exports dev.weft;
    exports dev.weft.debug;
    exports dev.weft.internal;
    exports dev.weft.io;
    exports dev.weft.sync;
}
