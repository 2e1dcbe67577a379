package org.h5vds.storage;

import java.util.Arrays;
import org.h5vds.format.ChunkElementFormat;

/**
 * The shape facts every chunk index needs: dataset dimensions, maximum dimensions (-1 for
 * unlimited), chunk dimensions and element size; and the linear chunk numbers the array-style
 * indexes use, computed as libhdf5 computes them:
 * <ul>
 * <li>fixed array and implicit index: row-major over the chunk grid of the <em>maximum</em>
 *     dimensions ({@code H5VM_array_offset_pre} with {@code layout->max_down_chunks} in H5Dfarray.c
 *     and H5Dnone.c), so a dataset smaller than its maximum has gaps in the numbering;
 * <li>extensible array: the same, after moving the unlimited dimension to the front (slowest)
 *     and sliding the dimensions before it back one place ({@code H5VM_swizzle_coords} with
 *     {@code swizzled_max_down_chunks} in H5Dearray.c), so that appending along the unlimited
 *     dimension only appends to the array.
 * </ul>
 * Immutable.
 */
public final class ChunkGeometry {
    /** Marks an unlimited maximum dimension. */
    public static final long UNLIMITED = -1;

    private final long[] dims;
    private final long[] maxDims;
    private final int[] chunkDims;
    private final int elementSize;

    /**
     * @param dims        current dataset dimensions
     * @param maxDims     maximum dimensions, {@link #UNLIMITED} for unlimited ones
     * @param chunkDims   chunk dimensions (dataset rank values, without the element-size dimension)
     * @param elementSize bytes per element
     */
    public ChunkGeometry(long[] dims, long[] maxDims, int[] chunkDims, int elementSize) {
        if (dims.length == 0 || dims.length != maxDims.length || dims.length != chunkDims.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + ", max dims " + Arrays.toString(maxDims)
                    + " and chunk dims " + Arrays.toString(chunkDims) + " must have the same, non-zero rank");
        }
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] < 0) throw new IllegalArgumentException("dimension " + d + " is negative: " + dims[d]);
            if (maxDims[d] != UNLIMITED && maxDims[d] < dims[d]) {
                throw new IllegalArgumentException("dimension " + d + ": maximum " + maxDims[d] + " below current " + dims[d]);
            }
            if (chunkDims[d] < 1) throw new IllegalArgumentException("chunk dimension " + d + " must be positive: " + chunkDims[d]);
        }
        if (elementSize < 1) throw new IllegalArgumentException("element size must be positive: " + elementSize);
        this.dims = dims.clone();
        this.maxDims = maxDims.clone();
        this.chunkDims = chunkDims.clone();
        this.elementSize = elementSize;
        chunkBytes(); // fails early on overflow
    }

    public int rank() {
        return dims.length;
    }

    public long[] dims() {
        return dims.clone();
    }

    public long[] maxDims() {
        return maxDims.clone();
    }

    public int[] chunkDims() {
        return chunkDims.clone();
    }

    public int chunkDim(int d) {
        return chunkDims[d];
    }

    public int elementSize() {
        return elementSize;
    }

    /** Bytes of one unfiltered chunk. */
    public long chunkBytes() {
        long n = elementSize;
        for (int c : chunkDims) n = Math.multiplyExact(n, c);
        return n;
    }

    /** Width of the "Chunk Size" field of filtered chunk entries for this chunk size. */
    public int filteredChunkSizeWidth() {
        return ChunkElementFormat.chunkSizeWidth(chunkBytes());
    }

    /** Chunks along each dimension covering the current dimensions (the last ones may be partial). */
    public long[] scaledDims() {
        long[] s = new long[dims.length];
        for (int d = 0; d < dims.length; d++) s[d] = ceilDiv(dims[d], chunkDims[d]);
        return s;
    }

    /** Chunks along each dimension covering the maximum dimensions; {@link #UNLIMITED} where unlimited. */
    public long[] maxScaledDims() {
        long[] s = new long[dims.length];
        for (int d = 0; d < dims.length; d++) s[d] = maxDims[d] == UNLIMITED ? UNLIMITED : ceilDiv(maxDims[d], chunkDims[d]);
        return s;
    }

    /** Number of chunks in the grid of the maximum dimensions: the fixed array's "Max Num Entries". */
    public long maxChunks() {
        long n = 1;
        for (long s : maxScaledDims()) {
            if (s == UNLIMITED) throw new IllegalStateException("unlimited dimensions have no maximum chunk count");
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** The first unlimited dimension, or -1. */
    public int unlimitedDim() {
        for (int d = 0; d < maxDims.length; d++) if (maxDims[d] == UNLIMITED) return d;
        return -1;
    }

    private static long ceilDiv(long a, long b) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }

    /** Checks {@code scaled} has one non-negative coordinate per dimension. */
    void checkRank(long[] scaled) {
        if (scaled.length != dims.length) {
            throw new IllegalArgumentException(scaled.length + " chunk coordinates for a rank-" + dims.length + " dataset");
        }
        for (int d = 0; d < scaled.length; d++) {
            if (scaled[d] < 0) throw new IllegalArgumentException("chunk coordinate " + d + " is negative: " + scaled[d]);
        }
    }

    /** Whether {@code scaled} names a chunk of the maximum chunk grid (unlimited dimensions have no bound). */
    public boolean inMaxGrid(long[] scaled) {
        checkRank(scaled);
        long[] max = maxScaledDims();
        for (int d = 0; d < scaled.length; d++) if (max[d] != UNLIMITED && scaled[d] >= max[d]) return false;
        return true;
    }

    /** Whether {@code scaled} names a chunk that overlaps the current dimensions. */
    public boolean inCurrentGrid(long[] scaled) {
        checkRank(scaled);
        long[] current = scaledDims();
        for (int d = 0; d < scaled.length; d++) if (scaled[d] >= current[d]) return false;
        return true;
    }

    /** Row-major strides over the maximum chunk grid; the first dimension's extent never enters. */
    private long[] maxDownChunks(int[] order) {
        long[] maxScaled = maxScaledDims();
        long[] down = new long[order.length];
        long acc = 1;
        for (int i = order.length - 1; i >= 0; i--) {
            down[i] = acc;
            if (i > 0) {
                long s = maxScaled[order[i]];
                if (s == UNLIMITED) throw new IllegalStateException("dimension " + order[i] + " is unlimited");
                acc = Math.multiplyExact(acc, s);
            }
        }
        return down;
    }

    /** A numbering of the chunks of the maximum grid: the axes in {@code order}, with their strides. */
    private record Numbering(int[] order, long[] down, long[] maxScaled) {
    }

    // worked out once: a chunk index numbers every chunk it looks up or writes (immutable, so a race only repeats the work)
    private Numbering fixedArrayNumbering;
    private Numbering extensibleArrayNumbering;

    private Numbering numbering(int[] order) {
        return new Numbering(order, maxDownChunks(order), maxScaledDims());
    }

    private Numbering fixedArrayNumbering() {
        Numbering n = fixedArrayNumbering;
        if (n == null) fixedArrayNumbering = n = numbering(identity(rank()));
        return n;
    }

    private Numbering extensibleArrayNumbering() {
        Numbering n = extensibleArrayNumbering;
        if (n == null) extensibleArrayNumbering = n = numbering(extensibleArrayOrder());
        return n;
    }

    private static int[] identity(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) o[i] = i;
        return o;
    }

    /** Dimension order after moving {@code first} to the front (libhdf5's swizzle). */
    private static int[] swizzled(int n, int first) {
        int[] o = new int[n];
        o[0] = first;
        for (int i = 0, j = 1; i < n; i++) if (i != first) o[j++] = i;
        return o;
    }

    private long linear(long[] scaled, Numbering n) {
        checkRank(scaled);
        long idx = 0;
        for (int i = 0; i < n.order.length; i++) {
            int d = n.order[i];
            if (n.maxScaled[d] != UNLIMITED && scaled[d] >= n.maxScaled[d]) {
                throw new IllegalArgumentException("chunk " + Arrays.toString(scaled) + " lies outside the maximum chunk grid");
            }
            idx = Math.addExact(idx, Math.multiplyExact(scaled[d], n.down[i]));
        }
        return idx;
    }

    private long[] unlinear(long index, Numbering n) {
        long[] scaled = new long[n.order.length];
        long rest = index;
        for (int i = 0; i < n.order.length; i++) {
            scaled[n.order[i]] = rest / n.down[i];
            rest %= n.down[i];
        }
        return scaled;
    }

    /** The fixed array entry of the chunk at {@code scaled}. */
    public long fixedArrayIndex(long[] scaled) {
        return linear(scaled, fixedArrayNumbering());
    }

    /** The chunk of fixed array entry {@code index}. */
    public long[] fixedArrayScaled(long index) {
        return unlinear(index, fixedArrayNumbering());
    }

    /** The implicit index's chunk number (it numbers chunks as the fixed array does). */
    public long implicitIndex(long[] scaled) {
        return fixedArrayIndex(scaled);
    }

    public long[] implicitScaled(long index) {
        return fixedArrayScaled(index);
    }

    private int[] extensibleArrayOrder() {
        int u = unlimitedDim();
        if (u < 0) throw new IllegalStateException("an extensible array index needs an unlimited dimension");
        return swizzled(rank(), u);
    }

    /** The extensible array element of the chunk at {@code scaled}. */
    public long extensibleArrayIndex(long[] scaled) {
        return linear(scaled, extensibleArrayNumbering());
    }

    /** The chunk of extensible array element {@code index}. */
    public long[] extensibleArrayScaled(long index) {
        return unlinear(index, extensibleArrayNumbering());
    }

    @Override
    public String toString() {
        return "ChunkGeometry[dims=" + Arrays.toString(dims) + ", maxDims=" + Arrays.toString(maxDims) + ", chunkDims="
                + Arrays.toString(chunkDims) + ", elementSize=" + elementSize + "]";
    }
}
