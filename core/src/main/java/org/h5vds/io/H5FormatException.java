package org.h5vds.io;

import java.util.Objects;

/**
 * A file whose bytes are not what the HDF5 format allows here: corrupt, truncated, hostile, or
 * using a feature we do not read. The message always names the file, and where known the object
 * path and the byte offset, so that a user can report or inspect exactly what went wrong.
 *
 * <p>Lower layers know the file and offset but not the object path; the node layer adds the path
 * with {@link #inObject(String)} as the exception passes up.
 */
public class H5FormatException extends H5Exception {
    /** Marks an offset that is not known. */
    public static final long NO_OFFSET = -1;

    private final String file;
    private final String object;
    private final long offset;
    private final String detail;

    public H5FormatException(String file, String object, long offset, String detail) {
        this(file, object, offset, detail, null);
    }

    public H5FormatException(String file, String object, long offset, String detail, Throwable cause) {
        super(compose(file, object, offset, detail), cause);
        this.file = file;
        this.object = object;
        this.offset = offset;
        this.detail = Objects.requireNonNull(detail);
    }

    public H5FormatException(String file, long offset, String detail) {
        this(file, null, offset, detail, null);
    }

    private static String compose(String file, String object, long offset, String detail) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<unknown file>" : file);
        if (object != null) sb.append(": ").append(object);
        if (offset != NO_OFFSET) sb.append(": at byte offset ").append(offset);
        return sb.append(": ").append(detail).toString();
    }

    public String file() {
        return file;
    }

    /** The object path inside the file, or null when the error arose below the object level. */
    public String object() {
        return object;
    }

    /** The byte offset in the file, or {@link #NO_OFFSET}. */
    public long offset() {
        return offset;
    }

    /** The error without the file/object/offset prefix. */
    public String detail() {
        return detail;
    }

    /** This error with the object path filled in; unchanged if a path is already known. */
    public H5FormatException inObject(String objectPath) {
        if (object != null || objectPath == null) return this;
        H5FormatException e = new H5FormatException(file, objectPath, offset, detail, getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
