package org.h5vds.api;

/**
 * A file whose bytes are not what its format allows here (corrupt, truncated or hostile), or that
 * uses a feature h5vds does not read. The message names the file and, where known, the object
 * path and the byte offset, so that a user can report or inspect exactly what went wrong.
 */
public class H5FormatException extends H5Exception {
    /** What is wrong, without the file, object and offset. */
    private final String detail;

    /**
     * @param message    the whole message (it names the file, object and offset)
     * @param file       the file, or null when not known
     * @param objectPath the object path inside the file, or null when not known
     * @param offset     the byte offset of what is wrong, or {@link #NO_OFFSET}
     * @param detail     what is wrong, without the file, object and offset
     * @param cause      the error that caused this one, or null
     */
    public H5FormatException(String message, String file, String objectPath, long offset, String detail, Throwable cause) {
        super(message, file, objectPath, offset, cause);
        this.detail = detail;
    }

    /**
     * What is wrong, without the file, object and offset that the message starts with.
     *
     * @return for instance "fixed array chunk index for a dataset with 1 unlimited dimensions"
     */
    public String detail() {
        return detail;
    }
}
