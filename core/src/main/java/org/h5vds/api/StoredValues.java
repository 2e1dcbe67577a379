package org.h5vds.api;

import org.h5vds.format.message.Datatype;
import org.h5vds.storage.Conversions;
import org.h5vds.storage.ElementConverter;
import org.h5vds.storage.FileObjects;

/**
 * Arrays on their way into a file and stored values on their way out, converted as libhdf5
 * converts between memory and file types (integers saturate, floats round, compounds by member
 * name, enumerations by name, strings by length and padding); libhdf5 has no conversion between
 * numbers and h5py's bool enumeration or complex compound, nor between other classes.
 */
final class StoredValues {
    private StoredValues() {
    }

    /**
     * One element of {@code value} (a Number, a String, a one-element NdArray) as {@code stored}
     * holds it in a file being written: a fill value. Variable-length values go into {@code heap}.
     */
    static byte[] element(Object value, DType target, Datatype stored, FileObjects heap, H5File file, String where) {
        NdArray a;
        if (value instanceof NdArray arr) {
            if (arr.size() != 1) throw new IllegalArgumentException(where + ": a fill value is one element, not an array of shape " + Shape.format(arr.shape()));
            a = arr.reshape();
        } else if (value instanceof String s) {
            a = target.kind() == DType.Kind.BYTES ? NdArray.ofFixedStrings(target, java.util.List.of(s)).reshape()
                    : NdArray.ofObjects(DType.string(), java.util.List.of(s)).reshape();
        } else if (value instanceof Number n) {
            try {
                a = NdArray.scalar(target.isNumeric() || target.kind() == DType.Kind.ENUM ? target : DType.FLOAT64, n);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": fill value " + value + " does not fit dtype " + target + ": " + e.getMessage(), e);
            }
        } else {
            throw new IllegalArgumentException(where + ": a fill value is a Number, a String or a one-element NdArray, not " + value);
        }
        Datatype memory = StoredTypes.memoryTypeOf(a.dtype());
        byte[] out = new byte[stored.size()];
        try {
            ElementConverter c = Conversions.writing(memory, stored, a.objectTable(), new Values(file), heap);
            c.convert(a.bytes(), 0, out, 0, 1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": fill value of dtype " + a.dtype() + " cannot be stored as " + target + ": " + e.getMessage(), e);
        }
        return out;
    }
}
