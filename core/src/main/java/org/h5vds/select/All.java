package org.h5vds.select;

/**
 * HDF5's "all" selection: every element of the dataspace, whatever its extent. It knows only its
 * rank (or -1 when decoded from an encoding that does not store it) until {@link #resolve} turns it
 * into the box of a concrete extent; every other query needs that extent and throws.
 */
public record All(int rank) implements Selection {

    public All {
        if (rank < -1 || rank > SelectionCodec.MAX_RANK) throw new IllegalArgumentException("rank " + rank + " outside 0.." + SelectionCodec.MAX_RANK);
    }

    private IllegalStateException unresolved() {
        return new IllegalStateException("an ALL selection has no extent: resolve it against the dataspace extent first");
    }

    @Override
    public long count() {
        throw unresolved();
    }

    @Override
    public Box bounds() {
        throw unresolved();
    }

    @Override
    public boolean isEmpty() {
        throw unresolved();
    }

    @Override
    public DimSet[] axes() {
        return null;
    }

    @Override
    public boolean contains(long[] coord) {
        throw unresolved();
    }

    @Override
    public Selection intersect(Box box) {
        throw unresolved();
    }

    @Override
    public Selection intersect(Selection other) {
        throw unresolved();
    }

    @Override
    public void forEachRun(RunVisitor visitor) {
        throw unresolved();
    }

    @Override
    public boolean isResolved() {
        return false;
    }

    /** The whole extent as a product selection. */
    @Override
    public ProductSelection resolve(long[] extent) {
        if (rank != -1 && extent.length != rank) throw new IllegalArgumentException("rank " + rank + " ALL selection resolved against a rank " + extent.length + " extent");
        return Selection.box(Box.of(extent));
    }

    @Override
    public Selection translate(long[] delta) {
        throw unresolved();
    }

    @Override
    public String toString() {
        return "All(rank=" + rank + ")";
    }
}
