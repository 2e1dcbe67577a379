package org.h5vds.select;

import java.util.Arrays;

/**
 * A Cartesian product of finite per-axis {@link DimSet}s of any kind (index lists, clipped regular
 * sets, empty sets). {@link Selection#product} returns a {@link Hyperslab} instead when every axis
 * is {@link Regular}.
 */
public final class Product implements ProductSelection {
    private final DimSet[] axes;

    public Product(DimSet... axes) {
        if (axes.length > SelectionCodec.MAX_RANK) throw new IllegalArgumentException("rank " + axes.length + " exceeds " + SelectionCodec.MAX_RANK);
        this.axes = axes.clone();
        for (int i = 0; i < this.axes.length; i++) {
            if (this.axes[i] == null) throw new NullPointerException("axis " + i);
            if (this.axes[i].isUnlimited()) throw new IllegalArgumentException("axis " + i + " is unlimited: use a Hyperslab");
        }
    }

    @Override
    public int rank() {
        return axes.length;
    }

    @Override
    public DimSet axis(int i) {
        return axes[i];
    }

    @Override
    public Selection resolve(long[] extent) {
        SelectionIntersection.requireRank(this, extent.length);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Product p && Arrays.equals(axes, p.axes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(axes);
    }

    @Override
    public String toString() {
        return "Product" + Arrays.toString(axes);
    }
}
