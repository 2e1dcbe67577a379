package org.h5vds.api;

import java.nio.ByteBuffer;

/**
 * What a dataset should hold after a sequence of writes and resizes, kept in plain Java loops
 * (independent of the selection and storage code under test): the fill value where nothing was
 * written.
 */
final class ExpectedArray {
    private final DType dtype;
    private final byte[] fill;
    private long[] dims;
    private byte[] data;

    ExpectedArray(DType dtype, long[] dims, NdArray fill) {
        this.dtype = dtype;
        this.fill = new byte[dtype.size()];
        if (fill != null) fill.withOrder(dtype.order()).buffer().get(this.fill);
        this.dims = dims.clone();
        this.data = filled(TestValues.count(dims));
    }

    private byte[] filled(long n) {
        byte[] b = new byte[Math.toIntExact(n * dtype.size())];
        for (int p = 0; p < b.length; p += fill.length) System.arraycopy(fill, 0, b, p, fill.length);
        return b;
    }

    long[] dims() {
        return dims.clone();
    }

    /** Writes {@code values} (C order, already of this dtype) at the product of {@code positions[axis]}. */
    void set(long[][] positions, NdArray values) {
        byte[] v = new byte[Math.toIntExact(values.nbytes())];
        values.withOrder(dtype.order()).buffer().get(v);
        int rank = dims.length;
        int[] at = new int[rank];
        long count = 1;
        for (long[] p : positions) count *= p.length;
        if (count * dtype.size() != v.length) throw new IllegalArgumentException("values do not match the positions");
        if (count == 0) return;
        for (long k = 0; k < count; k++) {
            long off = 0;
            for (int d = 0; d < rank; d++) off = off * dims[d] + positions[d][at[d]];
            System.arraycopy(v, (int) (k * dtype.size()), data, (int) (off * dtype.size()), dtype.size());
            for (int d = rank - 1; d >= 0; d--) {
                if (++at[d] < positions[d].length) break;
                at[d] = 0;
            }
        }
    }

    /** Writes a box {@code start .. start + values.shape()} (values of the box's shape). */
    void setBox(long[] start, long[] count, NdArray values) {
        long[][] p = new long[start.length][];
        for (int d = 0; d < start.length; d++) p[d] = range(start[d], start[d] + count[d], 1);
        set(p, values);
    }

    static long[] range(long from, long to, long step) {
        int n = (int) Math.max(0, (to - from + step - 1) / step);
        long[] r = new long[n];
        for (int i = 0; i < n; i++) r[i] = from + i * step;
        return r;
    }

    /** Changes the extent: elements inside both keep their values, new ones are fill. */
    void resize(long[] newDims) {
        ExpectedArray next = new ExpectedArray(dtype, newDims, null);
        System.arraycopy(fill, 0, next.fill, 0, fill.length);
        next.data = next.filled(TestValues.count(newDims));
        int rank = dims.length;
        long[] common = new long[rank];
        for (int d = 0; d < rank; d++) common[d] = Math.min(dims[d], newDims[d]);
        if (TestValues.count(common) > 0) {
            int[] at = new int[rank];
            for (long k = 0; k < TestValues.count(common); k++) {
                long from = 0;
                long to = 0;
                for (int d = 0; d < rank; d++) {
                    from = from * dims[d] + at[d];
                    to = to * newDims[d] + at[d];
                }
                System.arraycopy(data, (int) (from * dtype.size()), next.data, (int) (to * dtype.size()), dtype.size());
                for (int d = rank - 1; d >= 0; d--) {
                    if (++at[d] < common[d]) break;
                    at[d] = 0;
                }
            }
        }
        dims = newDims.clone();
        data = next.data;
    }

    NdArray toArray() {
        return NdArray.wrap(ByteBuffer.wrap(data.clone()).order(dtype.order()), dtype, dims);
    }
}
