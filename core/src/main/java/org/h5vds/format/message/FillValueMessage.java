package org.h5vds.format.message;

import java.util.Arrays;
import org.h5vds.io.Cursor;

/**
 * The Fill Value message (IV.A.2.f, type 0x0005): when a dataset's storage is allocated, whether
 * the fill value is written, and the fill value itself if the user defined one. Versions 1 and 2
 * store the allocation time, write time and "defined" indicator in a byte each; version 3 packs
 * them in one flags byte.
 *
 * <p>The {@link State} follows libhdf5 (H5O__fill_new_decode, H5P_is_fill_value_defined): a stored
 * value of one or more bytes is user-defined; an explicitly undefined fill value (versions 1 and
 * 2's "defined" = 0, a stored size of -1, version 3's bit 4) is undefined; anything else means the
 * library default (all zero bytes). Versions 1 and 2 store the size as a signed number: old
 * writers (libhdf5 1.6 under PyTables) store -1 in a version 1 message whose value is undefined.
 */
public final class FillValueMessage implements Message {
    public static final int TYPE = 0x0005;

    public static final int ALLOC_TIME_EARLY = 1;
    public static final int ALLOC_TIME_LATE = 2;
    public static final int ALLOC_TIME_INCREMENTAL = 3;
    public static final int FILL_TIME_ON_ALLOCATION = 0;
    public static final int FILL_TIME_NEVER = 1;
    public static final int FILL_TIME_IF_SET = 2;

    private static final int V3_FLAG_UNDEFINED = 0x10;
    private static final int V3_FLAG_HAVE_VALUE = 0x20;

    public enum State {
        UNDEFINED, DEFAULT, USER_DEFINED
    }

    private final int version;
    private final int spaceAllocationTime;
    private final int fillValueWriteTime;
    /** Versions 1-2: the "Fill Value Defined" byte; version 3: the flags' bits 4-5 (0x10 undefined, 0x20 defined). */
    private final int defined;
    /** The stored value, or null when no size field is stored or the size is -1. */
    private final byte[] value;
    /** Whether a version 1 or 2 message stores the size -1 (libhdf5's "undefined"). */
    private final boolean sizeMinusOne;

    private FillValueMessage(int version, int spaceAllocationTime, int fillValueWriteTime, int defined, byte[] value) {
        this(version, spaceAllocationTime, fillValueWriteTime, defined, value, false);
    }

    private FillValueMessage(int version, int spaceAllocationTime, int fillValueWriteTime, int defined, byte[] value, boolean sizeMinusOne) {
        this.version = version;
        this.spaceAllocationTime = spaceAllocationTime;
        this.fillValueWriteTime = fillValueWriteTime;
        this.defined = defined;
        this.value = value;
        this.sizeMinusOne = sizeMinusOne;
    }

    /** A version 3 message with the library default fill value. */
    public static FillValueMessage defaultValue(int allocationTime, int writeTime) {
        return new FillValueMessage(3, allocationTime, writeTime, 0, null);
    }

    /** A version 3 message with a user-defined fill value. */
    public static FillValueMessage userDefined(int allocationTime, int writeTime, byte[] value) {
        return new FillValueMessage(3, allocationTime, writeTime, V3_FLAG_HAVE_VALUE, value.clone());
    }

    /** A version 3 message whose fill value is explicitly undefined. */
    public static FillValueMessage undefined(int allocationTime, int writeTime) {
        return new FillValueMessage(3, allocationTime, writeTime, V3_FLAG_UNDEFINED, null);
    }

    public static FillValueMessage decode(Cursor in) {
        int version = in.version(in.u8(), "fill value message", 1, 2, 3);
        int allocation;
        int write;
        int defined;
        boolean sizeStored;
        // versions 1-2: the size field read ahead, a signed number whose -1 means undefined; NO_SIZE
        // when fewer than 4 bytes remain
        long size = NO_SIZE;
        if (version < 3) {
            allocation = in.u8();
            write = in.u8();
            defined = in.u8();
            if (in.remaining() >= 4) {
                int at = in.position();
                size = in.u32();
                in.position(at);
            }
            // the spec stores version 1's size always; libhdf5 reads it only when defined, so an
            // unreadable one of an undefined value is left unread
            sizeStored = defined != 0 || version == 1 && (size == MINUS_ONE || size != NO_SIZE && size <= in.remaining() - 4);
        } else {
            int flagsAt = in.position();
            int flags = in.u8();
            if ((flags & ~0x3F) != 0) throw in.error(flagsAt, "fill value message: reserved flag bits set in 0x" + Integer.toHexString(flags));
            allocation = flags & 0x03;
            write = (flags >>> 2) & 0x03;
            defined = flags & (V3_FLAG_UNDEFINED | V3_FLAG_HAVE_VALUE);
            if (defined == (V3_FLAG_UNDEFINED | V3_FLAG_HAVE_VALUE)) throw in.error(flagsAt, "fill value message: fill value both undefined and defined");
            sizeStored = (defined & V3_FLAG_HAVE_VALUE) != 0;
        }
        if (allocation > 3) throw in.error("fill value message: unknown space allocation time " + allocation);
        if (write > 2) throw in.error("fill value message: unknown fill value write time " + write);
        byte[] value = null;
        boolean sizeMinusOne = false;
        if (sizeStored) {
            int sizeAt = in.position();
            if (size == MINUS_ONE) {
                in.u32();
                sizeMinusOne = true;
            } else {
                int n = in.uintAsInt(4, "fill value size");
                if (n > in.remaining()) throw in.error(sizeAt, "fill value message: fill value of " + n + " bytes, only " + in.remaining() + " left");
                value = in.bytes(n);
            }
        }
        return new FillValueMessage(version, allocation, write, defined, value, sizeMinusOne);
    }

    /** A version 1 or 2 size field of -1, read unsigned. */
    private static final long MINUS_ONE = 0xFFFFFFFFL;
    /** No size field could be read ahead (fewer than 4 bytes left, or version 3). */
    private static final long NO_SIZE = -1;

    @Override
    public int type() {
        return TYPE;
    }

    public int version() {
        return version;
    }

    /** 1 early, 2 late, 3 incremental (0 is "not used"). */
    public int spaceAllocationTime() {
        return spaceAllocationTime;
    }

    /** 0 on allocation, 1 never, 2 if set by the user. */
    public int fillValueWriteTime() {
        return fillValueWriteTime;
    }

    public State state() {
        if (version < 3 && (defined == 0 || sizeMinusOne)) return State.UNDEFINED;
        if (value != null && value.length > 0) return State.USER_DEFINED;
        if (version == 3 && (defined & V3_FLAG_UNDEFINED) != 0) return State.UNDEFINED;
        return State.DEFAULT;
    }

    /** The user-defined fill value bytes (in the dataset's datatype), or null unless {@link State#USER_DEFINED}. */
    public byte[] value() {
        return state() == State.USER_DEFINED ? value.clone() : null;
    }

    @Override
    public void encode(Cursor out) {
        out.putU8(version);
        if (version < 3) {
            out.putU8(spaceAllocationTime);
            out.putU8(fillValueWriteTime);
            out.putU8(defined);
        } else {
            out.putU8(spaceAllocationTime | fillValueWriteTime << 2 | defined);
        }
        if (sizeMinusOne) {
            out.putU32(0xFFFFFFFFL);
        } else if (value != null) {
            out.putU32(value.length);
            out.putBytes(value);
        }
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return (version < 3 ? 4 : 2) + (sizeMinusOne ? 4 : value != null ? 4 + value.length : 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FillValueMessage f && f.version == version && f.spaceAllocationTime == spaceAllocationTime
                && f.fillValueWriteTime == fillValueWriteTime && f.defined == defined && f.sizeMinusOne == sizeMinusOne
                && Arrays.equals(f.value, value);
    }

    @Override
    public int hashCode() {
        return ((version * 31 + spaceAllocationTime) * 31 + fillValueWriteTime) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "FillValueMessage[v" + version + " alloc " + spaceAllocationTime + " write " + fillValueWriteTime + " " + state()
                + (state() == State.USER_DEFINED ? " " + Arrays.toString(value) : "") + "]";
    }
}
