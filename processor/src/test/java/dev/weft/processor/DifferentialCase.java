package dev.weft.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.weft.EventLoop;
import dev.weft.Task;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Supplier;
import javax.tools.JavaFileObject;

/**
 * One body, compiled twice into the same class shape: once as an {@code @Async} method that
 * weft transforms and runs on the event loop (its awaited tasks complete at once, after
 * {@code yieldNow}, or after a timer, in turn), once as a plain method where {@code await} is
 * {@code join} on tasks that are already done. Both print a trace; they must agree.
 */
final class DifferentialCase {
    static final String HELPERS = String.join("\n",
            "    public final StringBuilder trace = new StringBuilder();",
            "    int calls;",
            "    int field;",
            "    int[] arr = new int[8];",
            "    List<Runnable> later = new ArrayList<>();",
            "    void log(Object o) { trace.append(o).append(' '); }",
            "    int f(int x) { log(\"f\" + x); return x; }",
            "    boolean b(boolean x) { log(\"b\" + x); return x; }",
            "    String s(String x) { log(\"s\" + x); return x; }",
            "    int[] a() { log(\"a\"); return arr; }",
            "    int sum(int... xs) { int s = 0; for (int x : xs) s += x; log(\"sum\" + s); return s; }",
            "    public static int injectAt = -1;",
            "    public static boolean injectCancel;",
            "    java.io.IOException ioThrown;",
            "    String name(Throwable e) { return e instanceof dev.weft.CancelledException ? \"cancelled\" : e.getClass().getSimpleName() + \":\" + e.getMessage(); }",
            "    sealed interface Shape permits Circle, Square, Pair {}",
            "    record Circle(int r) implements Shape {}",
            "    record Square(int side) implements Shape {}",
            "    record Pair(Object first, Object second) implements Shape {}",
            "    Shape shape(int x) { log(\"shape\" + x); return x % 3 == 0 ? new Circle(x) : x % 3 == 1 ? new Square(x) : new Pair(x, \"p\" + x); }",
            "    class Res implements AutoCloseable {",
            "        final String n; final boolean failClose;",
            "        Res(String n) { this(n, false); }",
            "        Res(String n, boolean failClose) { this.n = n; this.failClose = failClose; log(\"open\" + n); }",
            "        @Override public void close() { log(\"close\" + n); if (failClose) throw new IllegalArgumentException(\"close\" + n); }",
            "    }",
            "");

    static String source(String className, String body, boolean async, String returnType, String params) {
        StringBuilder sb = new StringBuilder();
        sb.append("package t;\n\n");
        sb.append("import dev.weft.Task;\nimport dev.weft.Tasks;\nimport dev.weft.annotation.Async;\n");
        sb.append("import java.time.Duration;\nimport java.util.*;\n");
        if (async) {
            sb.append("import static dev.weft.Await.await;\n");
        }
        sb.append("\npublic class ").append(className).append(" {\n");
        sb.append(HELPERS);
        if (async) {
            sb.append("    <T> Task<T> t(T v) {\n");
            sb.append("        log(\"t\" + v);\n");
            sb.append("        if (calls == injectAt) {\n");
            sb.append("            calls++;\n");
            sb.append("            if (!injectCancel) return Task.failed(new IllegalStateException(\"injected\"));\n");
            sb.append("            Tasks.current().cancel();\n");
            sb.append("            return Task.of(v);\n");
            sb.append("        }\n");
            sb.append("        switch (calls++ % 3) {\n");
            sb.append("            case 0: return Task.of(v);\n");
            sb.append("            case 1: return later(v);\n");
            sb.append("            default: return sleepy(v);\n");
            sb.append("        }\n");
            sb.append("    }\n");
            sb.append("    @Async <T> Task<T> later(T v) { await(Tasks.yieldNow()); return Task.of(v); }\n");
            sb.append("    @Async <T> Task<T> sleepy(T v) { await(Tasks.sleep(Duration.ofMillis(1 + calls % 3))); return Task.of(v); }\n");
            sb.append("    @Async Task<String> io(String m) throws java.io.IOException { await(t(m)); ioThrown = new java.io.IOException(m); throw ioThrown; }\n");
            sb.append("    @Async\n");
        } else {
            sb.append("    <T> Task<T> t(T v) { log(\"t\" + v); if (calls++ == injectAt) return Task.failed(injectCancel"
                    + " ? new dev.weft.CancelledException(\"injected\") : new IllegalStateException(\"injected\")); return Task.of(v); }\n");
            sb.append("    Task<String> io(String m) throws java.io.IOException { Task<String> r = t(m); if (!r.isSucceeded()) return r;"
                    + " ioThrown = new java.io.IOException(m); return Task.failed(ioThrown); }\n");
            sb.append("    static <T> T await(Task<T> t) { return t.join(); }\n");
            sb.append("    <T> Task<T> later(T v) { return Task.of(v); }\n");
            sb.append("    <T> Task<T> sleepy(T v) { return Task.of(v); }\n");
        }
        // the bodies fall through switch cases, catch Exception around awaits and leave resources
        // unused on purpose
        sb.append("    @SuppressWarnings({\"fallthrough\", \"try\", \"weft.swallowed-cancellation\"}) public Task<")
                .append(returnType).append("> run(").append(params).append(") {\n");
        sb.append(body);
        sb.append("\n    }\n}\n");
        return sb.toString();
    }

    /** Compiles both versions of each body in one compilation (faster), keyed by index. */
    static Compilation compileAll(List<String> bodies, String returnType, String params) {
        JavaFileObject[] files = new JavaFileObject[bodies.size() * 2];
        for (int i = 0; i < bodies.size(); i++) {
            files[2 * i] = JavaFileObjects.forSourceString("t.A" + i, source("A" + i, bodies.get(i), true, returnType, params));
            files[2 * i + 1] = JavaFileObjects.forSourceString("t.S" + i, source("S" + i, bodies.get(i), false, returnType, params));
        }
        return CompileSupport.compile(files);
    }

    /**
     * Compiles {@code bodies} and runs each both ways: as they are, then failing and then cancelled
     * at each of their awaits in turn. Returns what differed (or did not compile); empty when all agree.
     */
    static List<String> differencesAtEveryAwait(List<String> bodies) throws Exception {
        Compilation c = compileAll(bodies, "String", "");
        if (c.status() != Compilation.Status.SUCCESS) {
            return List.of(CompileSupport.errors(c) + "\n" + CompileSupport.generatedSources(c));
        }
        ClassLoader loader = CompileSupport.loader(c);
        List<String> failures = new java.util.ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            int awaits = awaitCount(loader, i, new Object[0]);
            for (int at = -1; at < awaits; at++) {
                for (boolean cancel : at < 0 ? new boolean[] {false} : new boolean[] {false, true}) {
                    String diff = compare(loader, i, new Object[0], at, cancel);
                    if (diff != null) {
                        failures.add("body " + i + (at < 0 ? "" : (cancel ? " cancelled" : " failing") + " at await " + at)
                                + ": " + bodies.get(i) + "\n " + diff);
                    }
                }
            }
        }
        return failures;
    }

    /** Runs body i both ways; returns null when they agree, else a description of the difference. */
    static String compare(ClassLoader loader, int i, Object[] args) throws Exception {
        return compare(loader, i, args, -1, false);
    }

    /** How many awaits of {@code t(...)} the synchronous run of body i makes. */
    static int awaitCount(ClassLoader loader, int i, Object[] args) throws Exception {
        Class<?> s = loader.loadClass("t.S" + i);
        s.getField("injectAt").set(null, -1);
        Object sync = s.getConstructor().newInstance();
        outcome(() -> ((Task<?>) invoke(find(s), sync, args)).join(), sync);
        java.lang.reflect.Field calls = s.getDeclaredField("calls");
        calls.setAccessible(true);
        return calls.getInt(sync);
    }

    /**
     * Runs body i both ways, the {@code injectAt}-th call of {@code t(...)} (0-based) failing
     * with an IllegalStateException or, with {@code cancel}, cancelling the task at that await.
     */
    static String compare(ClassLoader loader, int i, Object[] args, int injectAt, boolean cancel)
            throws Exception {
        Class<?> a = loader.loadClass("t.A" + i + "_Async");
        Class<?> s = loader.loadClass("t.S" + i);
        for (Class<?> c : List.of(a, s)) {
            c.getField("injectAt").set(null, injectAt);
            c.getField("injectCancel").set(null, cancel);
        }
        Object async = a.getConstructor().newInstance();
        Object sync = s.getConstructor().newInstance();
        Method runA = find(a);
        Method runS = find(s);
        // virtual time: the timers still fire in deadline order, without the test waiting for them
        String asyncOut = outcome(() -> {
            try (EventLoop loop = EventLoop.withVirtualTime()) {
                return loop.runUntilComplete(() -> (Task<Object>) invoke(runA, async, args));
            }
        }, async);
        String syncOut = outcome(() -> ((Task<?>) invoke(runS, sync, args)).join(), sync);
        return asyncOut.equals(syncOut) ? null : "async: " + asyncOut + "\n sync: " + syncOut;
    }

    private static Method find(Class<?> c) {
        for (Method m : c.getMethods()) {
            if (m.getName().equals("run")) {
                return m;
            }
        }
        throw new AssertionError("no run in " + c);
    }

    @SuppressWarnings("unchecked")
    private static Task<Object> invoke(Method m, Object target, Object[] args) {
        try {
            return (Task<Object>) m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw sneaky(e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }

    private static String outcome(Supplier<Object> run, Object target) throws Exception {
        String result;
        try {
            result = "returned " + run.get();
        } catch (Throwable t) {
            result = "threw " + (t instanceof dev.weft.CancelledException ? "cancelled" : t.toString());
            for (Throwable s : t.getSuppressed()) {
                result += " suppressed " + s;
            }
        }
        java.lang.reflect.Field f = target.getClass().getField("trace") ;
        return result + " | " + f.get(target);
    }
}
