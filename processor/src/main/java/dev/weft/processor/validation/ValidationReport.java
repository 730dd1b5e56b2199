package dev.weft.processor.validation;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** What a validator found: errors and warnings, each with its code and position. */
public final class ValidationReport {
    /** One finding. */
    public static final class Item {
        public final Diagnostic.Kind kind;
        public final String code;
        public final String message;
        public final Tree tree;
        public final CompilationUnitTree unit;
        public final Element element;

        Item(Diagnostic.Kind kind, String code, String message, Tree tree, CompilationUnitTree unit,
                Element element) {
            this.kind = kind;
            this.code = code;
            this.message = message;
            this.tree = tree;
            this.unit = unit;
            this.element = element;
        }
    }

    private final List<Item> items = new ArrayList<>();

    public void error(String code, String message, Tree tree, CompilationUnitTree unit, Element element) {
        items.add(new Item(Diagnostic.Kind.ERROR, code, message, tree, unit, element));
    }

    public void warning(String code, String message, Tree tree, CompilationUnitTree unit, Element element) {
        items.add(new Item(Diagnostic.Kind.WARNING, code, message, tree, unit, element));
    }

    public List<Item> items() {
        return items;
    }

    /** True when nothing here stops generation. */
    public boolean isClean() {
        return items.stream().noneMatch(i -> i.kind == Diagnostic.Kind.ERROR);
    }

    public void addAll(ValidationReport other) {
        items.addAll(other.items);
    }
}
