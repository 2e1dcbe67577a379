package org.h5vds.node;

import org.h5vds.io.H5Exception;

/** A path that names no object in the file, like h5py's KeyError. */
public final class NoSuchObjectException extends H5Exception {
    private final String path;

    public NoSuchObjectException(String file, String path) {
        super(file + ": no object named " + path);
        this.path = path;
    }

    /** As {@link #NoSuchObjectException(String, String)}, saying why ({@code why}: "a soft link to /x, which does not exist"). */
    public NoSuchObjectException(String file, String path, String why) {
        super(file + ": no object named " + path + " (" + why + ")");
        this.path = path;
    }

    public String path() {
        return path;
    }
}
