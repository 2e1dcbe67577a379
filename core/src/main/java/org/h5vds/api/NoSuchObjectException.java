package org.h5vds.api;

/**
 * A path that names no object in the file, like h5py's {@code KeyError}. {@link #objectPath()} is
 * the path asked for.
 */
public class NoSuchObjectException extends H5Exception {
    /** Why nothing is there when a link names it, or null. */
    private final String why;

    /**
     * @param message the whole message, naming the file and the path
     * @param file    the file
     * @param path    the path that names nothing
     * @param why     why nothing is there when a link names it, or null
     * @param cause   the error that caused this one, or null
     */
    public NoSuchObjectException(String message, String file, String path, String why, Throwable cause) {
        super(message, file, path, NO_OFFSET, cause);
        this.why = why;
    }

    /**
     * Why nothing is there when a link names it.
     *
     * @return for instance "a soft link to /x, which does not exist"; null when no link names the path
     */
    public String why() {
        return why;
    }
}
