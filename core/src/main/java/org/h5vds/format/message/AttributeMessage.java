package org.h5vds.format.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * The Attribute message (IV.A.2.m, type 0x000C): a named, small dataset attached to an object:
 * name, datatype, dataspace and raw value bytes.
 *
 * <p>Version 1 pads the name, datatype and dataspace fields to multiples of 8 bytes; versions 2
 * and 3 pack them and may replace the datatype or dataspace by a shared message encoding (flags
 * bits 0 and 1); version 3 adds the name's character set. When a part is shared, its element
 * size is unknown until {@link #resolve} fetches it, so until then {@link #data()} holds every
 * byte after the dataspace.
 */
public final class AttributeMessage implements Message {
    public static final int TYPE = 0x000C;
    public static final int FLAG_DATATYPE_SHARED = 0x01;
    public static final int FLAG_DATASPACE_SHARED = 0x02;

    private final int version;
    private final int flags;
    private final String name;
    private final int nameCharset;
    private final Datatype datatype;
    private final SharedMessage sharedDatatype;
    private final Dataspace dataspace;
    private final SharedMessage sharedDataspace;
    private final byte[] data;
    private final String file;
    private final long dataAddress;

    private AttributeMessage(int version, int flags, String name, int nameCharset, Datatype datatype, SharedMessage sharedDatatype,
                             Dataspace dataspace, SharedMessage sharedDataspace, byte[] data, String file, long dataAddress) {
        this.version = version;
        this.flags = flags;
        this.name = name;
        this.nameCharset = nameCharset;
        this.datatype = datatype;
        this.sharedDatatype = sharedDatatype;
        this.dataspace = dataspace;
        this.sharedDataspace = sharedDataspace;
        this.data = data;
        this.file = file;
        this.dataAddress = dataAddress;
    }

    /** A version 3 attribute with inline datatype and dataspace, as libhdf5 writes for new files. */
    public static AttributeMessage of(String name, int nameCharset, Datatype datatype, Dataspace dataspace, byte[] data) {
        long n = dataBytes(datatype, dataspace);
        if (n != data.length) throw new IllegalArgumentException("attribute \"" + name + "\" needs " + n + " bytes of data, got " + data.length);
        return new AttributeMessage(3, 0, name, nameCharset, datatype, null, dataspace, null, data.clone(), null, Cursor.UNDEFINED);
    }

    public static AttributeMessage decode(Cursor in) {
        int version = in.version(in.u8(), "attribute message", 1, 2, 3);
        int flagsAt = in.position();
        int flags = in.u8();
        if (version == 1) flags = 0;
        else if ((flags & ~0x03) != 0) throw in.error(flagsAt, "attribute message: unknown flags 0x" + Integer.toHexString(flags));
        int nameSize = in.u16();
        int datatypeSize = in.u16();
        int dataspaceSize = in.u16();
        int charset = 0;
        if (version == 3) {
            charset = in.u8();
            if (charset > 1) throw in.error(in.position() - 1, "attribute message: unknown name character set " + charset);
        }
        if (nameSize == 0) throw in.error(flagsAt + 1, "attribute message: name size is 0 (it includes the NUL terminator)");
        String name = part(in, nameSize, version, "name").fixedString(nameSize);
        Cursor dt = part(in, datatypeSize, version, "datatype");
        Datatype datatype = null;
        SharedMessage sharedDatatype = null;
        if ((flags & FLAG_DATATYPE_SHARED) != 0) sharedDatatype = SharedMessage.decode(Datatype.TYPE, dt);
        else datatype = Datatype.decode(dt);
        Cursor ds = part(in, dataspaceSize, version, "dataspace");
        Dataspace dataspace = null;
        SharedMessage sharedDataspace = null;
        if ((flags & FLAG_DATASPACE_SHARED) != 0) sharedDataspace = SharedMessage.decode(Dataspace.TYPE, ds);
        else dataspace = Dataspace.decode(ds);
        long dataAddress = in.address0();
        byte[] data;
        if (datatype != null && dataspace != null) {
            long n = dataBytes(datatype, dataspace);
            if (n > in.remaining()) {
                throw in.error("attribute \"" + name + "\": " + dataspace.elementCount() + " elements of " + datatype.size()
                        + " bytes need " + n + " bytes, the message has " + in.remaining() + " left");
            }
            data = in.bytes((int) n);
        } else {
            data = in.bytes(in.remaining());
        }
        return new AttributeMessage(version, flags, name, charset, datatype, sharedDatatype, dataspace, sharedDataspace, data,
                in.file(), dataAddress);
    }

    /** The next field of {@code size} bytes; version 1 fields are padded to a multiple of 8. */
    private static Cursor part(Cursor in, int size, int version, String what) {
        int stored = version == 1 ? (size + 7) / 8 * 8 : size;
        if (stored > in.remaining()) throw in.error("attribute message: " + what + " of " + stored + " bytes, only " + in.remaining() + " left");
        return in.slice(stored);
    }

    private static long dataBytes(Datatype datatype, Dataspace dataspace) {
        long count = dataspace.elementCount();
        if (count != 0 && datatype.size() > Long.MAX_VALUE / count) return Long.MAX_VALUE;
        return count * datatype.size();
    }

    /**
     * This attribute with shared datatype and dataspace replaced by the messages they refer to, and
     * the value cut to its exact size. The shared references are kept for re-encoding.
     */
    public AttributeMessage resolve(SharedMessageResolver resolver) {
        if (isResolved()) return this;
        Datatype t = datatype;
        if (t == null) {
            Message m = resolver.resolve(sharedDatatype);
            if (!(m instanceof Datatype d)) throw new H5FormatException(file, dataAddress, "attribute \"" + name + "\": shared datatype resolved to " + m);
            t = d;
        }
        Dataspace s = dataspace;
        if (s == null) {
            Message m = resolver.resolve(sharedDataspace);
            if (!(m instanceof Dataspace d)) throw new H5FormatException(file, dataAddress, "attribute \"" + name + "\": shared dataspace resolved to " + m);
            s = d;
        }
        long n = dataBytes(t, s);
        if (n > data.length) {
            throw new H5FormatException(file, dataAddress, "attribute \"" + name + "\": " + s.elementCount() + " elements of " + t.size()
                    + " bytes need " + n + " bytes, the message has " + data.length);
        }
        return new AttributeMessage(version, flags, name, nameCharset, t, sharedDatatype, s, sharedDataspace,
                Arrays.copyOf(data, (int) n), file, dataAddress);
    }

    /** Whether datatype and dataspace are known (not only referenced). */
    public boolean isResolved() {
        return datatype != null && dataspace != null;
    }

    @Override
    public int type() {
        return TYPE;
    }

    public int version() {
        return version;
    }

    public String name() {
        return name;
    }

    /** 0 ASCII, 1 UTF-8. */
    public int nameCharset() {
        return nameCharset;
    }

    /** The datatype, or null while it is an unresolved shared reference. */
    public Datatype datatype() {
        return datatype;
    }

    /** The reference to a shared (e.g. committed) datatype, or null when the datatype is stored inline. */
    public SharedMessage sharedDatatype() {
        return sharedDatatype;
    }

    /** The dataspace, or null while it is an unresolved shared reference. */
    public Dataspace dataspace() {
        return dataspace;
    }

    public SharedMessage sharedDataspace() {
        return sharedDataspace;
    }

    /** The raw value bytes, in the attribute's datatype. */
    public byte[] data() {
        return data.clone();
    }

    @Override
    public void encode(Cursor out) {
        byte[] nameBytes = nameBytes();
        byte[] dt = sharedDatatype != null ? sharedDatatype.toBytes(out.offsetSize(), out.lengthSize())
                : datatype.toBytes(out.offsetSize(), out.lengthSize());
        byte[] ds = sharedDataspace != null ? sharedDataspace.toBytes(out.offsetSize(), out.lengthSize())
                : dataspace.toBytes(out.offsetSize(), out.lengthSize());
        out.putU8(version);
        out.putU8(flags);
        out.putU16(nameBytes.length);
        out.putU16(dt.length);
        out.putU16(ds.length);
        if (version == 3) out.putU8(nameCharset);
        putPart(out, nameBytes);
        putPart(out, dt);
        putPart(out, ds);
        out.putBytes(data);
    }

    private void putPart(Cursor out, byte[] b) {
        out.putBytes(b);
        if (version == 1) out.putZeros((8 - b.length % 8) % 8);
    }

    private byte[] nameBytes() {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, b.length + 1);
    }

    private int partSize(int n) {
        return version == 1 ? (n + 7) / 8 * 8 : n;
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        int dt = sharedDatatype != null ? sharedDatatype.encodedSize(offsetSize, lengthSize) : datatype.encodedSize(offsetSize, lengthSize);
        int ds = sharedDataspace != null ? sharedDataspace.encodedSize(offsetSize, lengthSize) : dataspace.encodedSize(offsetSize, lengthSize);
        return 8 + (version == 3 ? 1 : 0) + partSize(nameBytes().length) + partSize(dt) + partSize(ds) + data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttributeMessage a && a.version == version && a.flags == flags && a.name.equals(name)
                && a.nameCharset == nameCharset && Objects.equals(a.datatype, datatype) && Objects.equals(a.sharedDatatype, sharedDatatype)
                && Objects.equals(a.dataspace, dataspace) && Objects.equals(a.sharedDataspace, sharedDataspace) && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, datatype, dataspace) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "AttributeMessage[v" + version + " \"" + name + "\" " + (datatype != null ? datatype : sharedDatatype) + " "
                + (dataspace != null ? dataspace : sharedDataspace) + " " + data.length + " bytes]";
    }
}
