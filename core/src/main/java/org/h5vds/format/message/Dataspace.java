package org.h5vds.format.message;

import java.util.Arrays;
import org.h5vds.io.Cursor;

/**
 * The Dataspace message (IV.A.2.b, type 0x0001): the rank and the current and maximum size of each
 * dimension of a dataset or attribute. Version 1 may carry (never used) permutation indices;
 * version 2 adds an explicit null dataspace.
 *
 * <p>An unlimited maximum size (all bits set on disk, whatever the size of lengths) is exposed as
 * {@link #UNLIMITED}.
 */
public final class Dataspace implements Message {
    public static final int TYPE = 0x0001;
    /** An unlimited maximum dimension size. */
    public static final long UNLIMITED = -1L;
    /** libhdf5's H5S_MAX_RANK. */
    public static final int MAX_RANK = 32;

    /** The dataspace type; the ordinals are version 2's "Type" values. */
    public enum Kind {
        SCALAR, SIMPLE, NULL
    }

    private static final int FLAG_MAX_DIMS = 0x01;
    private static final int FLAG_PERMUTATION = 0x02;

    private final int version;
    private final Kind kind;
    private final long[] dims;
    private final long[] maxDims;
    private final long[] permutation;

    private Dataspace(int version, Kind kind, long[] dims, long[] maxDims, long[] permutation) {
        this.version = version;
        this.kind = kind;
        this.dims = dims;
        this.maxDims = maxDims;
        this.permutation = permutation;
    }

    /** A version 2 simple dataspace; {@code maxDims} may be null (then the maximum is the current size). */
    public static Dataspace simple(long[] dims, long[] maxDims) {
        if (dims.length == 0 || dims.length > MAX_RANK) throw new IllegalArgumentException("rank " + dims.length + " outside 1.." + MAX_RANK);
        if (maxDims != null && maxDims.length != dims.length) throw new IllegalArgumentException("max dims rank differs from dims rank");
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) throw new IllegalArgumentException("dimension " + i + " is negative: " + dims[i]);
            if (maxDims != null && maxDims[i] != UNLIMITED && (maxDims[i] < dims[i]))
                throw new IllegalArgumentException("dimension " + i + ": size " + dims[i] + " exceeds maximum " + maxDims[i]);
        }
        if (count(dims) < 0) throw new IllegalArgumentException("the dimensions " + Arrays.toString(dims) + " hold more than 2^63 elements");
        return new Dataspace(2, Kind.SIMPLE, dims.clone(), maxDims == null ? null : maxDims.clone(), null);
    }

    public static Dataspace scalar() {
        return new Dataspace(2, Kind.SCALAR, new long[0], null, null);
    }

    public static Dataspace nullSpace() {
        return new Dataspace(2, Kind.NULL, new long[0], null, null);
    }

    /** This simple dataspace with another current extent, encoded as it was (version, maximum dimensions). */
    public Dataspace withDims(long[] newDims) {
        if (kind != Kind.SIMPLE) throw new IllegalStateException("a " + kind + " dataspace has no extent to change");
        if (newDims.length != dims.length) throw new IllegalArgumentException("rank " + newDims.length + " for a dataspace of rank " + dims.length);
        if (maxDims != null) {
            for (int i = 0; i < newDims.length; i++) {
                if (newDims[i] < 0 || (maxDims[i] != UNLIMITED && newDims[i] > maxDims[i])) {
                    throw new IllegalArgumentException("dimension " + i + ": size " + newDims[i] + " outside 0.." + maxDims[i]);
                }
            }
        }
        return new Dataspace(version, kind, newDims.clone(), maxDims == null ? null : maxDims.clone(), permutation == null ? null : permutation.clone());
    }

    public static Dataspace decode(Cursor in) {
        int version = in.version(in.u8(), "dataspace message", 1, 2);
        int rankAt = in.position();
        int rank = in.u8();
        int flags = in.u8();
        Kind kind;
        if (version == 1) {
            kind = rank > 0 ? Kind.SIMPLE : Kind.SCALAR;
            in.skip(1 + 4);
        } else {
            int typeAt = in.position();
            int t = in.u8();
            if (t > 2) throw in.error(typeAt, "dataspace message: unknown dataspace type " + t + " (expected 0 scalar, 1 simple, 2 null)");
            kind = Kind.values()[t];
            if (kind != Kind.SIMPLE && rank != 0) throw in.error(rankAt, "dataspace message: a " + kind + " dataspace has rank " + rank);
        }
        if (rank > MAX_RANK) throw in.error(rankAt, "dataspace message: rank " + rank + " exceeds the maximum of " + MAX_RANK);
        if (kind == Kind.SIMPLE && rank == 0) throw in.error(rankAt, "dataspace message: a simple dataspace has rank 0");
        long[] dims = new long[rank];
        int dimsAt = in.position();
        for (int i = 0; i < rank; i++) {
            dims[i] = in.length();
            if (dims[i] < 0 || Cursor.isAllOnes(dims[i], in.lengthSize())) {
                throw in.error(dimsAt + i * in.lengthSize(), "dataspace message: dimension " + i + " has size "
                        + Long.toUnsignedString(dims[i]) + ", which is not a valid current size");
            }
        }
        long[] maxDims = null;
        if ((flags & FLAG_MAX_DIMS) != 0) {
            maxDims = new long[rank];
            int maxAt = in.position();
            for (int i = 0; i < rank; i++) {
                long m = in.length();
                maxDims[i] = Cursor.isAllOnes(m, in.lengthSize()) ? UNLIMITED : m;
                if (maxDims[i] != UNLIMITED && (maxDims[i] < 0 || maxDims[i] < dims[i])) {
                    throw in.error(maxAt + i * in.lengthSize(), "dataspace message: dimension " + i + " has size " + dims[i]
                            + " above its maximum " + Long.toUnsignedString(maxDims[i]));
                }
            }
        }
        long[] permutation = null;
        if (version == 1 && (flags & FLAG_PERMUTATION) != 0) {
            permutation = new long[rank];
            for (int i = 0; i < rank; i++) permutation[i] = in.length();
        }
        if (count(dims) < 0) {
            throw in.error(dimsAt, "dataspace message: the dimensions " + Arrays.toString(dims) + " hold more than 2^63 elements");
        }
        return new Dataspace(version, kind, dims, maxDims, permutation);
    }

    @Override
    public int type() {
        return TYPE;
    }

    public int version() {
        return version;
    }

    public Kind kind() {
        return kind;
    }

    public int rank() {
        return dims.length;
    }

    public long[] dims() {
        return java.util.Arrays.copyOf(dims, dims.length); // not clone(): asked at every read, often in C1 code, where clone calls into the VM
    }

    public long dim(int i) {
        return dims[i];
    }

    /** Whether maximum sizes are stored (otherwise they equal the current sizes). */
    public boolean hasMaxDims() {
        return maxDims != null;
    }

    /** The maximum sizes, {@link #UNLIMITED} for unlimited dimensions. */
    public long[] maxDims() {
        long[] m = maxDims == null ? dims : maxDims;
        return java.util.Arrays.copyOf(m, m.length);
    }

    /** Version 1's permutation indices, or null when not stored. */
    public long[] permutation() {
        return permutation == null ? null : permutation.clone();
    }

    /** The number of elements: 1 for a scalar, 0 for a null dataspace. */
    public long elementCount() {
        return kind == Kind.NULL ? 0 : count(dims);
    }

    /** The product of {@code dims}, or -1 if it exceeds a long; any zero dimension makes it 0. */
    private static long count(long[] dims) {
        for (long d : dims) if (d == 0) return 0;
        long n = 1;
        for (long d : dims) {
            if (n > Long.MAX_VALUE / d) return -1;
            n *= d;
        }
        return n;
    }

    @Override
    public void encode(Cursor out) {
        int flags = (maxDims != null ? FLAG_MAX_DIMS : 0) | (permutation != null ? FLAG_PERMUTATION : 0);
        out.putU8(version);
        out.putU8(dims.length);
        out.putU8(flags);
        if (version == 1) {
            out.putZeros(1 + 4);
        } else {
            out.putU8(kind.ordinal());
        }
        for (long d : dims) out.putLength(d);
        if (maxDims != null) for (long m : maxDims) out.putLength(m);
        if (permutation != null) for (long p : permutation) out.putLength(p);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        int arrays = 1 + (maxDims != null ? 1 : 0) + (permutation != null ? 1 : 0);
        return (version == 1 ? 8 : 4) + arrays * dims.length * lengthSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataspace d && d.version == version && d.kind == kind && Arrays.equals(d.dims, dims)
                && Arrays.equals(d.maxDims, maxDims) && Arrays.equals(d.permutation, permutation);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims) * 31 + kind.hashCode();
    }

    @Override
    public String toString() {
        return "Dataspace[v" + version + " " + kind + " " + Arrays.toString(dims)
                + (maxDims != null ? " max " + Arrays.toString(maxDims) : "") + "]";
    }
}
