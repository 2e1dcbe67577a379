package org.h5vds.select;

/** HDF5's "none" selection: no element. The rank is -1 when decoded from an encoding that does not store it. */
public record NoneSelection(int rank) implements Selection {

    public NoneSelection {
        if (rank < -1 || rank > SelectionCodec.MAX_RANK) throw new IllegalArgumentException("rank " + rank + " outside 0.." + SelectionCodec.MAX_RANK);
    }

    @Override
    public long count() {
        return 0;
    }

    @Override
    public Box bounds() {
        int r = Math.max(rank, 0);
        return new Box(new long[r], new long[r]);
    }

    @Override
    public boolean isEmpty() {
        return true;
    }

    @Override
    public DimSet[] axes() {
        return null;
    }

    @Override
    public boolean contains(long[] coord) {
        return false;
    }

    @Override
    public Selection intersect(Box box) {
        return this;
    }

    @Override
    public Selection intersect(Selection other) {
        return this;
    }

    @Override
    public void forEachRun(RunVisitor visitor) {
    }

    @Override
    public Selection resolve(long[] extent) {
        if (rank != -1 && extent.length != rank) throw new IllegalArgumentException("rank " + rank + " NONE selection resolved against a rank " + extent.length + " extent");
        return rank == extent.length ? this : new NoneSelection(extent.length);
    }

    @Override
    public Selection translate(long[] delta) {
        return this;
    }
}
