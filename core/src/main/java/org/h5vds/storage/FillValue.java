package org.h5vds.storage;

import java.util.Arrays;
import org.h5vds.select.Selection;

/**
 * The value that elements never written read as: the dataset's fill value in its stored type, or
 * zeros when the file defines none (libhdf5's default).
 */
public final class FillValue {
    private final byte[] stored; // one element in the stored type, never null

    private FillValue(byte[] stored) {
        this.stored = stored;
    }

    public static FillValue zeros(int elementSize) {
        return new FillValue(new byte[elementSize]);
    }

    /** @param stored one element in the stored type, or null for zeros */
    public static FillValue of(byte[] stored, int elementSize) {
        if (stored == null) return zeros(elementSize);
        if (stored.length != elementSize) {
            throw new IllegalArgumentException("fill value of " + stored.length + " bytes for elements of " + elementSize);
        }
        return new FillValue(stored.clone());
    }

    public byte[] bytes() {
        return stored.clone();
    }

    public boolean isZero() {
        for (byte b : stored) if (b != 0) return false;
        return true;
    }

    /** Writes the fill value, converted, at every position of {@code positions} in the target. */
    public void fill(Selection positions, ReadTarget target, ElementConverter converter) {
        int n = converter.targetSize();
        byte[] one = new byte[n];
        converter.convert(stored, 0, one, 0, 1);
        boolean zero = true;
        for (byte b : one) zero &= b == 0;
        byte[] data = target.data();
        boolean zeroFill = zero;
        positions.forEachRun((start, length) -> {
            int off = target.byteOffset(start);
            int len = Math.toIntExact(length * n);
            if (zeroFill) {
                Arrays.fill(data, off, off + len, (byte) 0);
            } else {
                for (int p = off; p < off + len; p += n) System.arraycopy(one, 0, data, p, n);
            }
        });
    }
}
