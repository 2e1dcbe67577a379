package org.h5vds.storage;

import java.util.Arrays;

/** A chunk's scaled coordinates as a map key. */
record ChunkKey(long[] scaled) {
    ChunkKey {
        scaled = scaled.clone();
    }

    @Override
    public long[] scaled() {
        return scaled.clone();
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
        return Arrays.hashCode(scaled);
    }

    @Override
    public String toString() {
        return Arrays.toString(scaled);
    }
}
