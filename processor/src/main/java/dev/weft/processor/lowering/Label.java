package dev.weft.processor.lowering;

/** A jump target in the lowered method; becomes a {@code case} of the state switch when jumped to. */
public final class Label {
    /** The state number, assigned once the layout knows which labels survive. */
    int state = -1;
    final int id;
    /** The try region the label's code runs in (set where it is marked), or null. */
    Region region;

    Label(int id) {
        this.id = id;
    }

    public Region region() {
        return region;
    }

    public int state() {
        return state;
    }

    @Override
    public String toString() {
        return "L" + id + (state >= 0 ? "=" + state : "");
    }
}
