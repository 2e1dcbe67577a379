package org.h5vds.select;

/**
 * A selection that is the Cartesian product of one {@link DimSet} per axis: every element whose
 * i-th coordinate is in {@code axis(i)}. Its C-order iteration is the odometer over the axes, so
 * its rank space is the dense array of shape {@link #sizes()}.
 */
public sealed interface ProductSelection extends Selection permits Hyperslab, Product {

    DimSet axis(int i);

    @Override
    default DimSet[] axes() {
        DimSet[] a = new DimSet[rank()];
        for (int i = 0; i < a.length; i++) a[i] = axis(i);
        return a;
    }

    /** Number of members of each axis: the shape of the dense array this selection fills. */
    default long[] sizes() {
        long[] s = new long[rank()];
        for (int i = 0; i < s.length; i++) s[i] = axis(i).size();
        return s;
    }

    @Override
    default long count() {
        long n = 1;
        for (int i = 0; i < rank(); i++) {
            long s = axis(i).size();
            if (s == 0) return 0;
            try {
                n = Math.multiplyExact(n, s);
            } catch (ArithmeticException e) {
                throw new IllegalStateException("selection has more than 2^63 elements");
            }
        }
        return n;
    }

    @Override
    default boolean isEmpty() {
        for (int i = 0; i < rank(); i++) if (axis(i).isEmpty()) return true;
        return false;
    }

    @Override
    default Box bounds() {
        int r = rank();
        long[] s = new long[r];
        long[] c = new long[r];
        if (!isEmpty()) {
            for (int i = 0; i < r; i++) {
                DimSet d = axis(i);
                s[i] = d.first();
                c[i] = d.end() - d.first();
            }
        }
        return new Box(s, c);
    }

    @Override
    default boolean contains(long[] coord) {
        if (coord.length != rank()) return false;
        for (int i = 0; i < coord.length; i++) if (!axis(i).contains(coord[i])) return false;
        return true;
    }

    @Override
    default Selection intersect(Box box) {
        SelectionIntersection.requireRank(this, box.rank());
        DimSet[] a = new DimSet[rank()];
        for (int i = 0; i < a.length; i++) a[i] = axis(i).restrict(box.start(i), box.end(i));
        return Selection.product(a);
    }

    @Override
    default Selection intersect(Selection other) {
        return SelectionIntersection.of(this, other);
    }

    @Override
    default void forEachRun(RunVisitor visitor) {
        if (!isResolved()) throw new IllegalStateException("cannot iterate an unlimited selection: resolve it first");
        RunCursor c = new ProductCursor(this, 0, count());
        while (c.next()) visitor.run(c.start(), c.length());
    }

    @Override
    default Selection translate(long[] delta) {
        SelectionIntersection.requireRank(this, delta.length);
        DimSet[] a = new DimSet[rank()];
        for (int i = 0; i < a.length; i++) a[i] = axis(i).translate(delta[i]);
        return Selection.product(a);
    }

    /** Position of a member in C order (the number of members before it). */
    default long rankOf(long[] coord) {
        long r = 0;
        for (int i = 0; i < rank(); i++) {
            DimSet d = axis(i);
            r = r * d.size() + d.rank(coord[i]);
        }
        return r;
    }
}
