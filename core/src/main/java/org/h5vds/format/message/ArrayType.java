package org.h5vds.format.message;

import java.util.Arrays;
import org.h5vds.io.Cursor;

/**
 * Datatype class 10, arrays (IV.A.2.d): the rank, the dimensions (and, in version 2, a
 * permutation libhdf5 never used), then the base type. An element holds the base elements of the
 * dimensions in C order, so its size is their product times the base's size.
 */
public record ArrayType(int version, int size, long[] dims, long[] permutation, Datatype base) implements Datatype {
    public ArrayType {
        dims = dims.clone();
        permutation = permutation == null ? null : permutation.clone();
        if (dims.length == 0 || dims.length > Dataspace.MAX_RANK) throw new IllegalArgumentException("array rank " + dims.length + " outside 1.." + Dataspace.MAX_RANK);
        if ((version < 3) != (permutation != null)) throw new IllegalArgumentException("version " + version + " array " + (permutation == null ? "needs" : "has no") + " permutation");
        if ((long) elementCount(dims) * base.size() != size) {
            throw new IllegalArgumentException("array of " + Arrays.toString(dims) + " elements of " + base.size() + " bytes stated as " + size + " bytes");
        }
    }

    /** A version 3 array of {@code dims} elements of {@code base}. */
    public static ArrayType of(Datatype base, long... dims) {
        long n = elementCount(dims);
        long bytes = n * base.size();
        if (n < 1 || bytes > Integer.MAX_VALUE) throw new IllegalArgumentException("an array type of " + Arrays.toString(dims) + " elements of " + base.size() + " bytes");
        return new ArrayType(3, (int) bytes, dims, null, base);
    }

    /** The product of {@code dims}, or -1 beyond 2^31. */
    private static long elementCount(long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 1 || d > Integer.MAX_VALUE) return -1;
            n *= d;
            if (n > Integer.MAX_VALUE) return -1;
        }
        return n;
    }

    static ArrayType decode(Cursor in, Header h, int depth) {
        int rankAt = in.position();
        int rank = in.u8();
        if (rank == 0 || rank > Dataspace.MAX_RANK) throw in.error(rankAt, "array datatype: rank " + rank + " outside 1.." + Dataspace.MAX_RANK);
        int version = h.version();
        if (version < 3) in.skip(3);
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) dims[i] = in.u32();
        long[] perm = null;
        if (version < 3) {
            perm = new long[rank];
            for (int i = 0; i < rank; i++) perm[i] = in.u32();
        }
        Datatype base = Datatype.decode(in, depth + 1);
        try {
            return new ArrayType(version, h.size(), dims, perm, base);
        } catch (IllegalArgumentException e) {
            throw in.error(h.at(), "array datatype: " + e.getMessage());
        }
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** Version 2's (unused) permutation indices, or null for version 3 and later. */
    @Override
    public long[] permutation() {
        return permutation == null ? null : permutation.clone();
    }

    /** The number of base elements in one array element. */
    public int elementCount() {
        return (int) elementCount(dims);
    }

    @Override
    public boolean pointsIntoFile() {
        return base.pointsIntoFile();
    }

    @Override
    public TypeClass typeClass() {
        return TypeClass.ARRAY;
    }

    @Override
    public int classBits() {
        return 0;
    }

    @Override
    public void encodeProperties(Cursor out) {
        out.putU8(dims.length);
        if (version < 3) out.putZeros(3);
        for (long d : dims) out.putU32(d);
        if (version < 3) for (long p : permutation) out.putU32(p);
        base.encode(out);
    }

    @Override
    public int propertiesSize() {
        return 1 + (version < 3 ? 3 + 8 * dims.length : 4 * dims.length) + base.encodedSize();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArrayType a && a.version == version && a.size == size && Arrays.equals(a.dims, dims)
                && Arrays.equals(a.permutation, permutation) && a.base.equals(base);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims) * 31 + base.hashCode();
    }

    @Override
    public String toString() {
        return "ArrayType[" + Arrays.toString(dims) + " of " + base + "]";
    }
}
