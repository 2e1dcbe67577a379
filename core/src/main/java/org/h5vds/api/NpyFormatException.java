package org.h5vds.api;

import org.h5vds.io.H5Exception;

/**
 * A .npy file that is not what NumPy's format allows, or uses a feature h5vds does not read
 * (Fortran order, structured or object dtypes). The message names the file, the byte offset and
 * what was expected there.
 */
public final class NpyFormatException extends H5Exception {
    private final String file;
    private final long offset;

    public NpyFormatException(String file, long offset, String detail) {
        super(file + ": at byte offset " + offset + ": " + detail);
        this.file = file;
        this.offset = offset;
    }

    public String file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
