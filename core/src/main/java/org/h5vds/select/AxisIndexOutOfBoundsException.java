package org.h5vds.select;

/** An integer or list index outside its axis; the message is h5py's, prefixed with the axis. */
public class AxisIndexOutOfBoundsException extends IndexOutOfBoundsException {
    private final int axis;
    private final long index;
    private final long size;

    public AxisIndexOutOfBoundsException(int axis, long index, long size, String detail) {
        super("axis " + axis + ": " + detail);
        this.axis = axis;
        this.index = index;
        this.size = size;
    }

    public int axis() {
        return axis;
    }

    /** The index as given. */
    public long index() {
        return index;
    }

    /** Length of the axis. */
    public long size() {
        return size;
    }
}
