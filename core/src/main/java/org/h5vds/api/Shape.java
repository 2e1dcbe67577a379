package org.h5vds.api;

import java.util.Arrays;

/**
 * The extent of a dataset or array: one non-negative length per axis, C order (last axis fastest).
 *
 * <p>A maximum shape may hold {@link #UNLIMITED} on axes that can grow without bound, as h5py's
 * {@code maxshape=(None, 100)}. {@code Shape.of()} is the shape of a scalar (rank 0, one element).
 * Instances are immutable.
 *
 * <pre>{@code
 * Shape.of(4, 100).toString();                   // "(4, 100)"
 * Shape.of(Shape.UNLIMITED, 512).toString();      // "(None, 512)"
 * Shape.of(3).toString();                        // "(3,)"
 * }</pre>
 */
public final class Shape {
    /** An axis length with no upper bound, allowed in maximum shapes (HDF5's H5S_UNLIMITED). */
    public static final long UNLIMITED = -1;

    /** The shape of a scalar: rank 0, one element. */
    public static final Shape SCALAR = new Shape(new long[0]);

    private final long[] dims;

    private Shape(long[] dims) {
        this.dims = dims;
    }

    /**
     * A shape with the given axis lengths (copied).
     *
     * @param dims the axis lengths; none for a scalar
     * @return the shape
     * @throws IllegalArgumentException if a length is negative other than {@link #UNLIMITED}
     */
    public static Shape of(long... dims) {
        long[] d = Arrays.copyOf(dims, dims.length);
        for (int i = 0; i < d.length; i++) {
            if (d[i] < 0 && d[i] != UNLIMITED) {
                throw new IllegalArgumentException("axis " + i + " of shape " + Arrays.toString(dims)
                        + " has length " + d[i] + "; lengths must be >= 0, or Shape.UNLIMITED (-1) in a maximum shape");
            }
        }
        return d.length == 0 ? SCALAR : new Shape(d);
    }

    /**
     * Number of axes; 0 for a scalar.
     *
     * @return the number of axes
     */
    public int rank() {
        return dims.length;
    }

    /**
     * Length of axis {@code axis} ({@link #UNLIMITED} for an unlimited axis of a maximum shape).
     *
     * @param axis an axis from 0 to {@link #rank()} - 1
     * @return the axis's length
     */
    public long get(int axis) {
        if (axis < 0 || axis >= dims.length) {
            throw new IndexOutOfBoundsException("axis " + axis + " out of range for shape " + this + " of rank " + dims.length);
        }
        return dims[axis];
    }

    /**
     * Whether any axis is {@link #UNLIMITED}.
     *
     * @return true if an axis is unlimited
     */
    public boolean isUnlimited() {
        for (long d : dims) if (d == UNLIMITED) return true;
        return false;
    }

    /**
     * Number of elements: the product of the lengths (1 for a scalar).
     *
     * @return the number of elements
     * @throws ArithmeticException   if the product exceeds {@link Long#MAX_VALUE}
     * @throws IllegalStateException if an axis is {@link #UNLIMITED}
     */
    public long size() {
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == UNLIMITED) throw new IllegalStateException("shape " + this + " has an unlimited axis " + i + " and no size");
            try {
                n = Math.multiplyExact(n, dims[i]);
            } catch (ArithmeticException e) {
                throw new ArithmeticException("shape " + this + " has more than 2^63-1 elements");
            }
        }
        return n;
    }

    /**
     * The axis lengths (a copy).
     *
     * @return a new array of the axis lengths
     */
    public long[] toArray() {
        return Arrays.copyOf(dims, dims.length);
    }

    /**
     * The element that {@code positions} (one integer per axis, negative counting from the end, as
     * {@link Index#at}) name in this shape: {@code positions} itself when none is negative, else a
     * copy with negative positions wrapped (neither to be changed); null when there is no element of
     * this rank inside the shape (then the general index rules answer, or refuse with their message).
     */
    long[] elementAt(long[] positions) {
        if (positions == null || positions.length != dims.length || dims.length == 0 || dims.length > org.h5vds.select.SelectionCodec.MAX_RANK) return null;
        long[] at = positions;
        for (int d = 0; d < at.length; d++) {
            long a = positions[d];
            if (a < 0) {
                a += dims[d];
                if (at == positions) at = positions.clone();
                at[d] = a;
            }
            if (a < 0 || a >= dims[d]) return null;
        }
        return at;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(s.dims, dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** As NumPy and h5py print shapes: "()", "(3,)", "(4, 100)", "(None, 100)". */
    @Override
    public String toString() {
        return format(dims);
    }

    /** {@code dims} printed as a NumPy shape tuple. */
    static String format(long[] dims) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims[i] == UNLIMITED ? "None" : Long.toString(dims[i]));
        }
        if (dims.length == 1) sb.append(',');
        return sb.append(')').toString();
    }
}
