package org.h5vds.spark;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.h5vds.api.DType;

/**
 * Numbers of one HDF5 type straight out of the bytes a read returned, without copying: element k
 * is at {@code offset + k * stride} (a complex number's parts, a compound's members, share a
 * buffer with their neighbours). Unsigned types widen as {@link SparkTypes} says; byte order is
 * the buffer's.
 */
final class ElementVector extends ReadOnlyVector {
    private final ByteBuffer data;
    private final DType.Kind kind;
    private final int size;
    private final int offset;
    private final int stride;

    /** {@code stored} must not be float16 or complex (see {@link BatchValues}). */
    ElementVector(DataType type, DType stored, ByteBuffer data, int offset, int stride) {
        super(type);
        this.data = data;
        this.kind = stored.kind();
        this.size = stored.size();
        this.offset = offset;
        this.stride = stride;
    }

    private int at(int rowId) {
        return offset + rowId * stride;
    }

    @Override
    public boolean getBoolean(int rowId) {
        return data.get(at(rowId)) != 0;
    }

    @Override
    public byte getByte(int rowId) {
        return data.get(at(rowId));
    }

    @Override
    public short getShort(int rowId) {
        return kind == DType.Kind.UINT ? (short) (data.get(at(rowId)) & 0xff) : data.getShort(at(rowId));
    }

    @Override
    public int getInt(int rowId) {
        return kind == DType.Kind.UINT ? data.getShort(at(rowId)) & 0xffff : data.getInt(at(rowId));
    }

    @Override
    public long getLong(int rowId) {
        return kind == DType.Kind.UINT ? data.getInt(at(rowId)) & 0xffffffffL : data.getLong(at(rowId));
    }

    @Override
    public float getFloat(int rowId) {
        return data.getFloat(at(rowId));
    }

    @Override
    public double getDouble(int rowId) {
        return data.getDouble(at(rowId));
    }

    /** uint64 as decimal(20, 0). */
    @Override
    public Decimal getDecimal(int rowId, int precision, int scale) {
        long v = data.getLong(at(rowId));
        return v >= 0 ? Decimal.apply(v) : Decimal.apply(new BigDecimal(Long.toUnsignedString(v)));
    }

    @Override
    public String toString() {
        return "ElementVector[" + kind + size + ", offset " + offset + ", stride " + stride + "]";
    }
}
