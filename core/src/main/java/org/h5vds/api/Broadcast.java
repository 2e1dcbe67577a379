package org.h5vds.api;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * NumPy's broadcasting of the values of a write onto the selection's shape, as h5py allows in
 * {@code dset[index] = values}: the shapes are lined up from the right, and each axis of the
 * values has the selection's length or 1 (a scalar fills the whole selection, a row every row).
 * The broadcast values are made in memory, so they are bounded as any array is.
 */
final class Broadcast {
    private Broadcast() {
    }

    /** Whether values of shape {@code given} broadcast onto {@code target} by NumPy's rules. */
    static boolean fits(long[] given, long[] target) {
        int extra = given.length - target.length;
        for (int k = 0; k < extra; k++) if (given[k] != 1) return false;
        for (int k = Math.max(0, extra); k < given.length; k++) {
            long g = given[k];
            long t = target[k - extra];
            if (g != 1 && g != t) return false;
        }
        return true;
    }

    /**
     * {@code values} (whose elements have the shape {@code given}; a subarray type's trailing
     * axes follow) repeated onto {@code target}.
     */
    static NdArray onto(NdArray values, long[] given, long[] target, String where) {
        long[] all = values.shape();
        long[] trailing = Arrays.copyOfRange(all, given.length, all.length);
        long unitElements = 1;
        for (long t : trailing) unitElements *= t;
        long unit = Math.multiplyExact(unitElements, (long) values.dtype().size());
        long count = 1;
        for (long t : target) count = Math.multiplyExact(count, t);
        long bytes = Math.multiplyExact(count, unit);
        if (bytes > NdArray.MAX_BYTES) {
            throw new IllegalArgumentException(where + ": values of shape " + Shape.format(given) + " broadcast onto a selection of shape "
                    + Shape.format(target) + " would take " + bytes + " bytes, more than one array holds; write the selection in parts");
        }
        // the values' shape lined up with the target's, 1 where they have no axis
        long[] lined = new long[target.length];
        Arrays.fill(lined, 1);
        int extra = given.length - target.length;
        for (int k = Math.max(0, extra); k < given.length; k++) lined[k - extra] = given[k];
        long[] strides = new long[target.length]; // bytes per step of each target axis in the values, 0 where repeated
        long s = unit;
        for (int k = target.length - 1; k >= 0; k--) {
            strides[k] = lined[k] == 1 ? 0 : s;
            s *= lined[k];
        }
        byte[] from = values.bytes();
        byte[] to = new byte[(int) bytes];
        copy(from, 0, to, new int[] {0}, target, strides, 0, (int) unit);
        long[] shape = Arrays.copyOf(target, target.length + trailing.length);
        System.arraycopy(trailing, 0, shape, target.length, trailing.length);
        return NdArray.internal(values.dtype(), shape, ByteBuffer.wrap(to).order(values.dtype().order()), values.objectTable());
    }

    /** Fills {@code to} from {@code at} in C order over the target axes from {@code axis} on. */
    private static void copy(byte[] from, long offset, byte[] to, int[] at, long[] target, long[] strides, int axis, int unit) {
        if (axis == target.length) {
            System.arraycopy(from, (int) offset, to, at[0], unit);
            at[0] += unit;
            return;
        }
        if (axis == target.length - 1 && strides[axis] == unit) {
            // the innermost axis is in the values whole: one run
            int run = Math.toIntExact(target[axis] * unit);
            System.arraycopy(from, (int) offset, to, at[0], run);
            at[0] += run;
            return;
        }
        for (long i = 0; i < target[axis]; i++) copy(from, offset + i * strides[axis], to, at, target, strides, axis + 1, unit);
    }
}
