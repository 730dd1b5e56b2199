package dev.weft.processor.analysis;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The text of one compilation unit, with positions, lines and the file's short name. */
public final class SourceText {
    private final CompilationUnitTree unit;
    private final SourcePositions positions;
    private final String text;
    private final LineMap lines;
    private final String fileName;

    public SourceText(Trees trees, CompilationUnitTree unit) {
        this.unit = unit;
        this.positions = trees.getSourcePositions();
        try {
            this.text = unit.getSourceFile().getCharContent(true).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.lines = unit.getLineMap();
        this.fileName = fileNameOf(unit);
    }

    /** The file's own name, without its folders: {@code Greeter.java}. */
    public static String fileNameOf(CompilationUnitTree unit) {
        String name = unit.getSourceFile().getName();
        return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    }

    public CompilationUnitTree unit() {
        return unit;
    }

    /** The file's own name, e.g. {@code Greeter.java}. */
    public String fileName() {
        return fileName;
    }

    public String text() {
        return text;
    }

    public int start(Tree tree) {
        return (int) positions.getStartPosition(unit, tree);
    }

    public int end(Tree tree) {
        return (int) positions.getEndPosition(unit, tree);
    }

    public boolean hasRange(Tree tree) {
        int s = start(tree);
        int e = end(tree);
        return s >= 0 && e >= s && e <= text.length();
    }

    public String text(Tree tree) {
        return text.substring(start(tree), end(tree));
    }

    public long line(Tree tree) {
        return lines.getLineNumber(start(tree));
    }

    public long lineOf(int position) {
        return lines.getLineNumber(position);
    }

    /** Column (0-based, in chars) of a position within its line. */
    public int column(int position) {
        return (int) (position - lines.getStartPosition(lines.getLineNumber(position)));
    }

    /** The text of a line, without its line terminator. */
    public String lineText(long line) {
        int s = (int) lines.getStartPosition(line);
        int e = s;
        while (e < text.length() && text.charAt(e) != '\n' && text.charAt(e) != '\r') {
            e++;
        }
        return text.substring(s, e);
    }
}
