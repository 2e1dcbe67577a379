package org.h5vds.storage;

import org.h5vds.format.message.Datatype;

/**
 * Converts runs of elements from one datatype to another, as libhdf5 converts when a dataset is
 * read into a memory type other than its own (and hence as a virtual dataset converts its
 * sources), or written from one. Built by {@link Conversions} for a pair of types; immutable and
 * thread-safe (values of variable-length data and references go into thread-safe tables).
 */
public abstract class ElementConverter {
    private final int sourceSize;
    private final int targetSize;

    protected ElementConverter(int sourceSize, int targetSize) {
        this.sourceSize = sourceSize;
        this.targetSize = targetSize;
    }

    /** Bytes of one source element. */
    public final int sourceSize() {
        return sourceSize;
    }

    /** Bytes of one target element. */
    public final int targetSize() {
        return targetSize;
    }

    /** True when conversion is a plain byte copy. */
    public boolean isIdentity() {
        return false;
    }

    /**
     * Converts {@code count} elements, the k-th starting at {@code src[srcOff + k * srcStride]},
     * into {@code dst[dstOff + k * dstStride]}; other bytes of the target are left as they are.
     */
    public abstract void convert(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count);

    /** Converts {@code count} contiguous elements from {@code src[srcOff..]} into {@code dst[dstOff..]}. */
    public final void convert(byte[] src, int srcOff, byte[] dst, int dstOff, int count) {
        convert(src, srcOff, sourceSize, dst, dstOff, targetSize, count);
    }

    /** A plain copy of elements of {@code size} bytes. */
    public static ElementConverter bytes(int size) {
        return new Copy(size);
    }

    /** Elements copied as they are. */
    static final class Copy extends ElementConverter {
        Copy(int size) {
            super(size, size);
        }

        @Override
        public boolean isIdentity() {
            return true;
        }

        @Override
        public void convert(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count) {
            int n = sourceSize();
            if (srcStride == n && dstStride == n) {
                System.arraycopy(src, srcOff, dst, dstOff, count * n);
                return;
            }
            for (int e = 0; e < count; e++) System.arraycopy(src, srcOff + e * srcStride, dst, dstOff + e * dstStride, n);
        }
    }

    /** Why a pair of types does not convert. */
    public static final class UnsupportedConversionException extends IllegalArgumentException {
        public UnsupportedConversionException(String message) {
            super(message);
        }
    }

    /** For messages: a stored type in a few words. */
    static String describe(Datatype t) {
        return t.toString();
    }
}
