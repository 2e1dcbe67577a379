package org.h5vds.api;

/**
 * An index that cannot select from a dataset's shape: it does not parse
 * ({@link IndexSyntaxException}), or has a bad step, too many indices, two ellipses, an unordered
 * list, blocks beyond the extent, or asks for a selection too complex to hold. The message names
 * the axis and value, phrased like h5py's where h5py has one. An argument error, so an
 * {@link IllegalArgumentException}.
 */
public class InvalidIndexException extends IllegalArgumentException {
    /** The offending axis, or -1. */
    private final int axis;

    /**
     * @param message the whole message
     * @param axis    the offending axis, or -1 when the problem is not about one axis
     * @param cause   the error that caused this one, or null
     */
    public InvalidIndexException(String message, int axis, Throwable cause) {
        super(message, cause);
        this.axis = axis;
    }

    /**
     * The axis at fault.
     *
     * @return the axis, or -1 when the problem is not about one axis
     */
    public int axis() {
        return axis;
    }
}
