package dev.weft.processor.analysis;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * The attributed body of one method: a path for every tree in it, and what javac says each
 * expression's type and each name's element is.
 *
 * <p>Bodies are not attributed while processors run; {@link Trees#getElement} on a tree that has
 * no symbol yet makes javac attribute the enclosing class (javac's {@code JavacTrees.getElement}
 * calls {@code Attr.attribClass}), after which {@link Trees#getTypeMirror} and
 * {@link Trees#getElement} answer for every expression (checked on javac 17 and 25).
 */
public final class BodyIndex {
    private final Trees trees;
    private final MethodTree method;
    private final Map<Tree, TreePath> paths = new IdentityHashMap<>();
    private boolean erroneous;
    private String firstError;

    private final com.sun.source.tree.CompilationUnitTree unit;

    /** Attributes the body of the method at {@code methodPath} and indexes it. */
    public BodyIndex(Trees trees, TreePath methodPath) {
        this(trees, methodPath, true);
    }

    /** Indexes the trees under {@code path} (a method or class) without attributing anything. */
    public static BodyIndex withoutAttribution(Trees trees, TreePath path) {
        return new BodyIndex(trees, path, false);
    }

    private BodyIndex(Trees trees, TreePath methodPath, boolean attribute) {
        this.trees = trees;
        this.unit = methodPath.getCompilationUnit();
        this.method = methodPath.getLeaf() instanceof MethodTree ? (MethodTree) methodPath.getLeaf() : null;
        BlockTree body = method == null ? null : method.getBody();
        if (body != null && attribute) {
            // A block has no symbol, so getElement makes javac attribute the enclosing class, every
            // body in it at once and on these very trees, unless it is attributed already: one
            // attribution per class. (Trees.getScope would attribute a copy of the body instead,
            // leaving these trees for the first getElement to attribute again.)
            trees.getElement(new TreePath(methodPath, body));
        }
        new TreePathScanner<Void, Void>() {
            @Override
            public Void scan(Tree tree, Void unused) {
                if (tree != null) {
                    paths.put(tree, new TreePath(getCurrentPath(), tree));
                }
                return super.scan(tree, unused);
            }
        }.scan(methodPath, null);
        paths.put(methodPath.getLeaf(), methodPath);
        if (attribute) {
            findErrors();
        }
    }

    private final java.util.Set<String> unresolved = new java.util.TreeSet<>();

    private boolean isError(Tree t) {
        TreePath p = paths.get(t);
        TypeMirror type = p == null ? null : trees.getTypeMirror(p);
        return type != null && type.getKind() == TypeKind.ERROR;
    }

    /** Whether the receiver or an argument of a call has no type: the error is reported there. */
    private boolean operandIsError(Tree t) {
        java.util.List<Tree> ops = new java.util.ArrayList<>();
        if (t instanceof com.sun.source.tree.MethodInvocationTree) {
            com.sun.source.tree.MethodInvocationTree m = (com.sun.source.tree.MethodInvocationTree) t;
            if (m.getMethodSelect() instanceof MemberSelectTree) {
                ops.add(((MemberSelectTree) m.getMethodSelect()).getExpression());
            }
            ops.addAll(m.getArguments());
        } else {
            com.sun.source.tree.NewClassTree n = (com.sun.source.tree.NewClassTree) t;
            ops.addAll(n.getArguments());
            if (n.getEnclosingExpression() != null) {
                ops.add(n.getEnclosingExpression());
            }
            if (n.getIdentifier() != null && isError(n.getIdentifier())) {
                return true; // the class name itself: reported there
            }
        }
        for (Tree op : ops) {
            if (isError(op)) {
                return true;
            }
        }
        return false;
    }

    private void findErrors() {
        for (Map.Entry<Tree, TreePath> e : paths.entrySet()) {
            Tree t = e.getKey();
            if ((t instanceof com.sun.source.tree.MethodInvocationTree || t instanceof com.sun.source.tree.NewClassTree)
                    && (trees.getElement(e.getValue()) == null || isError(t)) && !operandIsError(t)) {
                // a call javac could not resolve (no such method, wrong arguments) on operands it
                // could type: no class generated later changes that
                erroneous = true;
                hardError = true;
                if (firstError == null) {
                    firstError = t.toString();
                }
            }
            TreePath parentPath = e.getValue().getParentPath();
            boolean calledName = parentPath != null && parentPath.getLeaf() instanceof com.sun.source.tree.MethodInvocationTree
                    && ((com.sun.source.tree.MethodInvocationTree) parentPath.getLeaf()).getMethodSelect() == t;
            if ((t instanceof IdentifierTree || t instanceof MemberSelectTree) && !calledName) {
                TypeMirror type = trees.getTypeMirror(e.getValue());
                javax.lang.model.element.Element el = trees.getElement(e.getValue());
                boolean rootCause = t instanceof IdentifierTree
                        ? el == null || el.getKind().isClass() || el.getKind().isInterface()
                                || el.getKind() == javax.lang.model.element.ElementKind.PACKAGE
                        : !isError(((MemberSelectTree) t).getExpression());
                if (type != null && type.getKind() == TypeKind.ERROR && rootCause) {
                    erroneous = true;
                    if (!generationCouldResolve(t)) {
                        // a misspelt local, or a member missing from a type that exists: no class
                        // generated later changes that
                        hardError = true;
                        if (firstError == null) {
                            firstError = t.toString();
                        }
                        continue;
                    }
                    Tree left = t;
                    while (left instanceof MemberSelectTree) {
                        left = ((MemberSelectTree) left).getExpression();
                    }
                    if (left instanceof IdentifierTree) {
                        unresolved.add(((IdentifierTree) left).getName().toString());
                    } else {
                        unresolved.add(t.toString());
                    }
                    if (firstError == null) {
                        firstError = t.toString();
                    }
                }
            }
        }
    }

    /**
     * Whether the unresolved name {@code t} could be a class that another processor generates
     * in a later round: a capitalized simple name, or a name qualified by a package. Not a
     * lower-case simple name (by convention a variable or method), nor a member of something
     * that resolved to a variable or a type.
     */
    private boolean generationCouldResolve(Tree t) {
        if (t instanceof IdentifierTree) {
            String name = ((IdentifierTree) t).getName().toString();
            return !name.isEmpty() && !Character.isLowerCase(name.charAt(0));
        }
        Element qualifier = element(((MemberSelectTree) t).getExpression());
        return qualifier == null || qualifier.getKind() == javax.lang.model.element.ElementKind.PACKAGE;
    }

    /** True when javac could not attribute some name in the body (a compile error, or a class not generated yet). */
    public boolean erroneous() {
        return erroneous;
    }

    private boolean hardError;

    /** True when the body has an error that no class generated later can resolve. */
    public boolean hardError() {
        return hardError;
    }

    /** The simple names at the left of the names javac could not attribute. */
    public java.util.Set<String> unresolvedNames() {
        return unresolved;
    }

    public String firstError() {
        return firstError;
    }

    public MethodTree method() {
        return method;
    }

    public TreePath path(Tree tree) {
        TreePath p = paths.get(tree);
        if (p == null) {
            p = TreePath.getPath(unit, tree);
            if (p == null) {
                throw new IllegalArgumentException("tree outside the compilation unit: " + tree);
            }
            paths.put(tree, p);
        }
        return p;
    }

    public Tree parent(Tree tree) {
        TreePath p = path(tree).getParentPath();
        return p == null ? null : p.getLeaf();
    }

    public Element element(Tree tree) {
        return trees.getElement(path(tree));
    }

    public TypeMirror type(Tree tree) {
        return trees.getTypeMirror(path(tree));
    }

    public Trees trees() {
        return trees;
    }

    /** True when tree sits inside a lambda or a class body that is itself inside {@code root}. */
    public boolean insideFunctionBelow(Tree tree, Tree root) {
        for (TreePath p = path(tree).getParentPath(); p != null; p = p.getParentPath()) {
            Tree leaf = p.getLeaf();
            if (leaf == root) {
                return false;
            }
            if (leaf instanceof LambdaExpressionTree || leaf instanceof ClassTree) {
                return true;
            }
            if (leaf instanceof NewClassTree && ((NewClassTree) leaf).getClassBody() != null
                    && leaf != tree) {
                // the arguments of new C(...) {} are outside the body; the body is a ClassTree below
                continue;
            }
        }
        return false;
    }

    public boolean isExpression(Tree tree) {
        return tree instanceof ExpressionTree;
    }
}
