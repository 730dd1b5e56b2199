package dev.weft.processor.lowering;

/**
 * The part of a lowered {@code try} that a state belongs to, with the regions around it: what
 * the exception table does with an exception thrown in that state. A {@code finally} block is
 * not a region of its own try: an exception there replaces whatever was pending and goes to the
 * enclosing handlers.
 */
public final class Region {
    public enum Part { TRY, CATCH }

    public final Handler handler;
    public final Part part;
    public final Region outer;

    Region(Handler handler, Part part, Region outer) {
        this.handler = handler;
        this.part = part;
        this.outer = outer;
    }
}
