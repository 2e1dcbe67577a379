package org.h5vds.storage;

import java.util.Arrays;

/** A chunk's scaled coordinates as a map key. */
record ChunkKey(long[] scaled) {
    ChunkKey {
        scaled = Arrays.copyOf(scaled, scaled.length);
    }

    @Override
    public long[] scaled() {
        return Arrays.copyOf(scaled, scaled.length);
    }

    long at(int axis) {
        return scaled[axis];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkKey k && Arrays.equals(k.scaled, scaled);
    }

    @Override
    public int hashCode() {
        // the first coordinate in the low bits as it is: the chunks of an append differ there
        // only, and get slots of their own. Arrays.hashCode gave [i, 0, 0] the hash 961 * (31 + i),
        // which the maps' spreading of high bits into low ones crowds into shared slots (12 keys in
        // one of a 1024-slot table's bins for a thousand frames)
        int h = 0;
        for (int d = scaled.length - 1; d >= 0; d--) h = h * 0x9E3779B9 + Long.hashCode(scaled[d]);
        return h;
    }

    @Override
    public String toString() {
        return Arrays.toString(scaled);
    }
}
