package org.h5vds.api;

/**
 * A .npy file that is not what NumPy's format allows, or uses a feature h5vds does not read
 * (Fortran order, structured or object dtypes). The message names the file, the byte offset and
 * what was expected there.
 */
public final class NpyFormatException extends H5FormatException {
    /**
     * @param file   the .npy file
     * @param offset the byte offset of what is wrong
     * @param detail what is wrong there
     */
    public NpyFormatException(String file, long offset, String detail) {
        this(file, offset, detail, null);
    }

    /** As above, for the format layer's error {@code cause} (whose message this keeps). */
    NpyFormatException(String file, long offset, String detail, Throwable cause) {
        super(file + ": at byte offset " + offset + ": " + detail, file, null, offset, detail, cause);
    }
}
