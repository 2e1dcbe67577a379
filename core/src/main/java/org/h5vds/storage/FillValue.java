package org.h5vds.storage;

import java.util.Arrays;
import org.h5vds.select.Selection;

/**
 * The value that elements never written read as: the dataset's fill value in its stored type, or
 * zeros when the file defines none (libhdf5's default).
 */
public final class FillValue {
    private final byte[] stored; // one element in the stored type, or null for zeros
    private final int elementSize;

    private FillValue(byte[] stored, int elementSize) {
        this.stored = stored;
        this.elementSize = elementSize;
    }

    /**
     * Zeros. Nothing is allocated for them: the element size comes off the file and may be huge
     * (a corrupt datatype), while filling with zeros needs no element to copy.
     */
    public static FillValue zeros(int elementSize) {
        if (elementSize < 1) throw new IllegalArgumentException("element size must be positive: " + elementSize);
        return new FillValue(null, elementSize);
    }

    /** @param stored one element in the stored type, or null for zeros */
    public static FillValue of(byte[] stored, int elementSize) {
        if (stored == null) return zeros(elementSize);
        if (stored.length != elementSize) {
            throw new IllegalArgumentException("fill value of " + stored.length + " bytes for elements of " + elementSize);
        }
        return new FillValue(stored.clone(), elementSize);
    }

    public byte[] bytes() {
        return stored == null ? new byte[elementSize] : stored.clone();
    }

    public boolean isZero() {
        if (stored == null) return true;
        for (byte b : stored) if (b != 0) return false;
        return true;
    }

    /** Writes the fill value, converted, at every position of {@code positions} in the target. */
    public void fill(Selection positions, ReadTarget target, ElementConverter converter) {
        int n = converter.targetSize();
        byte[] one = new byte[n];
        boolean zero = true;
        if (stored != null) {
            converter.convert(stored, 0, one, 0, 1);
            for (byte b : one) zero &= b == 0;
        }
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
