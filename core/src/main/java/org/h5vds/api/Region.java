package org.h5vds.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.h5vds.select.All;
import org.h5vds.select.Box;
import org.h5vds.select.DimSet;
import org.h5vds.select.Hyperslab;
import org.h5vds.select.NoneSelection;
import org.h5vds.select.Points;
import org.h5vds.select.Selection;

/**
 * A selection of the elements of a dataspace, as HDF5 stores one (the dataspaces of h5py's
 * {@code VDSmap}): all elements, none, a hyperslab ({@code start}, {@code stride}, {@code count},
 * {@code block} per axis; a count of {@link Index#UNLIMITED} on one axis for a mapping that grows
 * with its sources), a union of blocks, or a list of points. A mapping of a virtual dataset takes
 * the elements of its source region, in order, into the elements of its virtual region
 * ({@link VirtualSourceInfo}, {@link VirtualLayout#map}).
 *
 * <p>A region is written and read in NumPy's index notation by {@link #toString()} (for example
 * {@code [0:99:2, 5]}, {@code ALL}, {@code NONE}). ALL and unlimited hyperslabs are
 * <em>unresolved</em>: how many elements they hold depends on an extent, given to
 * {@link #within(Shape)}. Immutable and safe to share between threads.
 */
public final class Region {
    /** How a region is stored. */
    public enum Kind {
        /** Every element of the dataspace, whatever its extent. */
        ALL,
        /** No element. */
        NONE,
        /** A regular hyperslab, a box among them, or a product of per-axis index sets. */
        HYPERSLAB,
        /** A union of blocks that is not one hyperslab. */
        BLOCKS,
        /** A list of points, in the order they were given. */
        POINTS
    }

    private final Selection selection;

    Region(Selection selection) {
        this.selection = Objects.requireNonNull(selection, "selection");
    }

    /** The selection this region holds, for the layers below the api. */
    Selection selection() {
        return selection;
    }

    /**
     * Every element of a dataspace of {@code rank} axes.
     *
     * @param rank the dataspace's number of axes
     * @return the selection of all elements
     */
    public static Region all(int rank) {
        try {
            return new Region(Selection.all(rank));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * No element of a dataspace of {@code rank} axes.
     *
     * @param rank the dataspace's number of axes
     * @return the empty selection
     */
    public static Region none(int rank) {
        try {
            return new Region(Selection.none(rank));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The box of {@code count[d]} indices from {@code start[d]} along each axis {@code d}.
     *
     * @param start the box's first index along each axis
     * @param count the box's length along each axis
     * @return the box
     * @throws IllegalArgumentException for arrays of different lengths or negative values
     */
    public static Region box(long[] start, long[] count) {
        try {
            return new Region(Selection.box(start, count));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * A hyperslab as {@code H5Sselect_hyperslab} takes it: along each axis, {@code count[d]} blocks
     * of {@code block[d]} indices, {@code stride[d]} apart, from {@code start[d]}. A null
     * {@code stride} or {@code block} means 1 on every axis; one axis may have a count (or block) of
     * {@link Index#UNLIMITED}.
     *
     * @param start the first index along each axis
     * @param stride the distance between block starts along each axis, or null for 1
     * @param count the number of blocks along each axis
     * @param block the block's length along each axis, or null for 1
     * @return the hyperslab
     * @throws IllegalArgumentException for arrays of different lengths, a stride below the block,
     *                                  or more than one unlimited axis
     */
    public static Region hyperslab(long[] start, long[] stride, long[] count, long[] block) {
        try {
            return new Region(Selection.hyperslab(start, stride, count, block));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The elements of any of {@code boxes} (each made by {@link #box}; overlaps allowed), as
     * {@code H5Sselect_hyperslab} with {@code H5S_SELECT_OR} builds them: a hyperslab when the
     * union is one, else a union of blocks.
     *
     * @param boxes one or more boxes of the same rank
     * @return the union
     * @throws IllegalArgumentException for no box, a region that is not a box, or boxes of different ranks
     */
    public static Region union(List<Region> boxes) {
        try {
            if (boxes.isEmpty()) throw new IllegalArgumentException("a union needs at least one box");
            int rank = boxes.get(0).rank();
            List<Box> out = new ArrayList<>(boxes.size());
            for (Region r : boxes) {
                if (r.rank() != rank) throw new IllegalArgumentException("boxes of ranks " + rank + " and " + r.rank());
                DimSet[] axes = r.selection.axes();
                boolean box = axes != null && r.selection.isResolved();
                for (int d = 0; box && d < rank; d++) box = axes[d].intervalCount() <= 1;
                if (!box) throw new IllegalArgumentException(r + " is not a box");
                out.add(r.selection.bounds());
            }
            return new Region(Selection.union(rank, out));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The points {@code coords} (each an array of one index per axis), in that order.
     *
     * @param coords the points, each one index per axis
     * @return the point selection
     * @throws IllegalArgumentException for no point, points of different ranks or negative indices
     */
    public static Region points(long[]... coords) {
        try {
            return new Region(Selection.points(coords));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Number of axes; -1 for ALL or NONE read from a file that does not store the rank.
     *
     * @return the rank, or -1 when unknown
     */
    public int rank() {
        try {
            return selection.rank();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** @return how the region is stored */
    public Kind kind() {
        try {
            if (selection instanceof All) return Kind.ALL;
            if (selection instanceof NoneSelection) return Kind.NONE;
            if (selection instanceof Points) return Kind.POINTS;
            return selection.axes() != null ? Kind.HYPERSLAB : Kind.BLOCKS;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * False for ALL and for hyperslabs with an unlimited count or block, whose size depends on an extent.
     *
     * @return true when the region's elements do not depend on an extent
     */
    public boolean isResolved() {
        try {
            return selection.isResolved();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Whether one axis has an unlimited count or block ({@link Index#UNLIMITED}).
     *
     * @return true if one axis is unlimited
     */
    public boolean isUnlimited() {
        try {
            return selection instanceof Hyperslab h && h.unlimitedAxis() >= 0;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Number of elements, points counted as often as they are listed.
     *
     * @return the number of elements selected
     * @throws IllegalStateException while the region is not resolved (see {@link #within})
     */
    public long count() {
        try {
            return selection.count();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** @return whether the region holds no element */
    public boolean isEmpty() {
        try {
            return selection.isEmpty();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The elements of this region inside a dataspace of {@code extent}: ALL becomes the whole
     * extent, an unlimited count or block is cut where libhdf5 cuts it, and elements outside the
     * extent are left out.
     *
     * @param extent the dataspace's current shape, of the region's rank
     * @return a resolved region inside {@code extent}
     * @throws IllegalArgumentException when the ranks differ
     */
    public Region within(Shape extent) {
        try {
            long[] dims = extent.toArray();
            return new Region(selection.resolve(dims).intersect(Box.of(dims)));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The first index along each axis of the smallest box holding every element (zeros for an empty region).
     *
     * @return a new array of the bounding box's first indices
     */
    public long[] boundsStart() {
        try {
            return selection.bounds().start();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * One past the last index along each axis of the smallest box holding every element.
     *
     * @return a new array of the bounding box's end indices (exclusive)
     */
    public long[] boundsEnd() {
        try {
            Box b = selection.bounds();
            long[] end = b.start();
            for (int d = 0; d < end.length; d++) end[d] = b.end(d);
            return end;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The indices this region takes along {@code axis} when it is a product of one index set per
     * axis (ALL resolved, a box, a hyperslab), else null (points, unions of blocks, ALL and NONE
     * of unknown rank).
     *
     * @param axis an axis from 0 to the rank - 1
     * @return the indices along {@code axis}, or null when the region is not a product
     * @throws IndexOutOfBoundsException for an axis outside the rank
     */
    public Intervals axis(int axis) {
        try {
            Objects.checkIndex(axis, Math.max(0, selection.rank()));
            DimSet[] axes = selection.axes();
            return axes == null ? null : new Intervals(axes[axis]);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Visits the runs of elements contiguous along the last axis, in the region's order.
     *
     * @param visitor told the start coordinates and length of each run
     */
    public void forEachRun(RunVisitor visitor) {
        try {
            selection.forEachRun(visitor::run);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** A run of {@code length} elements from {@code start} along the last axis. */
    @FunctionalInterface
    public interface RunVisitor {
        /**
         * @param start the coordinates of the run's first element (valid only during the call)
         * @param length the run's number of elements, along the last axis
         */
        void run(long[] start, long length);
    }

    /**
     * The indices a region takes along one axis, as intervals {@code [start(i), end(i))} in
     * increasing order. Computed, not stored: a hyperslab of a million blocks costs no memory.
     */
    public static final class Intervals {
        private final DimSet set;

        Intervals(DimSet set) {
            this.set = set;
        }

        /**
         * Number of intervals ({@link Index#UNLIMITED} while unresolved).
         *
         * @return the number of intervals
         */
        public long count() {
            try {
                return set.intervalCount();
            } catch (RuntimeException e) {
                throw Errors.translate(e);
            }
        }

        /**
         * The first index of interval {@code i}.
         *
         * @param i an interval from 0 to {@link #count()} - 1
         * @return the interval's first index
         */
        public long start(long i) {
            try {
                return set.intervalStart(i);
            } catch (RuntimeException e) {
                throw Errors.translate(e);
            }
        }

        /**
         * One past the last index of interval {@code i}.
         *
         * @param i an interval from 0 to {@link #count()} - 1
         * @return the index after the interval's last one
         */
        public long end(long i) {
            try {
                return set.intervalEnd(i);
            } catch (RuntimeException e) {
                throw Errors.translate(e);
            }
        }

        /**
         * The first interval ending after index {@code x} ({@link #count()} when none does).
         *
         * @param x an index along the axis
         * @return the number of the interval, or {@link #count()}
         */
        public long firstEndingAfter(long x) {
            try {
                return set.firstIntervalEndingAfter(x);
            } catch (RuntimeException e) {
                throw Errors.translate(e);
            }
        }

        /**
         * Number of indices in all intervals.
         *
         * @return the number of indices along the axis
         */
        public long size() {
            try {
                return set.size();
            } catch (RuntimeException e) {
                throw Errors.translate(e);
            }
        }

        @Override
        public boolean equals(Object o) {
            try {
                return o instanceof Intervals other && set.equals(other.set);
            } catch (RuntimeException e) {
                throw Errors.translate(e);
            }
        }

        @Override
        public int hashCode() {
            try {
                return set.hashCode();
            } catch (RuntimeException e) {
                throw Errors.translate(e);
            }
        }

        @Override
        public String toString() {
            try {
                return set.toString();
            } catch (RuntimeException e) {
                throw Errors.translate(e);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        try {
            return o instanceof Region other && selection.equals(other.selection);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    @Override
    public int hashCode() {
        try {
            return selection.hashCode();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** The region in NumPy's index notation, as {@code h5vds mappings} prints it: {@code [0:99:2, 5]}, {@code ALL}, {@code NONE}. */
    @Override
    public String toString() {
        try {
            return SelectionText.of(selection);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }
}
