package org.h5vds.node;

import org.h5vds.io.H5Exception;

/** A path that names no object in the file, like h5py's KeyError. */
public final class NoSuchObjectException extends H5Exception {
    private final String file;
    private final String path;
    private final String why;

    public NoSuchObjectException(String file, String path) {
        super(file + ": no object named " + path);
        this.file = file;
        this.path = path;
        this.why = null;
    }

    /** As {@link #NoSuchObjectException(String, String)}, saying why ({@code why}: "a soft link to /x, which does not exist"). */
    public NoSuchObjectException(String file, String path, String why) {
        super(file + ": no object named " + path + " (" + why + ")");
        this.file = file;
        this.path = path;
        this.why = why;
    }

    /** Why nothing is there when a link names it ("a soft link to /x, which does not exist"), else null. */
    public String why() {
        return why;
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }
}
