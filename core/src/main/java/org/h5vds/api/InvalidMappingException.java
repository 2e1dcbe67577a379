package org.h5vds.api;

/**
 * A virtual dataset mapping that libhdf5 would refuse ({@code H5Pset_virtual}, {@code H5Dcreate})
 * or could not read: the message names the mapping, the axis when one is at fault, and the values
 * involved. An argument error, so an {@link IllegalArgumentException}.
 */
public class InvalidMappingException extends IllegalArgumentException {
    /** The mapping, as named in the message. */
    private final String mapping;
    /** The offending axis, or -1. */
    private final int axis;

    /**
     * @param message the whole message, naming the mapping
     * @param mapping the mapping, e.g. {@code layout[0, :49] = 1.h5:data[0:100:2]}
     * @param axis    the offending axis, or -1 when the problem is not about one axis
     * @param cause   the error that caused this one, or null
     */
    public InvalidMappingException(String message, String mapping, int axis, Throwable cause) {
        super(message, cause);
        this.mapping = mapping;
        this.axis = axis;
    }

    /**
     * The mapping, as named in the message.
     *
     * @return for instance {@code layout[0, :49] = 1.h5:data[0:100:2]}
     */
    public String mapping() {
        return mapping;
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
