package dev.weft.processor.lowering;

import com.sun.source.tree.Tree;

/** A construct the lowering cannot transform; reported as an error at {@link #at()}. */
public final class UnsupportedConstructException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Tree at;
    private final String code;

    public UnsupportedConstructException(Tree at, String code, String message) {
        super(message);
        this.at = at;
        this.code = code;
    }

    public Tree at() {
        return at;
    }

    public String code() {
        return code;
    }
}
