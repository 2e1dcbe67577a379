package org.h5vds.format.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.h5vds.io.Cursor;

/**
 * The Link message (IV.A.2.g, type 0x0006): one link of a "new style" group, stored in the group's
 * header (compact storage) or, with the same encoding, in its fractal heap (dense storage). Hard
 * links carry an object header address, soft links a path, external links a file name and a path;
 * user-defined link types keep their data raw.
 */
public final class LinkMessage implements Message {
    public static final int TYPE = 0x0006;

    public static final int LINK_HARD = 0;
    public static final int LINK_SOFT = 1;
    public static final int LINK_EXTERNAL = 64;

    private static final int FLAG_CREATION_ORDER = 0x04;
    private static final int FLAG_LINK_TYPE = 0x08;
    private static final int FLAG_CHARSET = 0x10;

    private final int version;
    private final int flags;
    private final int linkType;
    private final long creationOrder;
    private final int charset;
    private final String name;
    private final long address;
    private final String softLinkValue;
    private final int externalFlags;
    private final String externalFile;
    private final String externalObject;
    private final byte[] userData;

    private LinkMessage(int version, int flags, int linkType, long creationOrder, int charset, String name, long address,
                        String softLinkValue, int externalFlags, String externalFile, String externalObject, byte[] userData) {
        this.version = version;
        this.flags = flags;
        this.linkType = linkType;
        this.creationOrder = creationOrder;
        this.charset = charset;
        this.name = name;
        this.address = address;
        this.softLinkValue = softLinkValue;
        this.externalFlags = externalFlags;
        this.externalFile = externalFile;
        this.externalObject = externalObject;
        this.userData = userData;
    }

    /** The flags libhdf5 writes: the smallest name length field, optional fields only when needed. */
    private static int flagsFor(String name, int linkType, long creationOrder, int charset) {
        int n = name.getBytes(StandardCharsets.UTF_8).length;
        int width = n < 0x100 ? 0 : n < 0x10000 ? 1 : 2;
        return width | (creationOrder >= 0 ? FLAG_CREATION_ORDER : 0) | (linkType != LINK_HARD ? FLAG_LINK_TYPE : 0)
                | (charset != 0 ? FLAG_CHARSET : 0);
    }

    /** A hard link; {@code creationOrder} -1 when creation order is not tracked; charset 0 ASCII, 1 UTF-8. */
    public static LinkMessage hard(String name, long address, long creationOrder, int charset) {
        return new LinkMessage(1, flagsFor(name, LINK_HARD, creationOrder, charset), LINK_HARD, creationOrder, charset, name,
                address, null, 0, null, null, null);
    }

    public static LinkMessage soft(String name, String target, long creationOrder, int charset) {
        return new LinkMessage(1, flagsFor(name, LINK_SOFT, creationOrder, charset), LINK_SOFT, creationOrder, charset, name,
                Cursor.UNDEFINED, target, 0, null, null, null);
    }

    public static LinkMessage external(String name, String file, String object, long creationOrder, int charset) {
        return new LinkMessage(1, flagsFor(name, LINK_EXTERNAL, creationOrder, charset), LINK_EXTERNAL, creationOrder, charset,
                name, Cursor.UNDEFINED, null, 0, file, object, null);
    }

    public static LinkMessage decode(Cursor in) {
        int version = in.version(in.u8(), "link message", 1);
        int flagsAt = in.position();
        int flags = in.u8();
        if ((flags & ~0x1F) != 0) throw in.error(flagsAt, "link message: reserved flag bits set in 0x" + Integer.toHexString(flags));
        int linkType = (flags & FLAG_LINK_TYPE) != 0 ? in.u8() : LINK_HARD;
        long creationOrder = (flags & FLAG_CREATION_ORDER) != 0 ? in.u64() : -1;
        int charset = (flags & FLAG_CHARSET) != 0 ? in.u8() : 0;
        if (charset > 1) throw in.error(in.position() - 1, "link message: unknown link name character set " + charset);
        int lengthAt = in.position();
        long nameLength = in.uint(1 << (flags & 0x03));
        if (nameLength <= 0 || nameLength > in.remaining()) {
            throw in.error(lengthAt, "link message: link name length " + Long.toUnsignedString(nameLength) + " is 0 or exceeds the "
                    + in.remaining() + " bytes left");
        }
        String name = new String(in.bytes((int) nameLength), StandardCharsets.UTF_8);
        switch (linkType) {
            case LINK_HARD -> {
                return new LinkMessage(version, flags, linkType, creationOrder, charset, name, in.address(), null, 0, null, null, null);
            }
            case LINK_SOFT -> {
                Cursor v = lengthPrefixed(in, "soft link value");
                String target = new String(v.bytes(v.remaining()), StandardCharsets.UTF_8);
                return new LinkMessage(version, flags, linkType, creationOrder, charset, name, Cursor.UNDEFINED, target, 0, null, null, null);
            }
            case LINK_EXTERNAL -> {
                Cursor v = lengthPrefixed(in, "external link value");
                int externalFlags = v.u8();
                if (externalFlags >>> 4 != 0) throw v.error(0, "external link: unknown version " + (externalFlags >>> 4));
                String file = v.cString();
                String object = v.cString();
                return new LinkMessage(version, flags, linkType, creationOrder, charset, name, Cursor.UNDEFINED, null,
                        externalFlags, file, object, null);
            }
            default -> {
                Cursor v = lengthPrefixed(in, "user-defined link data");
                return new LinkMessage(version, flags, linkType, creationOrder, charset, name, Cursor.UNDEFINED, null, 0, null,
                        null, v.bytes(v.remaining()));
            }
        }
    }

    private static Cursor lengthPrefixed(Cursor in, String what) {
        int at = in.position();
        int n = in.u16();
        if (n > in.remaining()) throw in.error(at, "link message: " + what + " of " + n + " bytes, only " + in.remaining() + " left");
        return in.slice(n);
    }

    @Override
    public int type() {
        return TYPE;
    }

    public String name() {
        return name;
    }

    /** 0 hard, 1 soft, 64 external, 65-255 user-defined. */
    public int linkType() {
        return linkType;
    }

    public boolean isHard() {
        return linkType == LINK_HARD;
    }

    public boolean isSoft() {
        return linkType == LINK_SOFT;
    }

    public boolean isExternal() {
        return linkType == LINK_EXTERNAL;
    }

    /** The creation order index, or -1 when the group does not track creation order. */
    public long creationOrder() {
        return creationOrder;
    }

    /** 0 ASCII, 1 UTF-8. */
    public int nameCharset() {
        return charset;
    }

    /** The object header address of a hard link. */
    public long address() {
        if (!isHard()) throw new IllegalStateException("link \"" + name + "\" is not a hard link");
        return address;
    }

    public String softLinkValue() {
        if (!isSoft()) throw new IllegalStateException("link \"" + name + "\" is not a soft link");
        return softLinkValue;
    }

    public String externalFile() {
        if (!isExternal()) throw new IllegalStateException("link \"" + name + "\" is not an external link");
        return externalFile;
    }

    /** The external link's version (upper 4 bits, 0) and flags (lower 4 bits, 0) byte. */
    public int externalFlags() {
        if (!isExternal()) throw new IllegalStateException("link \"" + name + "\" is not an external link");
        return externalFlags;
    }

    public String externalObject() {
        if (!isExternal()) throw new IllegalStateException("link \"" + name + "\" is not an external link");
        return externalObject;
    }

    /** The data of a user-defined link type. */
    public byte[] userData() {
        if (userData == null) throw new IllegalStateException("link \"" + name + "\" is not a user-defined link");
        return userData.clone();
    }

    @Override
    public void encode(Cursor out) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        out.putU8(version);
        out.putU8(flags);
        if ((flags & FLAG_LINK_TYPE) != 0) out.putU8(linkType);
        if ((flags & FLAG_CREATION_ORDER) != 0) out.putU64(creationOrder);
        if ((flags & FLAG_CHARSET) != 0) out.putU8(charset);
        out.putUint(n.length, 1 << (flags & 0x03));
        out.putBytes(n);
        switch (linkType) {
            case LINK_HARD -> out.putAddress(address);
            case LINK_SOFT -> {
                byte[] v = softLinkValue.getBytes(StandardCharsets.UTF_8);
                out.putU16(v.length);
                out.putBytes(v);
            }
            case LINK_EXTERNAL -> {
                out.putU16(externalValueSize());
                out.putU8(externalFlags);
                out.putCString(externalFile);
                out.putCString(externalObject);
            }
            default -> {
                out.putU16(userData.length);
                out.putBytes(userData);
            }
        }
    }

    private int externalValueSize() {
        return 1 + externalFile.getBytes(StandardCharsets.UTF_8).length + 1 + externalObject.getBytes(StandardCharsets.UTF_8).length + 1;
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        int n = 2 + ((flags & FLAG_LINK_TYPE) != 0 ? 1 : 0) + ((flags & FLAG_CREATION_ORDER) != 0 ? 8 : 0)
                + ((flags & FLAG_CHARSET) != 0 ? 1 : 0) + (1 << (flags & 0x03)) + name.getBytes(StandardCharsets.UTF_8).length;
        return n + switch (linkType) {
            case LINK_HARD -> offsetSize;
            case LINK_SOFT -> 2 + softLinkValue.getBytes(StandardCharsets.UTF_8).length;
            case LINK_EXTERNAL -> 2 + externalValueSize();
            default -> 2 + userData.length;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkMessage l && l.version == version && l.flags == flags && l.linkType == linkType
                && l.creationOrder == creationOrder && l.charset == charset && l.name.equals(name) && l.address == address
                && Objects.equals(l.softLinkValue, softLinkValue) && l.externalFlags == externalFlags
                && Objects.equals(l.externalFile, externalFile) && Objects.equals(l.externalObject, externalObject)
                && Arrays.equals(l.userData, userData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, linkType, address, softLinkValue, externalFile, externalObject);
    }

    @Override
    public String toString() {
        String target = switch (linkType) {
            case LINK_HARD -> "hard -> " + address;
            case LINK_SOFT -> "soft -> " + softLinkValue;
            case LINK_EXTERNAL -> "external -> " + externalFile + ":" + externalObject;
            default -> "user-defined type " + linkType + " (" + userData.length + " bytes)";
        };
        return "LinkMessage[\"" + name + "\" " + target + (creationOrder >= 0 ? " order " + creationOrder : "") + "]";
    }
}
