package org.h5vds.api;

import java.util.function.Function;
import org.h5vds.format.message.Datatype;
import org.h5vds.storage.Conversions;
import org.h5vds.storage.ElementConverter;

/**
 * What a read needs to know of a dataset's stored datatype: its dtype, the memory form of that
 * dtype and whether the stored bytes are already that form. Worked out once per decoded header
 * ({@link org.h5vds.node.DatasetNode#typeDerived}) and shared by every {@link Dataset} of the
 * dataset: a frame loop, or {@code f.dataset(name).read()} in a loop, would otherwise rebuild a
 * compound's dtype and compare it member by member with the stored type at every call.
 */
final class Typing {
    final Datatype stored;
    final DType dtype;
    private volatile Datatype memory;
    private volatile byte asStored;   // 0 not known yet, 1 yes, 2 no

    private Typing(Datatype stored, DType dtype) {
        this.stored = stored;
        this.dtype = dtype;
    }

    /**
     * Builds the typing of a stored type; throws {@link StoredTypes.NoDtypeException} when it has
     * no NumPy dtype (nothing is kept then). A class, not a lambda: a lambda's call site costs a
     * fresh JVM 1-2 ms to link, and the first dataset a program writes or reads asks for this.
     */
    static final Function<Datatype, Typing> OF = new Function<>() {
        @Override
        public Typing apply(Datatype stored) {
            return new Typing(stored, StoredTypes.dtypeOf(stored));
        }
    };

    /** The memory form of the dtype, what reads convert into. */
    Datatype memory() {
        Datatype m = memory;
        if (m == null) {
            m = StoredTypes.memoryTypeOf(dtype);
            memory = m;
        }
        return m;
    }

    /** What values of dtype {@code values} are written as: their memory form, and why they cannot be stored as this type (null when they can). */
    record WriteForm(DType values, Datatype memory, String problem) {
    }

    private volatile WriteForm lastWrite;

    /**
     * The write form of values of dtype {@code d} (of a subarray type's base for a dataset of a
     * subarray type, whose elements go in whole arrays). The last one is kept: a program writes
     * frame after frame of one dtype, and an append asks before it grows the dataset.
     */
    WriteForm writeForm(DType d) {
        WriteForm f = lastWrite;
        if (f == null || (f.values != d && !f.values.equals(d))) {
            Datatype m = StoredTypes.memoryTypeOf(dtype.kind() == DType.Kind.ARRAY ? DType.array(d, dtype.dims()) : d);
            f = new WriteForm(d, m, Conversions.problem(m, stored));
            lastWrite = f;
        }
        return f;
    }

    /** Whether the stored elements read as they are (the memory type converts from the stored one by copying). */
    boolean readsAsStored() {
        byte known = asStored;
        if (known == 0) {
            try {
                known = Conversions.between(stored, memory()).isIdentity() ? (byte) 1 : (byte) 2;
            } catch (ElementConverter.UnsupportedConversionException e) {
                known = 2; // the general path reports it
            }
            asStored = known;
        }
        return known == 1;
    }
}
