package org.h5vds.io;

/**
 * Base of every error h5vds raises about a file or its contents. Unchecked, like h5py's
 * exceptions: most callers cannot recover and should not have to declare it.
 */
public class H5Exception extends RuntimeException {
    public H5Exception(String message) {
        super(message);
    }

    public H5Exception(String message, Throwable cause) {
        super(message, cause);
    }
}
