package dev.weft.processor.oracle;

import dev.weft.EventLoop;
import dev.weft.Task;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a lifted method and its {@code @Async} variant on the same generated inputs and tells
 * whether they agree: same value (deeply), or same exception class, and the same array
 * arguments afterwards. Methods whose baseline gives different outcomes on runs of the same
 * inputs (random, time, identity) are left out: two runs always, ten more when the variant differs.
 */
final class Executor implements AutoCloseable {
    /** Calls that do not return within this time are abandoned (and the method left out). */
    private static final long TIMEOUT_MS = 2000;

    private ExecutorService worker = newWorker();

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "weft-oracle-call");
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether the oracle can make inputs for every parameter type. */
    static boolean runnable(List<String> paramTypes) {
        for (String t : paramTypes) {
            if (values(norm(t)) == null) {
                return false;
            }
        }
        return true;
    }

    private static String norm(String t) {
        return t.replace("...", "[]").replace("java.lang.", "");
    }

    /** The values tried for one parameter type, or null when it is not simple. */
    private static Object[] values(String t) {
        switch (t) {
            case "int": return new Object[] {0, 1, -1, 3, 10};
            case "long": return new Object[] {0L, 1L, -1L, 3L, 10L};
            case "short": return new Object[] {(short) 0, (short) 1, (short) -1, (short) 3};
            case "byte": return new Object[] {(byte) 0, (byte) 1, (byte) -1, (byte) 3};
            case "char": return new Object[] {'a', ' ', '0', 'Z', '.'};
            case "boolean": return new Object[] {true, false};
            case "double": return new Object[] {0.0, 1.5, -2.0, Double.NaN};
            case "float": return new Object[] {0.0f, 1.5f, -2.0f};
            case "Integer": return new Object[] {null, 0, 1, -1, 3};
            case "Long": return new Object[] {null, 0L, 1L, 3L};
            case "Boolean": return new Object[] {null, true, false};
            case "Character": return new Object[] {null, 'a', ' '};
            case "String":
            case "CharSequence":
            case "Object":
                return new Object[] {null, "", "abc", " Hello, World ", "a.b.c", "123", "aXbXc"};
            case "int[]": return new Object[] {null, new int[0], new int[] {3, 1, 2}, new int[] {1, 1}};
            case "long[]": return new Object[] {null, new long[0], new long[] {3, 1, 2}};
            case "short[]": return new Object[] {null, new short[0], new short[] {3, 1, 2}};
            case "byte[]": return new Object[] {null, new byte[0], new byte[] {3, 1, 2}};
            case "char[]": return new Object[] {null, new char[0], new char[] {'c', 'a', 'b'}, new char[] {' ', 'x'}};
            case "boolean[]": return new Object[] {null, new boolean[0], new boolean[] {true, false}};
            case "double[]": return new Object[] {null, new double[0], new double[] {3, 1.5, 2}};
            case "float[]": return new Object[] {null, new float[0], new float[] {3, 1.5f, 2}};
            case "String[]":
            case "CharSequence[]":
            case "Object[]":
                return new Object[] {null, new String[0], new String[] {"a", null, "bc"}, new String[] {"x", "x"}};
            default: return null;
        }
    }

    /** Up to {@code count} argument lists for {@code paramTypes}, chosen by {@code seed}. */
    static List<Object[]> inputs(List<String> paramTypes, long seed, int count) {
        Random random = new Random(seed);
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Object[] args = new Object[paramTypes.size()];
            for (int p = 0; p < args.length; p++) {
                Object[] vs = values(norm(paramTypes.get(p)));
                args[p] = vs[i < vs.length && i < 2 ? (i + p) % vs.length : random.nextInt(vs.length)];
            }
            out.add(args);
            if (args.length == 0) {
                break;
            }
        }
        return out;
    }

    /** A fresh deep copy, so that each run sees its own arrays. */
    static Object[] copy(Object[] args) {
        Object[] c = args.clone();
        for (int i = 0; i < c.length; i++) {
            if (c[i] != null && c[i].getClass().isArray()) {
                int n = Array.getLength(c[i]);
                Object a = Array.newInstance(c[i].getClass().getComponentType(), n);
                System.arraycopy(c[i], 0, a, 0, n);
                c[i] = a;
            }
        }
        return c;
    }

    /** A loader over compiled oracle classes that defines the library's own classes next to them. */
    static ClassLoader loader(Path classes, List<Path> libraryJars) {
        List<URL> urls = new ArrayList<>();
        try {
            urls.add(classes.toUri().toURL());
            for (Path j : libraryJars) {
                urls.add(j.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        return new URLClassLoader(urls.toArray(new URL[0]), Executor.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                // same runtime package as the library, so package-private access works
                if (RealCodeOracle.LIBRARY_PACKAGES.stream().anyMatch(name::startsWith)) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        if (c == null) {
                            try {
                                c = findClass(name);
                            } catch (ClassNotFoundException e) {
                                return super.loadClass(name, resolve);
                            }
                        }
                        return c;
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
    }

    static Method method(Class<?> c, String name) {
        for (Method m : c.getDeclaredMethods()) {
            if (m.getName().equals(name) && !m.isSynthetic() && !m.isBridge()) {
                return m;
            }
        }
        throw new IllegalStateException("no " + name + " in " + c);
    }

    /**
     * Compares {@code baseline} and {@code async} on {@code inputs}: null when they agree (or
     * the baseline is not deterministic or too slow: {@code skipped[0]} is set), else how they differ.
     */
    String compare(Method baseline, Supplier<Object> baseReceiver, Method async, Supplier<Object> asyncReceiver,
            List<Object[]> inputs, boolean[] skipped) {
        for (Object[] in : inputs) {
            String b1 = outcome(() -> plain(baseline, baseReceiver.get(), copy(in)));
            String b2 = outcome(() -> plain(baseline, baseReceiver.get(), copy(in)));
            if (b1 == null || !b1.equals(b2)) {
                skipped[0] = true;
                return null;
            }
            String a = outcome(() -> {
                Object[] args = copy(in);
                Object receiver = asyncReceiver.get();
                Object v;
                try {
                    v = EventLoop.run(() -> {
                        try {
                            return (Task<?>) async.invoke(receiver, args);
                        } catch (InvocationTargetException e) {
                            return Task.failed(e.getCause());
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                } catch (Throwable t) {
                    return "throws " + t.getClass().getName() + " | args " + render(args);
                }
                return "returns " + render(v) + " | args " + render(args);
            });
            if (a == null) {
                return "timed out on " + render(in) + " (baseline: " + b1 + ")";
            }
            if (!a.equals(b1)) {
                // random, clock or identity dependent code may agree with itself twice by chance
                for (int i = 0; i < 10; i++) {
                    String again = outcome(() -> plain(baseline, baseReceiver.get(), copy(in)));
                    if (!b1.equals(again)) {
                        skipped[0] = true;
                        return null;
                    }
                }
                return "on " + render(in) + ": baseline " + b1 + ", async " + a;
            }
        }
        return null;
    }

    private static String plain(Method m, Object receiver, Object[] args) {
        Object v;
        try {
            v = m.invoke(receiver, args);
        } catch (InvocationTargetException e) {
            return "throws " + e.getCause().getClass().getName() + " | args " + render(args);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return "returns " + render(v) + " | args " + render(args);
    }

    /** Makes a fresh instance of {@code c} with its constructor without parameters; null for static methods. */
    static Supplier<Object> receiver(Class<?> c, boolean isStatic) {
        if (isStatic) {
            return () -> null;
        }
        return () -> {
            try {
                java.lang.reflect.Constructor<?> k = c.getDeclaredConstructor();
                k.setAccessible(true);
                return k.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** The outcome of {@code call}, or null when it times out. */
    private String outcome(Supplier<String> call) {
        Future<String> f = worker.submit(call::get);
        try {
            return f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            return null;
        } catch (ExecutionException e) {
            return "harness: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String render(Object v) {
        if (v instanceof Object[]) {
            Object[] a = (Object[]) v;
            StringBuilder sb = new StringBuilder("[");
            for (Object o : a) {
                sb.append(render(o)).append(", ");
            }
            return sb.append(']').toString();
        }
        if (v != null && v.getClass().isArray()) {
            return Arrays.deepToString(new Object[] {v});
        }
        if (v instanceof CharSequence) {
            // a text that names the receiver's class (BaseNCodec.toString: getClass().getSimpleName())
            // names the oracle's, which differs between the method as written and its variant
            return v.toString().replaceAll("WeftOracle[VB]\\d+(_Async)?", "WeftOracle");
        }
        if (v instanceof Map || v instanceof Iterable || v instanceof Number
                || v instanceof Boolean || v instanceof Character || v == null || v instanceof Enum) {
            return String.valueOf(v);
        }
        // lambdas and classes declared in the lifted method are named after the oracle's classes
        Class<?> c = v.getClass();
        String name = c.getName();
        if (c.isSynthetic() || name.contains("$$Lambda") || name.contains("WeftOracle")) {
            while (c.getName().contains("WeftOracle") && c.getSuperclass() != Object.class) {
                c = c.getSuperclass();
            }
            return "an instance of " + (c.getInterfaces().length > 0 && c.getName().contains("WeftOracle")
                    ? c.getInterfaces()[0].getName() : c.getName().replaceAll("WeftOracle[VB]\\d+(_Async)?", "WeftOracle"));
        }
        try {
            if (c.getMethod("toString").getDeclaringClass() == Object.class) {
                return name;
            }
        } catch (NoSuchMethodException e) {
            return name;
        }
        String s = String.valueOf(v);
        // a record's toString shows its lambdas (JDK 25's CollectorImpl), whose class names say
        // where the lambda was written: the lifted method or its state machine
        return s.replaceAll("[\\w.$]*\\$\\$Lambda(/0x[0-9a-f]+)?", "a lambda")
                .replaceAll("WeftOracle[VB]\\d+(_Async)?", "WeftOracle").replaceAll("@[0-9a-f]{4,}", "@hash");
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
