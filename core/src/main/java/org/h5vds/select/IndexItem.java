package org.h5vds.select;

import java.util.Arrays;

/**
 * One item of a NumPy/h5py index expression: an integer, a slice, an increasing list of indices,
 * the ellipsis, or h5py's {@code MultiBlockSlice}. See {@link IndexExpression} for the semantics.
 */
public sealed interface IndexItem permits IndexItem.At, IndexItem.Slice, IndexItem.Indices, IndexItem.Ellipsis, IndexItem.MultiBlock {

    /** The item in the syntax {@link IndexExpression#parse} reads. */
    String text();

    /** {@code i}: one element; the axis is dropped from the result shape. Negative counts from the end. */
    record At(long index) implements IndexItem {
        @Override
        public String text() {
            return Long.toString(index);
        }
    }

    /**
     * {@code start:stop:step} with Python's semantics for omitted (null) and negative values. With
     * {@code unlimitedStop} the slice runs to h5py's {@code h5s.UNLIMITED} (VDS layouts and sources):
     * the hyperslab count becomes UNLIMITED and {@code stop} must be null.
     */
    record Slice(Long start, Long stop, Long step, boolean unlimitedStop) implements IndexItem {
        public Slice {
            if (unlimitedStop && stop != null) throw new IllegalArgumentException("an UNLIMITED slice has no stop value");
        }

        @Override
        public String text() {
            StringBuilder sb = new StringBuilder();
            if (start != null) sb.append(start);
            sb.append(':');
            if (unlimitedStop) sb.append("UNLIMITED");
            else if (stop != null) sb.append(stop);
            if (step != null) sb.append(':').append(step);
            return sb.toString();
        }
    }

    /** {@code [i, j, ...]}: h5py's fancy index, strictly increasing after negative indices wrap. */
    record Indices(long[] indices) implements IndexItem {
        public Indices {
            indices = indices.clone();
        }

        @Override
        public long[] indices() {
            return indices.clone();
        }

        long get(int k) {
            return indices[k];
        }

        int length() {
            return indices.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Indices other && Arrays.equals(indices, other.indices);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(indices);
        }

        @Override
        public String toString() {
            return "Indices" + Arrays.toString(indices);
        }

        @Override
        public String text() {
            return Arrays.toString(indices);
        }
    }

    /** {@code ...}: as many full axes as needed; at most one per expression. */
    enum Ellipsis implements IndexItem {
        ELLIPSIS;

        @Override
        public String text() {
            return "...";
        }
    }

    /**
     * h5py's {@code MultiBlockSlice(start, stride, count, block)}: {@code count} blocks of
     * {@code block} elements, {@code stride} apart. A null count selects as many full blocks as fit;
     * {@link DimSet#UNLIMITED} (an h5vds extension) makes the count unlimited for VDS layouts.
     * The constructor checks what h5py's constructor checks, with its messages.
     */
    record MultiBlock(long start, long stride, Long count, long block) implements IndexItem {
        public MultiBlock {
            if (start < 0) throw new InvalidIndexException(-1, "Start can't be negative");
            boolean badCount = count != null && count != DimSet.UNLIMITED && count < 1;
            if (stride < 1 || badCount || block < 1) throw new InvalidIndexException(-1, "Stride, count and block can't be 0 or negative");
            if (block > stride) throw new InvalidIndexException(-1, "Blocks will overlap if block > stride");
        }

        @Override
        public String text() {
            String c = count == null ? "None" : count == DimSet.UNLIMITED ? "UNLIMITED" : count.toString();
            return "MultiBlockSlice(start=" + start + ", stride=" + stride + ", count=" + c + ", block=" + block + ")";
        }
    }

    // ---- factories -------------------------------------------------------------------------

    static IndexItem at(long index) {
        return new At(index);
    }

    /** {@code :} — the whole axis. */
    static IndexItem all() {
        return new Slice(null, null, null, false);
    }

    static IndexItem slice(Long start, Long stop) {
        return new Slice(start, stop, null, false);
    }

    static IndexItem slice(Long start, Long stop, Long step) {
        return new Slice(start, stop, step, false);
    }

    /** {@code start:UNLIMITED:step}. */
    static IndexItem unlimited(Long start, Long step) {
        return new Slice(start, null, step, true);
    }

    static IndexItem indices(long... indices) {
        return new Indices(indices);
    }

    static IndexItem ellipsis() {
        return Ellipsis.ELLIPSIS;
    }

    static IndexItem multiBlock(long start, long stride, Long count, long block) {
        return new MultiBlock(start, stride, count, block);
    }
}
