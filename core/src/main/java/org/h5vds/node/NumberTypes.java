package org.h5vds.node;

import java.nio.ByteOrder;
import org.h5vds.format.message.Datatype;
import org.h5vds.storage.NumberType;

/**
 * Which stored datatypes are plain numbers the data path can convert: integers of 1, 2, 4 or 8
 * bytes using all their bits, IEEE binary16/32/64 floats in either byte order, and enumerations
 * over such integers (h5py's bool). Everything else is read as raw bytes.
 */
public final class NumberTypes {
    private NumberTypes() {
    }

    /** The numeric type of {@code t}, or null when it is not one. */
    public static NumberType of(Datatype t) {
        switch (t.typeClass()) {
            case FIXED_POINT: {
                int n = t.size();
                if ((n != 1 && n != 2 && n != 4 && n != 8) || t.bitOffset() != 0 || t.bitPrecision() != 8 * n) return null;
                ByteOrder o = order(t);
                if (o == null) return null;
                return t.isSigned() ? NumberType.signed(n, o) : NumberType.unsigned(n, o);
            }
            case FLOATING_POINT: {
                ByteOrder o = order(t);
                if (o == null || !isIeee(t)) return null;
                return NumberType.ieee(t.size(), o);
            }
            case ENUMERATED:
                return of(t.baseType());
            default:
                return null;
        }
    }

    private static ByteOrder order(Datatype t) {
        return switch (t.byteOrder()) {
            case LITTLE_ENDIAN -> ByteOrder.LITTLE_ENDIAN;
            case BIG_ENDIAN -> ByteOrder.BIG_ENDIAN;
            default -> null;
        };
    }

    /** The standard binary16/32/64 bit layouts (sign, exponent, mantissa positions and bias). */
    private static boolean isIeee(Datatype t) {
        int[][] layouts = {
            // size, sign, exp location, exp size, mantissa location, mantissa size, bias
            {2, 15, 10, 5, 0, 10, 15},
            {4, 31, 23, 8, 0, 23, 127},
            {8, 63, 52, 11, 0, 52, 1023},
        };
        for (int[] l : layouts) {
            if (t.size() == l[0] && t.signLocation() == l[1] && t.exponentLocation() == l[2] && t.exponentSize() == l[3]
                    && t.mantissaLocation() == l[4] && t.mantissaSize() == l[5] && t.exponentBias() == l[6]
                    && t.bitOffset() == 0 && t.bitPrecision() == 8 * l[0]) {
                return true;
            }
        }
        return false;
    }
}
