package org.h5vds.api;

/**
 * A member of a group as the group stores it: a hard link to an object, a soft link to a path,
 * or an external link to a path in another file.
 *
 * @param target the path of a soft link, or the object path inside the external file
 * @param file   the file an external link names, else null
 */
public record Link(String name, Kind kind, String target, String file) {
    public enum Kind { HARD, SOFT, EXTERNAL }
}
