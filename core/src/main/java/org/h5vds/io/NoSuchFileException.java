package org.h5vds.io;

/**
 * Nothing is at a location (no such file, no such object, HTTP 404): the one failure that source
 * resolution treats as "look at the next candidate" rather than as an error to report.
 */
public class NoSuchFileException extends H5Exception {
    private final String location;

    public NoSuchFileException(String location) {
        super(location + ": cannot open: no such file");
        this.location = location;
    }

    public NoSuchFileException(String location, String what, Throwable cause) {
        super(location + ": cannot open: " + what, cause);
        this.location = location;
    }

    /** The location that holds nothing. */
    public String location() {
        return location;
    }
}
