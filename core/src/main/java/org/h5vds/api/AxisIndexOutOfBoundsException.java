package org.h5vds.api;

/**
 * An integer or list index outside its axis (h5py's {@code IndexError}); the message is h5py's,
 * prefixed with the axis.
 */
public class AxisIndexOutOfBoundsException extends IndexOutOfBoundsException {
    /** The axis of the index. */
    private final int axis;
    /** The index as given. */
    private final long index;
    /** The length of the axis. */
    private final long size;

    /**
     * @param message the whole message
     * @param axis    the axis
     * @param index   the index as given
     * @param size    the length of the axis
     * @param cause   the error that caused this one, or null
     */
    public AxisIndexOutOfBoundsException(String message, int axis, long index, long size, Throwable cause) {
        super(message);
        if (cause != null) initCause(cause);
        this.axis = axis;
        this.index = index;
        this.size = size;
    }

    /**
     * The axis of the index.
     *
     * @return the axis
     */
    public int axis() {
        return axis;
    }

    /**
     * The index as given.
     *
     * @return the index
     */
    public long index() {
        return index;
    }

    /**
     * The length of the axis.
     *
     * @return the length
     */
    public long size() {
        return size;
    }
}
