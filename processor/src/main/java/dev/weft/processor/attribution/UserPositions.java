package dev.weft.processor.attribution;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.net.URI;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Finds, for a tree of the {@link ShadowCompilation}, the same tree in the user's compilation, so
 * that weft's messages sit at the user's own source positions. Both were parsed from the same
 * text by the same parser, so a tree is the one of the same kind with the same start and end
 * (once the offsets of the shadow's copy are taken back to the user's file's).
 */
public final class UserPositions {
    /** A tree of the user's compilation and the unit it is in. */
    public static final class At {
        public final Tree tree;
        public final CompilationUnitTree unit;

        At(Tree tree, CompilationUnitTree unit) {
            this.tree = tree;
            this.unit = unit;
        }
    }

    private final Trees userTrees;
    private final Map<URI, CompilationUnitTree> userUnits = new HashMap<>();
    private final Map<CompilationUnitTree, Map<String, Tree>> byPosition = new IdentityHashMap<>();

    public UserPositions(Trees userTrees) {
        this.userTrees = userTrees;
    }

    /** Makes {@code unit}, a unit of the user's compilation, one that trees may be found in. */
    public void add(CompilationUnitTree unit) {
        userUnits.put(unit.getSourceFile().toUri(), unit);
    }

    /** The user's tree for {@code tree} of the shadow unit {@code unit}, or null. */
    public At find(ShadowCompilation shadowCompilation, CompilationUnitTree unit, Tree tree) {
        Trees shadowTrees = shadowCompilation.trees();
        CompilationUnitTree user = userUnits.get(unit.getSourceFile().toUri());
        if (user == null) {
            return null;
        }
        if (tree == unit) {
            return new At(user, user);
        }
        SourcePositions shadow = shadowTrees.getSourcePositions();
        String key = key(tree.getKind(), shadowCompilation.userPosition(unit, shadow.getStartPosition(unit, tree)),
                shadowCompilation.userPosition(unit, shadow.getEndPosition(unit, tree)));
        Tree found = byPosition.computeIfAbsent(user, this::index).get(key);
        return found == null ? null : new At(found, user);
    }

    private Map<String, Tree> index(CompilationUnitTree unit) {
        Map<String, Tree> index = new HashMap<>();
        SourcePositions positions = userTrees.getSourcePositions();
        new TreeScanner<Void, Void>() {
            @Override
            public Void scan(Tree tree, Void v) {
                if (tree != null) {
                    index.putIfAbsent(key(tree.getKind(), positions.getStartPosition(unit, tree),
                            positions.getEndPosition(unit, tree)), tree);
                }
                return super.scan(tree, v);
            }
        }.scan(unit, null);
        return index;
    }

    private static String key(Tree.Kind kind, long start, long end) {
        return kind + ":" + start + ":" + end;
    }
}
