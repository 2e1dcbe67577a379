package org.h5vds.select;

import java.util.Arrays;

/**
 * A regular hyperslab: one {@link Regular} (start, stride, count, block) per axis, normalised as
 * libhdf5 normalises what H5Sselect_hyperslab receives. At most one axis may have an UNLIMITED count
 * or block (libhdf5's rule); such a hyperslab is unresolved until {@link #resolve} clips it to an
 * extent. Never empty: a count or block of 0 selects nothing (see {@link Selection#hyperslab}).
 */
public final class Hyperslab implements ProductSelection {
    private final Regular[] axes;
    private final int unlimitedAxis;

    public Hyperslab(Regular... axes) {
        this.axes = Arrays.copyOf(axes, axes.length);
        int u = -1;
        for (int i = 0; i < this.axes.length; i++) {
            if (this.axes[i] == null) throw new NullPointerException("axis " + i);
            if (this.axes[i].isUnlimited()) {
                if (u >= 0) throw new IllegalArgumentException("a hyperslab may have only one unlimited axis (axes " + u + " and " + i + ")");
                u = i;
            }
        }
        if (this.axes.length > SelectionCodec.MAX_RANK) throw new IllegalArgumentException("rank " + axes.length + " exceeds " + SelectionCodec.MAX_RANK);
        this.unlimitedAxis = u;
    }

    /** The single element at {@code position} (one position per axis, each 0 or more): what indexing by integers selects. */
    public static Hyperslab element(long[] position) {
        Regular[] axes = new Regular[position.length];
        for (int d = 0; d < axes.length; d++) axes[d] = new Regular(position[d], 1, 1, 1);
        return new Hyperslab(axes);
    }

    /** The hyperslab of H5Sselect_hyperslab; {@code stride} and {@code block} may be null (all ones). */
    public Hyperslab(long[] start, long[] stride, long[] count, long[] block) {
        this(axesOf(start, stride, count, block));
    }

    private static Regular[] axesOf(long[] start, long[] stride, long[] count, long[] block) {
        int r = start.length;
        if (count.length != r || (stride != null && stride.length != r) || (block != null && block.length != r)) {
            throw new IllegalArgumentException("start, stride, count and block must have the same length");
        }
        Regular[] a = new Regular[r];
        for (int i = 0; i < r; i++) {
            try {
                a[i] = new Regular(start[i], stride == null ? 1 : stride[i], count[i], block == null ? 1 : block[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("axis " + i + ": " + e.getMessage(), e);
            }
        }
        return a;
    }

    @Override
    public int rank() {
        return axes.length;
    }

    @Override
    public Regular axis(int i) {
        return axes[i];
    }

    public long[] starts() {
        long[] v = new long[axes.length];
        for (int i = 0; i < v.length; i++) v[i] = axes[i].start();
        return v;
    }

    public long[] strides() {
        long[] v = new long[axes.length];
        for (int i = 0; i < v.length; i++) v[i] = axes[i].stride();
        return v;
    }

    /** Block counts per axis ({@link DimSet#UNLIMITED} allowed); not to be confused with {@link #count()}. */
    public long[] counts() {
        long[] v = new long[axes.length];
        for (int i = 0; i < v.length; i++) v[i] = axes[i].count();
        return v;
    }

    public long[] blocks() {
        long[] v = new long[axes.length];
        for (int i = 0; i < v.length; i++) v[i] = axes[i].block();
        return v;
    }

    /** The axis with an UNLIMITED count or block, or -1. */
    public int unlimitedAxis() {
        return unlimitedAxis;
    }

    @Override
    public boolean isResolved() {
        return unlimitedAxis < 0;
    }

    /** Elements in one slice through the unlimited axis (libhdf5's num_elem_non_unlim). */
    public long nonUnlimitedCount() {
        long n = 1;
        for (int i = 0; i < axes.length; i++) if (i != unlimitedAxis) n = Math.multiplyExact(n, axes[i].size());
        return n;
    }

    /**
     * The extent of the unlimited axis at which this selection holds exactly {@code slices} slices
     * (H5S__hyper_get_clip_extent_real). When the selection would end just before unselected space,
     * {@code includeTrailing} extends the extent over that gap.
     *
     * @throws ArithmeticException when that extent lies beyond 2^63 (only a corrupt selection gets there)
     */
    public long clipExtent(long slices, boolean includeTrailing) {
        Regular d = unlimited();
        if (slices == 0) return includeTrailing ? d.start() : 0;
        if (d.block() == UNLIMITED || d.block() == d.stride()) return Math.addExact(d.start(), slices);
        long full = slices / d.block();
        long rem = slices - full * d.block();
        if (rem > 0) return Math.addExact(Math.addExact(d.start(), Math.multiplyExact(full, d.stride())), rem);
        return includeTrailing ? Math.addExact(d.start(), Math.multiplyExact(full, d.stride()))
                : Math.addExact(Math.addExact(d.start(), Math.multiplyExact(full - 1, d.stride())), d.block());
    }

    /** Number of slices along the unlimited axis when clipped to {@code extent} (as H5S_hyper_get_clip_extent_match counts them). */
    public long slicesWithin(long extent) {
        return unlimited().resolve(extent).size();
    }

    private Regular unlimited() {
        if (unlimitedAxis < 0) throw new IllegalStateException("the hyperslab has no unlimited axis");
        return axes[unlimitedAxis];
    }

    private static final long UNLIMITED = DimSet.UNLIMITED;

    @Override
    public Selection resolve(long[] extent) {
        SelectionIntersection.requireRank(this, extent.length);
        if (unlimitedAxis < 0) return this;
        DimSet[] a = new DimSet[axes.length];
        System.arraycopy(axes, 0, a, 0, axes.length);
        a[unlimitedAxis] = axes[unlimitedAxis].resolve(extent[unlimitedAxis]);
        if (a[unlimitedAxis].isEmpty()) return new NoneSelection(axes.length);
        return Selection.product(a);
    }

    @Override
    public long count() {
        if (unlimitedAxis >= 0) throw new IllegalStateException("an unlimited hyperslab has no element count until it is resolved against an extent");
        return ProductSelection.super.count();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hyperslab h && Arrays.equals(axes, h.axes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(axes);
    }

    @Override
    public String toString() {
        return "Hyperslab" + Arrays.toString(axes);
    }
}
