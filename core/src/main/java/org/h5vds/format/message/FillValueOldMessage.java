package org.h5vds.format.message;

import java.util.Arrays;
import org.h5vds.io.Cursor;

/**
 * The Fill Value (old) message (IV.A.2.e, type 0x0004): a user-defined fill value, written by
 * libhdf5 beside the new message for readers older than 1.6.
 */
public final class FillValueOldMessage implements Message {
    public static final int TYPE = 0x0004;

    private final byte[] fillValue;

    public FillValueOldMessage(byte[] fillValue) {
        this.fillValue = fillValue.clone();
    }

    public static FillValueOldMessage decode(Cursor in) {
        int size = in.uintAsInt(4, "old fill value size");
        if (size > in.remaining()) throw in.error(in.position() - 4, "old fill value message: fill value of " + size + " bytes, only " + in.remaining() + " left");
        return new FillValueOldMessage(in.bytes(size));
    }

    /** The fill value bytes, interpreted with the dataset's datatype; empty when none. */
    public byte[] fillValue() {
        return fillValue.clone();
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        out.putU32(fillValue.length);
        out.putBytes(fillValue);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return 4 + fillValue.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FillValueOldMessage f && Arrays.equals(f.fillValue, fillValue);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fillValue);
    }

    @Override
    public String toString() {
        return "FillValueOldMessage" + Arrays.toString(fillValue);
    }
}
