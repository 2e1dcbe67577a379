package org.h5vds.filter;

import java.util.Random;

/** Test data: whole datasets as little-endian bytes, and the chunks cut from them with zero padding. */
final class ChunkData {
    private ChunkData() {
    }

    /** Compressible but not trivial: a slow ramp plus small noise, each element little-endian. */
    static byte[] smooth(int elements, int itemSize, long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[elements * itemSize];
        for (int i = 0; i < elements; i++) {
            long v = i / 7 + r.nextInt(40);
            for (int k = 0; k < itemSize; k++) b[i * itemSize + k] = (byte) (v >>> (8 * k));
        }
        return b;
    }

    static byte[] noise(int elements, int itemSize, long seed) {
        byte[] b = new byte[elements * itemSize];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The chunk of a row-major dataset starting at element {@code origin}, padded with zeros past the edges. */
    static byte[] chunk(byte[] data, long[] shape, long[] chunkDims, long[] origin, int itemSize) {
        int rank = shape.length;
        int chunkElements = 1;
        for (long c : chunkDims) chunkElements *= (int) c;
        byte[] out = new byte[chunkElements * itemSize];
        long[] idx = new long[rank];
        for (int e = 0; e < chunkElements; e++) {
            int rem = e;
            boolean inside = true;
            long src = 0;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d] = rem % chunkDims[d];
                rem /= (int) chunkDims[d];
            }
            for (int d = 0; d < rank; d++) {
                long pos = origin[d] + idx[d];
                if (pos >= shape[d]) inside = false;
                src = src * shape[d] + pos;
            }
            if (inside) System.arraycopy(data, (int) src * itemSize, out, e * itemSize, itemSize);
        }
        return out;
    }
}
