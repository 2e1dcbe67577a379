package org.h5vds.api;

/**
 * A member of a group as the group stores it: a hard link to an object, a soft link to a path, an
 * external link to a path in another file, or a link of a user-defined type (which only the
 * program that registered the type can follow; it is listed, never followed).
 *
 * @param name     the link's name in its group
 * @param kind     hard, soft, external or user-defined
 * @param target   the path of a soft link, or the object path inside the external file
 * @param file     the file an external link names, else null
 * @param linkType the format's link type: 0 hard, 1 soft, 64 external, 65 to 255 user-defined
 */
public record Link(String name, Kind kind, String target, String file, int linkType) {
    /** The kinds of links HDF5 stores. */
    public enum Kind {
        /** A link to an object of the same file. */
        HARD,
        /** A link to a path, followed when used. */
        SOFT,
        /** A link to a path in another file. */
        EXTERNAL,
        /** A link of a type registered by a program; listed, never followed. */
        USER_DEFINED
    }

    /**
     * A hard, soft or external link (the link type follows from the kind).
     *
     * @param name the link's name in its group
     * @param kind {@link Kind#HARD}, {@link Kind#SOFT} or {@link Kind#EXTERNAL}
     * @param target the path a soft link names, or the object's path in the external file
     * @param file the file an external link names, else null
     */
    public Link(String name, Kind kind, String target, String file) {
        this(name, kind, target, file, switch (kind) {
            case HARD -> 0;
            case SOFT -> 1;
            case EXTERNAL -> 64;
            case USER_DEFINED -> throw new IllegalArgumentException("a user-defined link needs its link type (65 to 255)");
        });
    }
}
