package org.h5vds.vds;

/**
 * A virtual dataset mapping that libhdf5 would refuse (H5Pset_virtual, H5Dcreate) or could not
 * read: the message names the mapping, the axis when one is at fault, and the values involved.
 */
public class InvalidMappingException extends IllegalArgumentException {
    private final String mapping;
    private final int axis;

    /**
     * @param mapping names the mapping, e.g. {@code layout[0, :49] = 1.h5:data[0:100:2]}
     * @param axis    the offending axis, or -1 when the problem is not about one axis
     */
    public InvalidMappingException(String mapping, int axis, String detail) {
        this(mapping, axis, detail, null);
    }

    public InvalidMappingException(String mapping, int axis, String detail, Throwable cause) {
        super(mapping + ": " + (axis >= 0 && !detail.startsWith("axis ") ? "axis " + axis + ": " : "") + detail, cause);
        this.mapping = mapping;
        this.axis = axis;
    }

    /** The mapping, as named in the message. */
    public String mapping() {
        return mapping;
    }

    /** The offending axis, or -1. */
    public int axis() {
        return axis;
    }
}
