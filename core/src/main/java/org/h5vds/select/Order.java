package org.h5vds.select;

/** The iteration order of each selection kind: cursors from any rank, and the rank of an element. */
final class Order {
    private Order() {
    }

    /** Runs of elements with iteration rank in [from, to). */
    static RunCursor cursor(Selection s, long from, long to) {
        if (s instanceof ProductSelection p) {
            if (!p.isResolved()) throw new IllegalStateException("cannot iterate an unlimited selection: resolve it first");
            return new ProductCursor(p, from, to);
        }
        if (s instanceof BlockUnion u) return u.cursor(from, to);
        if (s instanceof Points p) return p.cursor(from, to);
        if (s instanceof NoneSelection) return EMPTY;
        throw new IllegalStateException("an ALL selection has no extent: resolve it against the dataspace extent first");
    }

    /** Iteration rank of a member of a C-ordered selection. */
    static long rankOf(Selection s, long[] coord) {
        if (s instanceof ProductSelection p) return p.rankOf(coord);
        if (s instanceof BlockUnion u) return u.rankOf(coord);
        throw new IllegalArgumentException("rank of an element is defined for C-ordered selections only, not " + s.getClass().getSimpleName());
    }

    private static final RunCursor EMPTY = new RunCursor() {
        @Override
        public boolean next() {
            return false;
        }

        @Override
        public long[] start() {
            throw new IllegalStateException("no run");
        }

        @Override
        public long length() {
            return 0;
        }
    };
}
