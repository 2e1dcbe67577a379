package org.h5vds.filter.codec;

import java.nio.ByteBuffer;
import org.h5vds.filter.Filter;
import org.h5vds.filter.FilterArgs;
import org.h5vds.io.H5Exception;

/**
 * HDF5's built-in scale-offset filter (id 6, H5Zscaleoffset.c), read only.
 *
 * <p>Client data, 20 values as "set local" stores them: scale type (0 float D-scale, 1 float
 * E-scale, 2 integer), scale factor (decimal digits for D-scale, minimum bits for integers),
 * elements per chunk, class (0 integer, 1 float), element size, sign (0 unsigned, 1 two's
 * complement), byte order (0 little, 1 big endian), fill value defined (0/1), then the fill value's
 * bytes, least significant first, four per value.
 *
 * <p>The stored chunk: minbits (u32 little-endian), the size of minval (u8), minval (that many
 * bytes, little-endian; 21 header bytes in all), then each element's {@code minbits}-bit offset
 * from minval, most significant bit first, bits packed from the top of each byte. Offset
 * {@code 2^minbits - 1} marks the fill value when one is defined. Floats were scaled by
 * {@code 10^D} and rounded before the offset; reading divides again, in the type's precision.
 * When minbits is the full width, the values are stored unpacked in little-endian order (the byte
 * order of the machine that wrote them, which for every libhdf5 build we know of is little-endian).
 */
public final class ScaleOffsetFilter implements Filter {
    public static final int ID = 6;
    private static final int TOTAL_NPARMS = 20;
    private static final int PARM_FILVAL = 8;
    private static final int HEADER = 21;
    private static final int SO_FLOAT_DSCALE = 0;
    private static final int SO_FLOAT_ESCALE = 1;
    private static final int SO_INT = 2;

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "scaleoffset";
    }

    @Override
    public boolean canEncode() {
        return false;
    }

    /** Read only: a writer never stores this filter, so there is no client data to compute. */
    @Override
    public int[] clientData(int[] userValues, int elementSize, long[] chunkDims) {
        throw new H5Exception("the scaleoffset filter can only be read, not written");
    }

    @Override
    public ByteBuffer encode(ByteBuffer raw, FilterArgs args) {
        throw new H5Exception("the scaleoffset filter can only be read, not written");
    }

    @Override
    public ByteBuffer decode(ByteBuffer encoded, FilterArgs args) {
        if (args.clientDataCount() != TOTAL_NPARMS) {
            throw args.corrupt("scaleoffset", "expected " + TOTAL_NPARMS + " client data values, got " + args.clientDataCount());
        }
        long scaleType = args.clientValue(0, 0);
        int scaleFactor = args.clientData()[1];
        long nelmts = args.clientValue(2, 0);
        long dtypeClass = args.clientValue(3, 0);
        long size = args.clientValue(4, 0);
        long order = args.clientValue(6, 0);
        boolean fillDefined = args.clientValue(7, 0) == 1;
        boolean isFloat;
        if (dtypeClass == 0) {
            isFloat = false;
            if (size != 1 && size != 2 && size != 4 && size != 8) throw args.corrupt("scaleoffset", "integer size " + size + " is not 1, 2, 4 or 8");
            if (scaleType != SO_INT) throw args.corrupt("scaleoffset", "scale type " + scaleType + " is invalid for integers");
            if (scaleFactor < 0) scaleFactor = 0;
        } else if (dtypeClass == 1) {
            isFloat = true;
            if (size != 4 && size != 8) throw args.corrupt("scaleoffset", "float size " + size + " is not 4 or 8");
            if (scaleType == SO_FLOAT_ESCALE) throw args.corrupt("scaleoffset", "E-scaling method not supported");
            if (scaleType != SO_FLOAT_DSCALE) throw args.corrupt("scaleoffset", "scale type " + scaleType + " is invalid for floats");
        } else {
            throw args.corrupt("scaleoffset", "datatype class " + dtypeClass + " is neither integer (0) nor float (1)");
        }
        if (order > 1) throw args.corrupt("scaleoffset", "byte order " + order + " is neither little (0) nor big (1) endian");
        boolean bigEndian = order == 1;
        int width = (int) size * 8;
        ByteRange in = ByteRange.of(encoded);
        if (!isFloat && scaleFactor > width) {
            throw args.corrupt("scaleoffset", "minimum number of bits " + scaleFactor + " exceeds the " + width + " of the type");
        }
        if (!isFloat && scaleFactor == width) {
            // The writer did not process the data at all.
            args.checkProduced("scaleoffset", in.length());
            return encoded.slice();
        }
        int outSize = args.checkDecodedSize("scaleoffset", nelmts * size, "elements per chunk times element size");
        int n = outSize / (int) size;
        if (in.length() < HEADER) throw args.corrupt("scaleoffset", "chunk of " + in.length() + " bytes is shorter than its 21-byte header");
        long minbits = in.u32le(0);
        if (minbits > width) throw args.corrupt("scaleoffset", "minbits " + minbits + " exceeds the type's " + width + " bits");
        int minvalSize = Math.min(8, in.u8(4));
        long minval = 0;
        for (int i = 0; i < minvalSize; i++) minval |= (long) in.u8(5 + i) << (8 * i);
        byte[] out = new byte[outSize];
        if (minbits == width) {
            if (in.length() - HEADER < outSize) {
                throw args.corrupt("scaleoffset", "full-precision chunk needs " + (HEADER + outSize) + " bytes, has " + in.length());
            }
            System.arraycopy(in.array(), in.offset() + HEADER, out, 0, outSize);
            if (bigEndian) swapEach(out, (int) size);
            return FilterArgs.result(out);
        }
        long packedBytes = (n * minbits + 7) / 8;
        if (in.length() - HEADER < packedBytes) {
            throw args.corrupt("scaleoffset", n + " values of " + minbits + " bits need " + (HEADER + packedBytes)
                    + " bytes, the chunk has " + in.length());
        }
        long fill = fillDefined ? fillValue(args.clientData(), (int) size) : 0;
        long mask = (1L << minbits) - 1;
        int bits = (int) minbits;
        int pos = in.offset() + HEADER;
        int bitsLeft = 8;
        byte[] a = in.array();
        double scale = isFloat ? Math.pow(10.0, scaleFactor) : 1;
        float scaleF = (float) scale;
        for (int i = 0; i < n; i++) {
            long v = 0;
            int need = bits;
            while (need > 0) {
                int take = Math.min(need, bitsLeft);
                int cur = a[pos] & 0xFF;
                v = (v << take) | ((cur >>> (bitsLeft - take)) & ((1 << take) - 1));
                need -= take;
                bitsLeft -= take;
                if (bitsLeft == 0) {
                    pos++;
                    bitsLeft = 8;
                }
            }
            long value;
            if (fillDefined && v == mask) {
                value = fill;
            } else if (!isFloat) {
                value = v + minval;
            } else if (size == 4) {
                float f = (float) (int) v / scaleF + Float.intBitsToFloat((int) minval);
                value = Float.floatToRawIntBits(f) & 0xFFFFFFFFL;
            } else {
                double d = (double) v / scale + Double.longBitsToDouble(minval);
                value = Double.doubleToRawLongBits(d);
            }
            put(out, i * (int) size, (int) size, value, bigEndian);
        }
        return FilterArgs.result(out);
    }

    /** The fill value from client data values 8.., its bytes least significant first, four per value. */
    private static long fillValue(int[] cd, int size) {
        long fill = 0;
        for (int b = 0; b < size; b++) {
            int word = cd[PARM_FILVAL + b / 4];
            fill |= (long) ((word >>> (8 * (b % 4))) & 0xFF) << (8 * b);
        }
        return fill;
    }

    private static void put(byte[] out, int at, int size, long value, boolean bigEndian) {
        for (int b = 0; b < size; b++) {
            out[bigEndian ? at + size - 1 - b : at + b] = (byte) (value >>> (8 * b));
        }
    }

    private static void swapEach(byte[] data, int size) {
        for (int at = 0; at + size <= data.length; at += size) {
            for (int j = 0; j < size / 2; j++) {
                byte t = data[at + j];
                data[at + j] = data[at + size - 1 - j];
                data[at + size - 1 - j] = t;
            }
        }
    }
}
