package org.h5vds.storage;

import org.h5vds.select.SelectionPair;

/** Reads a compact dataset, whose few bytes live inside its object header. */
public final class CompactReader implements LayoutReader {
    private final byte[] raw;
    private final long[] dims;
    private final int elementSize;

    public CompactReader(byte[] raw, long[] dims, int elementSize, String fileName, long headerAddress) {
        long need = elementSize;
        for (long d : dims) need = Math.multiplyExact(need, d);
        if (raw.length < need) {
            throw new org.h5vds.io.H5FormatException(fileName, headerAddress,
                    "compact data holds " + raw.length + " bytes, the dataset needs " + need);
        }
        this.raw = raw;
        this.dims = dims.clone();
        this.elementSize = elementSize;
    }

    @Override
    public void read(SelectionPair pair, ReadTarget target, ElementConverter converter) {
        byte[] out = target.data();
        pair.forEachRun((aStart, bStart, length) -> {
            long e = 0;
            for (int i = 0; i < dims.length; i++) e = e * dims[i] + aStart[i];
            converter.convert(raw, Math.toIntExact(e * elementSize), out, target.byteOffset(bStart), Math.toIntExact(length));
        });
    }
}
