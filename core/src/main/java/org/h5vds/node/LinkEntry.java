package org.h5vds.node;

/**
 * One link of a group, however the group stores it (symbol table, link messages, dense storage).
 *
 * @param address       object header address of a hard link, else -1
 * @param target        the path a soft link names, or the object path inside an external file
 * @param externalFile  the file an external link names, else null
 * @param creationOrder creation order when tracked, else -1
 * @param linkType      the link type of the format (IV.A.2.g): 0 hard, 1 soft, 64 external,
 *                      65 to 255 user-defined (registered by a program; nobody else can follow them)
 */
public record LinkEntry(String name, Kind kind, long address, String target, String externalFile, long creationOrder, int linkType) {
    public enum Kind { HARD, SOFT, EXTERNAL, USER_DEFINED }

    public static LinkEntry hard(String name, long address, long creationOrder) {
        return new LinkEntry(name, Kind.HARD, address, null, null, creationOrder, 0);
    }

    public static LinkEntry soft(String name, String target, long creationOrder) {
        return new LinkEntry(name, Kind.SOFT, -1, target, null, creationOrder, 1);
    }

    public static LinkEntry external(String name, String file, String object, long creationOrder) {
        return new LinkEntry(name, Kind.EXTERNAL, -1, object, file, creationOrder, 64);
    }

    /** A link of a user-defined type: listed, never followed. */
    public static LinkEntry userDefined(String name, int linkType, long creationOrder) {
        return new LinkEntry(name, Kind.USER_DEFINED, -1, null, null, creationOrder, linkType);
    }
}
