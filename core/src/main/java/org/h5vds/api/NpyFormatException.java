package org.h5vds.api;

import org.h5vds.io.H5Exception;

/**
 * A .npy file that is not what NumPy's format allows, or uses a feature h5vds does not read
 * (Fortran order, structured or object dtypes). The message names the file, the byte offset and
 * what was expected there.
 */
public final class NpyFormatException extends H5Exception {
    /** The .npy file. */
    private final String file;
    /** The byte offset of what is wrong. */
    private final long offset;

    /**
     * @param file   the .npy file
     * @param offset the byte offset of what is wrong
     * @param detail what is wrong there
     */
    public NpyFormatException(String file, long offset, String detail) {
        super(file + ": at byte offset " + offset + ": " + detail);
        this.file = file;
        this.offset = offset;
    }

    /** @return the .npy file */
    public String file() {
        return file;
    }

    /** @return the byte offset of what is wrong */
    public long offset() {
        return offset;
    }
}
