package org.h5vds.api;

/**
 * Nothing is at a location: no such file, or an HTTP 404 or missing object key for a remote one
 * (h5py raises {@code FileNotFoundError}). {@link #file()} is the location.
 */
public class NoSuchFileException extends H5Exception {
    /**
     * @param message  the whole message, naming the location
     * @param location the location that holds nothing
     * @param cause    the error that caused this one, or null
     */
    public NoSuchFileException(String message, String location, Throwable cause) {
        super(message, location, null, NO_OFFSET, cause);
    }
}
