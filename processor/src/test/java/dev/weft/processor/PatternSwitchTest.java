package dev.weft.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Awaits inside pattern-matching switches and record patterns (Java 21), run against the same
 * bodies without weft ({@link DifferentialCase}), also failing and cancelling at each await: type
 * and record patterns, guards, {@code case null}, {@code default}, statement and expression
 * switches, arrow and colon cases, and pattern variables that live across awaits.
 */
class PatternSwitchTest {
    static final List<String> BODIES = List.of(
            // 0 a statement switch over a sealed type, exhaustive without default: guards, record
            // patterns, pattern variables read after awaits, continue and break out of the cases
            "String out = \"\";"
                    + " Shape[] shapes = { new Circle(f(1)), new Square(2), new Pair(new Circle(7), \"x\"), new Circle(9), new Pair(3, 4) };"
                    + " for (Shape sh : shapes) {"
                    + "   switch (await(t(sh))) {"
                    + "     case Circle c when c.r() > 5 -> { out += \"big\" + await(t(c.r())); }"
                    + "     case Circle c -> out += \"c\" + await(t(c.r())) + c;"
                    + "     case Square(int side) -> { int k = await(t(side * 2)); out += \"s\" + side + k; }"
                    + "     case Pair(Circle(var r), Object second) when r > 5 -> { await(t(r)); out += \"pc\" + r + second; continue; }"
                    + "     case Pair(var a, var b) -> { out += \"p\" + await(t(a)) + b; if (b instanceof Integer i && i > 3) break; log(\"after\"); }"
                    + "   }"
                    + "   out += \";\";"
                    + " }"
                    + " return Task.of(out);",
            // 1 a switch expression over Object: null, guards, default, a nested switch expression
            "String out = \"\";"
                    + " for (Object o : new Object[] {null, 3, 30, \"hey\", 2.5, List.of(1), List.of()}) {"
                    + "   out += switch (o) {"
                    + "     case null -> \"null\" + await(t(0));"
                    + "     case Integer i when i > 10 -> { int k = await(t(i)); yield \"big\" + k + i; }"
                    + "     case Integer i -> \"int\" + await(t(i)) + i;"
                    + "     case String s -> { log(await(t(s))); yield \"str\" + s.length(); }"
                    + "     case List<?> l -> switch (l.size()) { case 1 -> \"one\" + await(t(l.get(0))); default -> \"many\" + l; };"
                    + "     default -> \"other\" + await(t(-1)) + o;"
                    + "   } + \";\";"
                    + " }"
                    + " return Task.of(out);",
            // 2 colon cases with patterns, an unconditional pattern last, a guard reading its
            // variable and a local that lives in a field
            "String out = \"\";"
                    + " int limit = await(t(0));"
                    + " for (Object o : new Object[] {\"x\", -4, 5, new Pair(1, 2)}) {"
                    + "   switch (o) {"
                    + "     case String s:"
                    + "       await(t(s));"
                    + "       out += \"s:\" + s;"
                    + "       break;"
                    + "     case Integer i when i < limit:"
                    + "       out += \"neg:\" + await(t(i)) + i;"
                    + "       break;"
                    + "     case Object other:"
                    + "       await(t(1));"
                    + "       out += \"o:\" + other;"
                    + "   }"
                    + "   out += \";\";"
                    + " }"
                    + " return Task.of(out);",
            // 3 record patterns in instanceof: nested pattern variables read after awaits, in the
            // condition and in the scope a negated instanceof opens
            "String out = \"\";"
                    + " Object o = await(t((Object) new Pair(new Circle(4), \"n\")));"
                    + " if (o instanceof Pair(Circle(int r), String name) && r > 2) {"
                    + "   await(t(r));"
                    + "   out += name + r;"
                    + " }"
                    + " if (!(o instanceof Pair(var a, var b))) { return Task.of(\"no\"); }"
                    + " await(t(a));"
                    + " out += a + \"/\" + b;"
                    + " return Task.of(out);",
            // 4 a String switch with case null; case null, default; throws and catches in the cases
            "String out = \"\";"
                    + " for (String k : new String[] {null, \"a\", \"zz\", \"b\"}) {"
                    + "   try {"
                    + "     switch (k) {"
                    + "       case \"a\" -> out += \"a\" + await(t(1));"
                    + "       case \"b\" -> throw new IllegalStateException(\"b\" + await(t(2)));"
                    + "       case null, default -> { await(t(k)); out += \"d\" + k; }"
                    + "     }"
                    + "   } catch (IllegalStateException e) {"
                    + "     out += \"caught\" + await(t(e.getMessage()));"
                    + "   } finally {"
                    + "     out += \";\";"
                    + "   }"
                    + " }"
                    + " return Task.of(out);",
            // 5 an enhanced switch whose selector awaits, in a return; a pattern variable across two awaits
            "String out = \"\";"
                    + " for (int i = 0; i < 3; i++) {"
                    + "   Shape s = i == 0 ? new Circle(i) : i == 1 ? new Square(i) : new Pair(i, \"p\");"
                    + "   out += switch (await(t(s))) {"
                    + "     case Circle c -> { await(t(1)); yield \"c\" + await(t(c.r())) + c.r(); }"
                    + "     case Square q -> \"q\" + await(t(q.side()));"
                    + "     case Pair p -> { Object f = await(t(p.first())); yield \"p\" + f + await(t(p.second())) + p; }"
                    + "   };"
                    + " }"
                    + " return Task.of(out);",
            // 6 lambdas that capture pattern variables of each iteration after awaits; a return
            // from a case inside a try whose finally awaits
            "for (Object o : new Object[] {new Circle(1), new Square(2), \"s\", new Circle(3)}) {"
                    + "   try {"
                    + "     switch (o) {"
                    + "       case Circle c -> { await(t(c.r())); later.add(() -> log(\"c\" + c.r())); }"
                    + "       case Square(int side) -> { await(t(side)); later.add(() -> log(\"q\" + side)); }"
                    + "       case String s when s.length() == 1 -> { await(t(s)); for (Runnable r : later) r.run(); return Task.of(\"ret\" + s); }"
                    + "       default -> log(\"default\");"
                    + "     }"
                    + "   } finally {"
                    + "     log(\"fin\" + await(t(0)));"
                    + "   }"
                    + " }"
                    + " return Task.of(\"end\");");

    @BeforeEach
    void needsJava21() {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "pattern switches need javac 21+");
    }

    @Test
    void patternSwitchesAgreeWithTheSynchronousRun() throws Exception {
        List<String> failures = DifferentialCase.differencesAtEveryAwait(BODIES);
        assertWithMessage(String.join("\n\n", failures)).that(failures).isEmpty();
    }

    @Test
    void anAwaitInACaseGuardIsAClearError() {
        String body = "Object o = await(t((Object) 1));"
                + " switch (o) {\n"
                + "   case Integer i when await(t(i)) > 0 -> log(i);\n"
                + "   default -> log(o);\n"
                + " }\n"
                + " return Task.of(\"\");";
        Compilation c = CompileSupport.compileLenient(com.google.testing.compile.JavaFileObjects.forSourceString(
                "t.A0", DifferentialCase.source("A0", body, true, "String", "")));
        List<Diagnostic<? extends javax.tools.JavaFileObject>> errors = c.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .collect(Collectors.toList());
        String diags = errors.stream().map(d -> d.getSource().getName() + ":" + d.getLineNumber() + " "
                + d.getMessage(Locale.ROOT)).collect(Collectors.joining("\n"));
        assertWithMessage(diags).that(errors).hasSize(1);
        Diagnostic<? extends javax.tools.JavaFileObject> d = errors.get(0);
        assertWithMessage(diags).that(d.getMessage(Locale.ROOT)).startsWith("[weft.unsupported] await inside a case guard");
        assertWithMessage(diags).that(d.getSource().getName()).endsWith("A0.java");
        String line = DifferentialCase.source("A0", body, true, "String", "").split("\n", -1)[(int) d.getLineNumber() - 1];
        assertWithMessage(diags).that(line.substring((int) d.getColumnNumber() - 1)).startsWith("await(t(i)) > 0");
    }
}
