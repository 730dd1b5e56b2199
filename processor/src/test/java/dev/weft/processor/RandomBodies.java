package dev.weft.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes random {@code @Async} bodies: nested loops (labeled, with break and continue), if/else,
 * classic and arrow switches, switch expressions, compound assignments, lambdas capturing the
 * iteration's value, early returns, and awaits anywhere in expressions (arguments, operands of
 * {@code &&}, {@code ||}, {@code ?:}, conditions); array initializers in every declarator form,
 * local classes (often two of one name in different blocks), records and anonymous classes
 * (used through their own members, with constructor arguments) across awaits, vars of
 * intersection types, labels on blocks, ifs, switches
 * and for-each loops, asserts, pattern variables used after an await, and (on javac 21+) pattern
 * switches, statements and expressions, whose cases await. Every loop is bounded, so every body
 * terminates; the same seed always gives the same body.
 */
final class RandomBodies {
    private final Random random;
    private final StringBuilder out = new StringBuilder();
    private final List<String> ints = new ArrayList<>();
    private final List<String> loopLabels = new ArrayList<>();
    /** The local classes in scope. */
    private final List<String> classNames = new ArrayList<>();
    private int fresh;
    private int indent = 2;
    private int budget;
    /** Pattern switches (Java 21) only where the javac running the tests compiles them. */
    private final boolean patterns = Runtime.version().feature() >= 21;

    private RandomBodies(long seed) {
        this.random = new Random(seed);
    }

    static String body(long seed) {
        return new RandomBodies(seed).generate();
    }

    private String generate() {
        // weft.randomScale (default 1): above 1, a body of that many blocks, nested one level
        // deeper; 10 writes bodies of several hundred lines, the size of the largest
        // hand-written async methods
        int scale = Integer.getInteger("weft.randomScale", 1);
        budget = (25 + random.nextInt(20)) * scale;
        line("int v1 = 1;");
        ints.add("v1");
        line("int v0 = " + expr(1) + ";");
        ints.add("v0");
        line("String s = \"\";");
        if (scale == 1) {
            block(3);
        }
        for (int i = 0; i < scale && scale > 1; i++) {
            line("{"); // a scope of its own, as each block's local classes and variables assume
            indent++;
            block(4);
            indent--;
            line("}");
        }
        line("for (Runnable r : later) r.run();");
        line("return Task.of(\"end \" + v0 + \" \" + v1 + \" \" + s + \" \" + Arrays.toString(arr) + \" \" + field);");
        return out.toString();
    }

    private void line(String s) {
        out.append("    ".repeat(indent)).append(s).append('\n');
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private final java.util.Set<String> counters = new java.util.HashSet<>();

    private String anyInt() {
        return ints.get(random.nextInt(ints.size()));
    }

    /** A variable that may be assigned: never a loop counter, so that every loop ends. */
    private String assignable() {
        List<String> ok = new ArrayList<>();
        for (String v : ints) {
            if (!counters.contains(v)) {
                ok.add(v);
            }
        }
        return ok.get(random.nextInt(ok.size()));
    }

    /** A block's statements; returns false when the last one cannot complete normally. */
    private boolean block(int depth) {
        int n = 1 + random.nextInt(3);
        int scope = ints.size();
        int classScope = classNames.size();
        try {
            for (int i = 0; i < n && budget > 0; i++) {
                budget--;
                if (!statement(depth)) {
                    return false;
                }
            }
            return true;
        } finally {
            trim(scope);
            classNames.subList(classScope, classNames.size()).clear();
        }
    }

    private void trim(int size) {
        while (ints.size() > size) {
            ints.remove(ints.size() - 1);
        }
    }

    /**
     * A name for a local class: often one that a local class of another block has too (K0 to
     * K2), never one in scope here.
     */
    private String localClassName() {
        String name = "K" + random.nextInt(3);
        if (classNames.contains(name)) {
            name = "K" + fresh++;
        }
        classNames.add(name);
        return name;
    }

    private void nested(int depth) {
        indent++;
        block(depth - 1);
        indent--;
    }

    private boolean statement(int depth) {
        int k = random.nextInt(depth > 0 ? 35 : 8);
        switch (k) {
            case 0:
                line("log(" + expr(2) + ");");
                return true;
            case 1:
                line(assignable() + " = " + expr(2) + ";");
                return true;
            case 2:
                line(assignable() + (chance(50) ? " += " : " -= ") + expr(2) + ";");
                return true;
            case 3:
                line("arr[" + expr(1) + " & 7] += " + expr(2) + ";");
                return true;
            case 4:
                line("s += " + (chance(50) ? "await(t(\"x\" + " + expr(1) + "))" : expr(1)) + ";");
                return true;
            case 5: {
                String v = "c" + fresh++;
                line("int " + v + " = " + expr(2) + ";");
                ints.add(v);
                return true;
            }
            case 6: {
                String v = "c" + fresh++;
                line("int " + v + " = " + expr(1) + ";");
                line("later.add(() -> log(\"" + v + "=\" + " + v + "));");
                return true;
            }
            case 7:
                line("field += " + expr(2) + ";");
                return true;
            case 8:
            case 9: {
                line("if (" + cond(2) + ") {");
                nested(depth);
                if (chance(50)) {
                    line("} else {");
                    nested(depth);
                }
                line("}");
                return true;
            }
            case 10: {
                String i = "i" + fresh++;
                String label = "l" + fresh++;
                line(label + ":");
                line("for (int " + i + " = 0; " + i + " < " + (1 + random.nextInt(3)) + "; " + i + "++) {");
                loop(depth, label, i);
                line("}");
                return true;
            }
            case 11: {
                String w = "w" + fresh++;
                String label = "l" + fresh++;
                line("int " + w + " = 0;");
                line(label + ":");
                line("while (" + w + " < " + (1 + random.nextInt(3)) + (chance(30) ? " && (" + cond(1) + ")" : "") + ") {");
                indent++;
                line(w + "++;");
                indent--;
                loop(depth, label, w);
                line("}");
                return true;
            }
            case 12: {
                String d = "d" + fresh++;
                String label = "l" + fresh++;
                line("int " + d + " = 0;");
                line(label + ":");
                line("do {");
                indent++;
                line(d + "++;");
                indent--;
                loop(depth, label, d);
                line("} while (" + d + " < " + (1 + random.nextInt(3)) + ");");
                return true;
            }
            case 13: {
                String e = "e" + fresh++;
                line("for (int " + e + " : " + (chance(50) ? "new int[] {" + expr(1) + ", " + expr(1) + "}"
                        : "List.of(" + expr(1) + ", " + expr(1) + ")") + ") {");
                int scope = ints.size();
                ints.add(e);
                String label = null;
                loopLabels.add(label);
                nested(depth);
                loopLabels.remove(loopLabels.size() - 1);
                trim(scope);
                line("}");
                return true;
            }
            case 14: {
                line("switch (" + expr(2) + " % 4) {");
                line("    case 0:");
                indent += 2;
                block(depth - 1);
                indent -= 2;
                line("    case 1:");
                line("    case 2:");
                indent += 2;
                boolean completes = block(depth - 1);
                if (completes && chance(70)) {
                    line("break;");
                }
                indent -= 2;
                line("    default:");
                indent += 2;
                block(depth - 1);
                indent -= 2;
                line("}");
                return true;
            }
            case 15: {
                if (patterns && chance(50)) {
                    patternSwitch(depth);
                    return true;
                }
                line("switch (" + expr(2) + " % 3) {");
                line("    case 0 -> log(" + expr(2) + ");");
                line("    case 1 -> {");
                indent += 2;
                block(depth - 1);
                indent -= 2;
                line("    }");
                line("    default -> " + assignable() + " += " + expr(1) + ";");
                line("}");
                return true;
            }
            case 16:
                if (!loopLabels.isEmpty() && chance(60)) {
                    String label = loopLabels.get(random.nextInt(loopLabels.size()));
                    String kind = chance(50) ? "break" : "continue";
                    line("if (" + cond(1) + ") " + kind + (label == null ? "" : " " + label) + ";");
                    return true;
                }
                line("if (" + cond(2) + ") {");
                indent++;
                line("return Task.of(\"early \" + " + expr(1) + " + s + field);");
                indent--;
                line("}");
                return true;
            case 17:
                line("log(" + cond(2) + " ? \"y\" : \"n\");");
                return true;
            case 19:
            case 20: {
                line("try {");
                nested(depth);
                boolean any = false;
                if (chance(70)) {
                    any = true;
                    catchClause(depth, chance(50) ? "IllegalStateException" : chance(50)
                            ? "RuntimeException" : "IllegalArgumentException | IllegalStateException");
                    if (chance(20)) {
                        catchClause(depth, "Exception");
                    }
                }
                if (!any || chance(50)) {
                    line("} finally {");
                    indent++;
                    line("log(\"fin" + fresh++ + "\");");
                    indent--;
                    nested(depth);
                    if (chance(10)) {
                        indent++;
                        line("if (" + cond(1) + ") return Task.of(\"from finally \" + s);");
                        indent--;
                    }
                }
                line("}");
                return true;
            }
            case 21: {
                String r = "r" + fresh++;
                String r2 = "r" + fresh++;
                boolean two = chance(40);
                line("try (Res " + r + " = new Res(\"" + r + "\", " + cond(1) + ")"
                        + (two ? "; Res " + r2 + " = new Res(\"" + r2 + "\" + await(t(" + expr(1) + ")), "
                                + cond(0) + ")" : "") + ") {");
                nested(depth);
                if (chance(50)) {
                    catchClause(depth, "IllegalArgumentException");
                }
                line("}");
                return true;
            }
            case 22:
                line("if (" + cond(1) + ") throw new IllegalStateException(\"thrown\" + " + expr(1) + ");");
                return true;
            case 23: {
                String e = "e" + fresh++;
                line("try {");
                indent++;
                line("s += await(io(\"io\" + " + expr(1) + "));");
                indent--;
                line("} catch (java.io.IOException " + e + ") {");
                indent++;
                line("log(name(" + e + ") + (" + e + " == ioThrown));");
                indent--;
                line("}");
                return true;
            }
            case 25: {
                // array initializers living across awaits: plain, C-style, several declarators
                String a = "a" + fresh++;
                String x = "x" + fresh++;
                if (chance(50)) {
                    line("int[] " + a + " = {" + expr(1) + ", " + expr(1) + "};");
                } else {
                    line("int " + a + "[] = {" + expr(1) + ", " + expr(1) + "}, " + x + " = " + expr(1) + ";");
                    ints.add(x);
                }
                line("await(t(" + expr(0) + "));");
                line("log(" + a + "[" + random.nextInt(2) + "]);");
                return true;
            }
            case 26: {
                String m = "m" + fresh++;
                line("int[][] " + m + " = " + (chance(50) ? "new int[][] " : "") + "{{" + expr(1) + "}, {" + expr(2)
                        + ", " + expr(1) + "}};");
                line("log(" + m + "[1][0] + " + m + "[0][0]);");
                return true;
            }
            case 27: {
                // local classes, records and enums that capture a final local, across awaits
                String f = "f" + fresh++;
                line("final int " + f + " = " + expr(1) + ";");
                if (chance(50)) {
                    String k2 = localClassName();
                    String instance = "i" + fresh++;
                    line("class " + k2 + " { int g() { return " + f + " + 1; } }");
                    line(k2 + " " + instance + " = new " + k2 + "();");
                    line("await(t(" + expr(0) + "));");
                    line("log(" + instance + ".g());");
                } else {
                    String k2 = "Rec" + fresh++;
                    line("record " + k2 + "(int x) { }");
                    line("log(sum(new " + k2 + "(" + f + ").x(), " + expr(2) + ", 0));");
                }
                ints.add(f);
                counters.add(f);
                return true;
            }
            case 28: {
                // vars of anonymous classes across awaits: through the supertype, through their own
                // members, with constructor arguments, capturing a final local
                String o = "o" + fresh++;
                String f = "f" + fresh++;
                int kind = random.nextInt(3);
                if (kind == 0) {
                    line("var " + o + " = new Runnable() { public void run() { log(\"run " + o + "\"); } };");
                } else {
                    line("final int " + f + " = " + expr(1) + ";");
                    line(kind == 1
                            ? "var " + o + " = new Object() { int n = " + f + " * " + random.nextInt(5) + "; int run() { return n += " + f + "; } };"
                            : "var " + o + " = new java.util.ArrayList<Integer>(java.util.List.of(" + expr(1)
                                    + ")) { int run() { return get(0) + " + f + "; } };");
                }
                line("await(t(" + expr(0) + "));");
                line(kind == 0 ? o + ".run();" : "log(" + o + ".run());");
                return true;
            }
            case 34: {
                // a var of an intersection type across an await, used as each of its bounds
                String r = "r" + fresh++;
                if (chance(50)) {
                    line("var " + r + " = " + cond(1) + " ? (Runnable & java.io.Serializable) () -> log(\"ran " + r
                            + "\") : null;");
                    line("await(t(" + expr(0) + "));");
                    line("if (" + r + " != null) " + r + ".run();");
                    line("java.io.Serializable s" + r + " = " + r + ";");
                    line("log(s" + r + " == null);");
                } else {
                    // the lub of Integer and String: Comparable of an intersection among its bounds
                    line("var " + r + " = " + cond(1) + " ? Integer.valueOf(" + expr(1) + ") : s(\"" + r + "\");");
                    line("await(t(" + expr(0) + "));");
                    line("Comparable<?> c" + r + " = " + r + ";");
                    line("log(c" + r + " + \" \" + " + r + ".hashCode());");
                }
                return true;
            }
            case 29: {
                // labels on a block, an if and a switch
                String label = "b" + fresh++;
                int kind = random.nextInt(3);
                if (kind == 0) {
                    line(label + ": {");
                    indent++;
                    line("if (" + cond(1) + ") break " + label + ";");
                    line("log(" + expr(2) + ");");
                    indent--;
                    line("}");
                } else if (kind == 1) {
                    line(label + ": if (" + cond(1) + ") {");
                    indent++;
                    line("log(" + expr(1) + ");");
                    line("if (" + cond(1) + ") break " + label + ";");
                    line("log(" + expr(1) + ");");
                    indent--;
                    line("}");
                } else {
                    line(label + ": switch (" + expr(1) + " & 1) {");
                    line("    case 0:");
                    line("        if (" + cond(1) + ") break " + label + ";");
                    line("        log(" + expr(1) + ");");
                    line("        break;");
                    line("    default:");
                    line("        log(" + expr(1) + ");");
                    line("}");
                }
                return true;
            }
            case 30: {
                // a labeled for-each over an initializer that awaits
                String e = "e" + fresh++;
                String label = "l" + fresh++;
                line(label + ": for (int " + e + " : new int[] {" + expr(1) + ", " + expr(1) + "}) {");
                indent++;
                line("if (" + e + " > 3) break " + label + ";");
                line("log(" + e + ");");
                indent--;
                line("}");
                return true;
            }
            case 31:
                line("assert " + cond(2) + " : \"assertion\" + " + expr(1) + ";");
                return true;
            case 32: {
                String p = "p" + fresh++;
                String q = "q" + fresh++;
                line("Object " + p + " = " + (chance(50) ? expr(1) : "\"s\" + " + expr(1)) + ";");
                line("if (" + p + " instanceof Integer " + q + ") {");
                indent++;
                line("await(t(" + expr(0) + "));");
                line("log(" + q + " + 1);");
                indent--;
                line("}");
                return true;
            }
            default:
                line("await(t(" + expr(1) + "));");
                return true;
        }
    }

    /**
     * A pattern switch statement over a {@code Shape}: a guarded record pattern, a type pattern,
     * and record patterns whose variables the case bodies read and assign, across their awaits.
     */
    private void patternSwitch(int depth) {
        String r = "r" + fresh++;
        String side = "q" + fresh++;
        String first = "a" + fresh++;
        line("switch (shape(" + expr(2) + ")) {");
        counters.add(r); // a guard may only read variables that are never assigned
        patternCase("case Circle(int " + r + ") when " + r + " > " + random.nextInt(10), r, depth);
        counters.remove(r);
        line("    case Circle c" + fresh++ + " -> log(\"circle\" + " + expr(1) + ");");
        patternCase("case Square(int " + side + ")", side, depth);
        line("    case Pair(var " + first + ", var b" + fresh++ + ") -> log(" + first + " + \"/\" + " + expr(1) + ");");
        line("}");
    }

    private void patternCase(String label, String binding, int depth) {
        line("    " + label + " -> {");
        int scope = ints.size();
        ints.add(binding);
        indent += 2;
        block(depth - 1);
        indent -= 2;
        trim(scope);
        line("    }");
    }

    /** A pattern switch expression over a {@code Shape} whose cases await. */
    private String patternSwitchExpression(int depth) {
        String r = "r" + fresh++;
        String side = "q" + fresh++;
        int scope = ints.size();
        String head = "switch (shape(" + expr(depth - 1) + ")) { case Circle(int " + r + ") when " + r + " > "
                + random.nextInt(10) + " -> ";
        ints.add(r);
        counters.add(r); // a guard may only read variables that are never assigned
        String guarded = expr(depth - 1);
        counters.remove(r);
        trim(scope);
        String circle = "; case Circle c" + fresh++ + " -> " + expr(depth - 1);
        ints.add(side);
        String square = "; case Square(int " + side + ") -> { log(" + side + "); yield " + expr(depth - 1) + "; }";
        trim(scope);
        return head + guarded + circle + square + " case Pair p" + fresh++ + " -> " + expr(depth - 1) + "; }";
    }

    private void catchClause(int depth, String types) {
        String e = "e" + fresh++;
        line("} catch (" + types + " " + e + ") {");
        indent++;
        line("log(name(" + e + "));");
        if (chance(30)) {
            line("if (" + cond(1) + ") throw " + e + ";");
        }
        indent--;
        nested(depth);
    }

    private void loop(int depth, String label, String counter) {
        int scope = ints.size();
        ints.add(counter);
        counters.add(counter);
        loopLabels.add(chance(50) ? label : null);
        indent++;
        block(depth - 1);
        indent--;
        loopLabels.remove(loopLabels.size() - 1);
        trim(scope);
    }

    private String expr(int depth) {
        int k = random.nextInt(depth > 0 ? 13 : 3);
        switch (k) {
            case 0:
                return String.valueOf(random.nextInt(10));
            case 1:
                return anyInt();
            case 2:
                return "await(t(" + (depth > 0 ? expr(depth - 1) : String.valueOf(random.nextInt(5))) + "))";
            case 3:
                return "f(" + expr(depth - 1) + ")";
            case 4:
                return expr(depth - 1) + " + " + expr(depth - 1);
            case 5:
                return "(" + expr(depth - 1) + " - " + expr(depth - 1) + ")";
            case 6:
                return "(" + cond(depth - 1) + " ? " + expr(depth - 1) + " : " + expr(depth - 1) + ")";
            case 7:
                return "sum(" + expr(depth - 1) + ", " + expr(depth - 1) + ", " + expr(depth - 1) + ")";
            case 8:
                return "arr[" + expr(depth - 1) + " & 7]";
            case 9:
                return "await(t(" + expr(depth - 1) + ")) * 2";
            case 10:
                if (patterns && chance(50)) {
                    return patternSwitchExpression(depth);
                }
                return "switch (" + expr(depth - 1) + " & 3) { case 0 -> " + expr(depth - 1) + "; case 1 -> { log(\"sw\"); yield "
                        + expr(depth - 1) + "; } default -> " + expr(depth - 1) + "; }";
            case 11:
                return "(" + assignable() + " += " + expr(depth - 1) + ")";
            default:
                return "a()[" + expr(depth - 1) + " & 7]";
        }
    }

    private String cond(int depth) {
        int k = random.nextInt(depth > 0 ? 7 : 2);
        switch (k) {
            case 0:
                return expr(0) + " < " + expr(0);
            case 1:
                return "b(" + expr(0) + " % 2 == 0)";
            case 2:
                return cond(depth - 1) + " && " + cond(depth - 1);
            case 3:
                return cond(depth - 1) + " || " + cond(depth - 1);
            case 4:
                return "!(" + cond(depth - 1) + ")";
            case 5:
                return "await(t(" + cond(depth - 1) + "))";
            default:
                return expr(depth) + " == " + expr(depth - 1);
        }
    }
}
