package org.h5vds.select;

/**
 * An index that parses but cannot select from the dataspace (bad step, too many indices, two
 * ellipses, unordered list, blocks beyond the extent ...). The message names the axis and value,
 * phrased like h5py's message where h5py has one.
 */
public class InvalidIndexException extends IllegalArgumentException {
    private final int axis;

    public InvalidIndexException(int axis, String detail) {
        super(axis >= 0 ? "axis " + axis + ": " + detail : detail);
        this.axis = axis;
    }

    /** The offending axis, or -1 when the problem is not about one axis. */
    public int axis() {
        return axis;
    }
}
