package org.h5vds.select;

import java.util.List;

/**
 * A set of elements of a dataspace, with an iteration order: C (row-major) order for every kind
 * except {@link Points}, which iterate in the order given. The kinds follow HDF5's selection types
 * (none, points, hyperslab, all) plus the shapes the algebra needs:
 * <ul>
 *   <li>{@link All}: the whole extent, before the extent is known (rank only);</li>
 *   <li>{@link NoneSelection}: nothing;</li>
 *   <li>{@link Hyperslab}: a regular hyperslab (start, stride, count, block per axis), possibly
 *       with an UNLIMITED count or block until {@linkplain #resolve resolved};</li>
 *   <li>{@link Product}: a Cartesian product of arbitrary per-axis {@link DimSet}s;</li>
 *   <li>{@link BlockUnion}: an irregular union of boxes (libhdf5's span tree);</li>
 *   <li>{@link Points}: an ordered list of elements.</li>
 * </ul>
 * All implementations are immutable and safe to share between threads.
 */
public sealed interface Selection permits All, NoneSelection, ProductSelection, BlockUnion, Points {

    /** Number of axes; -1 for an {@link All} or {@link NoneSelection} decoded where the rank is not stored. */
    int rank();

    /** Number of elements (counting repeated points); throws {@link IllegalStateException} while unresolved. */
    long count();

    /** The smallest box holding every element; a box of zero counts for an empty selection. */
    Box bounds();

    boolean isEmpty();

    /** The per-axis sets when the selection is a Cartesian product of them (ProductSelection), else null. */
    DimSet[] axes();

    boolean contains(long[] coord);

    /** The elements inside {@code box}, in this selection's order. */
    Selection intersect(Box box);

    /**
     * The common elements. The result iterates in this selection's order when this is {@link Points},
     * otherwise in C order.
     */
    Selection intersect(Selection other);

    /** Visits maximal runs contiguous along the last axis, in iteration order. */
    void forEachRun(RunVisitor visitor);

    /**
     * The selection within a dataspace of the given extent: ALL becomes the whole extent, an
     * UNLIMITED count or block is clipped as libhdf5's H5S_hyper_clip_unlim does; other selections
     * are returned unchanged (after checking the rank).
     */
    Selection resolve(long[] extent);

    /** False for ALL and for hyperslabs with an UNLIMITED count or block. */
    default boolean isResolved() {
        return true;
    }

    /** The selection moved by {@code delta} (no coordinate may become negative). */
    Selection translate(long[] delta);

    // ---- factories -------------------------------------------------------------------------

    /** A product of per-axis sets: a {@link Hyperslab} when every axis is {@link Regular}, else a {@link Product}. */
    static ProductSelection product(DimSet... axes) {
        boolean regular = true;
        for (DimSet d : axes) regular &= d instanceof Regular;
        if (regular) {
            Regular[] r = new Regular[axes.length];
            for (int i = 0; i < r.length; i++) r[i] = (Regular) axes[i];
            return new Hyperslab(r);
        }
        return new Product(axes);
    }

    /** The elements of a box (a {@link Product} with an empty axis when the box is empty). */
    static ProductSelection box(Box box) {
        DimSet[] axes = new DimSet[box.rank()];
        for (int i = 0; i < axes.length; i++) axes[i] = box.axis(i);
        return product(axes);
    }

    static ProductSelection box(long[] start, long[] count) {
        return box(new Box(start, count));
    }

    /**
     * What H5Sselect_hyperslab(SET, start, stride, count, block) selects: nothing when a count or
     * block is 0, else a {@link Hyperslab}. {@code stride} and {@code block} may be null (all ones).
     */
    static Selection hyperslab(long[] start, long[] stride, long[] count, long[] block) {
        for (int i = 0; i < count.length; i++) {
            if (count[i] == 0 || (block != null && block[i] == 0)) return new NoneSelection(start.length);
        }
        return new Hyperslab(start, stride, count, block);
    }

    /** The union of boxes (overlaps allowed), in canonical form: none, a product, or a {@link BlockUnion}. */
    static Selection union(int rank, List<Box> boxes) {
        return BlockUnion.of(rank, boxes);
    }

    static All all(int rank) {
        return new All(rank);
    }

    static NoneSelection none(int rank) {
        return new NoneSelection(rank);
    }

    /** Points in the given order; each array is one element's coordinates. */
    static Points points(long[]... coords) {
        return Points.of(coords);
    }
}
