package org.h5vds.node;

/**
 * One link of a group, however the group stores it (symbol table, link messages, dense storage).
 *
 * @param address       object header address of a hard link, else -1
 * @param target        the path a soft link names, or the object path inside an external file
 * @param externalFile  the file an external link names, else null
 * @param creationOrder creation order when tracked, else -1
 */
public record LinkEntry(String name, Kind kind, long address, String target, String externalFile, long creationOrder) {
    public enum Kind { HARD, SOFT, EXTERNAL }

    public static LinkEntry hard(String name, long address, long creationOrder) {
        return new LinkEntry(name, Kind.HARD, address, null, null, creationOrder);
    }

    public static LinkEntry soft(String name, String target, long creationOrder) {
        return new LinkEntry(name, Kind.SOFT, -1, target, null, creationOrder);
    }

    public static LinkEntry external(String name, String file, String object, long creationOrder) {
        return new LinkEntry(name, Kind.EXTERNAL, -1, object, file, creationOrder);
    }
}
