package dev.weft.processor.lowering;

/**
 * A {@code return} that must first run {@code finally} blocks keeps its value here, and the
 * last of those blocks goes on at {@link #valueLabel} (or {@link #taskLabel} for {@code return
 * task}), where the method completes. Created on first use.
 */
public final class ReturnSlot {
    Var value;
    Var task;
    Label valueLabel;
    Label taskLabel;

    public Var value() {
        return value;
    }

    public Var task() {
        return task;
    }

    public Label valueLabel() {
        return valueLabel;
    }

    public Label taskLabel() {
        return taskLabel;
    }
}
