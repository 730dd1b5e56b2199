package dev.weft.processor.oracle;

import dev.weft.processor.oracle.Library.Return;
import dev.weft.processor.oracle.Library.Site;
import dev.weft.processor.oracle.Library.Spot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Writes the sources of the oracle: a method lifted, as it is, into a class of its own package
 * (the baseline), and its {@code @Async} variants, each with one expression {@code e} turned
 * into {@code await(Task.of(e))} and every {@code return x;} into {@code return Task.of(x);}.
 */
final class Variants {
    private Variants() {}

    /** One variant: the method, the spot awaited, the class that holds it. */
    record Variant(int id, int site, Spot spot, String className, String pkg, String source) {
        String qualifiedName() {
            return pkg + "." + className;
        }
    }

    static String baselineName(int site) {
        return "WeftOracleB" + site;
    }

    static String variantName(int id) {
        return "WeftOracleV" + id;
    }

    /** The method as written, in a class of its own that sees its owner's members as imports. */
    static String baseline(Site s, int siteId) {
        return header(s) + classDecl(s, baselineName(siteId)) + " {\n    public " + (s.isStatic() ? "static " : "")
                + s.typeParams() + " " + s.returnType() + " " + methodName(s) + "(" + s.params() + ")"
                + s.throwsClause() + " " + s.body() + "\n}\n";
    }

    /**
     * The name of a lifted copy. Not the original's: a method of that name in the copy's class
     * would hide every overload of the original class (static imports and inherited alike), and
     * the copy's recursive calls would reach the copy, an {@code @Async} one in variants.
     */
    static String methodName(Site s) {
        return "weftOracle_" + s.name();
    }

    private static String classDecl(Site s, String name) {
        if (s.isStatic()) {
            return "public class " + name;
        }
        String owner = s.owners().get(s.owners().size() - 1);
        return "public class " + name + s.subclass().typeParams() + " extends " + owner + s.subclass().typeArgs();
    }

    /**
     * The {@code @Async} variant awaiting at {@code spot}: {@code await(Task.of(e))}, or with
     * {@code suspend}, {@code await(Later.of(e))}, which really suspends.
     */
    static String variant(Site s, Spot spot, String className, boolean suspend) {
        String returnType = s.isVoid() ? "Void" : box(s.returnType());
        String body = rewrite(s, spot, suspend);
        if (s.isVoid()) {
            // "if (true)" keeps the final return reachable whatever the body ends with
            body = "{ if (true) " + body + " return dev.weft.Task.done(); }";
        }
        return header(s) + classDecl(s, className) + " {\n    @dev.weft.annotation.Async\n    public "
                + (s.isStatic() ? "static " : "") + s.typeParams() + " dev.weft.Task<" + returnType + "> "
                + methodName(s) + "(" + s.params() + ")" + s.throwsClause() + " " + body + "\n}\n";
    }

    private static String header(Site s) {
        StringBuilder sb = new StringBuilder();
        sb.append("package ").append(s.pkg()).append(";\n\n");
        for (String imp : s.imports()) {
            sb.append(imp).append('\n');
        }
        for (String owner : s.owners()) {
            sb.append("import static ").append(s.pkg()).append('.').append(owner).append(".*;\n");
            sb.append("import ").append(s.pkg()).append('.').append(owner).append(".*;\n");
        }
        return sb.append('\n').toString();
    }

    private static String rewrite(Site s, Spot spot, boolean suspend) {
        // wrappers only insert text: prefixes at starts, suffixes at ends
        List<int[]> order = new ArrayList<>(); // {position, kind (0 suffix, 1 prefix), span, index}
        List<String> texts = new ArrayList<>();
        List<int[]> replaced = new ArrayList<>();
        if (spot != null) {
            String task = suspend ? "dev.weft.processor.oracle.Later.of(" : "dev.weft.Task.of(";
            String pre = spot.primitive() == null ? "dev.weft.Await.await(" + task
                    : "((" + spot.primitive() + ") dev.weft.Await.await(" + task;
            String post = spot.primitive() == null ? "))" : ")))";
            add(order, texts, spot.start(), 1, spot.end() - spot.start(), pre);
            add(order, texts, spot.end(), 0, spot.end() - spot.start(), post);
        }
        for (Return r : s.returns()) {
            if (r.start() < 0) {
                add(order, texts, r.semicolon(), 1, 0, " dev.weft.Task.done()");
            } else {
                boolean primitive = !s.returnType().equals(box(s.returnType()));
                String pre = primitive ? "dev.weft.Task.of((" + s.returnType() + ") (" : "dev.weft.Task.of(";
                String post = primitive ? "))" : ")";
                // one wider than its expression: outside an await of that same expression
                add(order, texts, r.start(), 1, r.end() - r.start() + 1, pre);
                add(order, texts, r.end(), 0, r.end() - r.start() + 1, post);
            }
        }
        // at one position: suffixes first (inner spans first), then prefixes (outer spans first)
        order.sort(Comparator.<int[]>comparingInt(a -> a[0]).thenComparingInt(a -> a[1])
                .thenComparingInt(a -> a[1] == 0 ? a[2] : -a[2]));
        StringBuilder out = new StringBuilder();
        int at = 0;
        String body = s.body();
        for (int[] o : order) {
            out.append(body, at, o[0]).append(texts.get(o[3]));
            at = o[0];
        }
        out.append(body.substring(at));
        return out.toString();
    }

    private static void add(List<int[]> order, List<String> texts, int position, int kind, int span, String text) {
        order.add(new int[] {position, kind, span, texts.size()});
        texts.add(text);
    }

    static String box(String type) {
        switch (type) {
            case "boolean": return "Boolean";
            case "byte": return "Byte";
            case "short": return "Short";
            case "char": return "Character";
            case "int": return "Integer";
            case "long": return "Long";
            case "float": return "Float";
            case "double": return "Double";
            default: return type;
        }
    }

    /**
     * The spots a method's variants await at, chosen by {@code seed}: one per statement that has
     * any, then more at random up to {@code perMethod}; in source order.
     */
    static List<Spot> choose(Site s, long seed, int perMethod) {
        Random random = new Random(seed);
        Map<Integer, List<Spot>> byStatement = new LinkedHashMap<>();
        for (Spot sp : s.spots()) {
            byStatement.computeIfAbsent(sp.statement(), k -> new ArrayList<>()).add(sp);
        }
        TreeSet<Integer> chosen = new TreeSet<>();
        for (List<Spot> group : byStatement.values()) {
            chosen.add(s.spots().indexOf(group.get(random.nextInt(group.size()))));
        }
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < s.spots().size(); i++) {
            if (!chosen.contains(i)) {
                rest.add(i);
            }
        }
        java.util.Collections.shuffle(rest, random);
        for (int i = 0; i < rest.size() && chosen.size() < perMethod; i++) {
            chosen.add(rest.get(i));
        }
        List<Spot> out = new ArrayList<>();
        for (int i : chosen) {
            out.add(s.spots().get(i));
        }
        return out;
    }
}
