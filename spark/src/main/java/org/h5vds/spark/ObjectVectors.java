package org.h5vds.spark;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Columns of values that are not numbers in place: strings (fixed-length ones without their
 * padding, variable-length ones, enumeration names, reference paths), binary values (opaque) and
 * variable-length sequences. Each is decoded once per batch.
 */
final class ObjectVectors {
    private ObjectVectors() {
    }

    /** Strings; null where a reference is null. */
    static final class Strings extends ReadOnlyVector {
        private final UTF8String[] values;
        private final int nulls;

        Strings(DataType type, UTF8String[] values) {
            super(type);
            this.values = values;
            int n = 0;
            for (UTF8String v : values) if (v == null) n++;
            this.nulls = n;
        }

        @Override
        public boolean hasNull() {
            return nulls > 0;
        }

        @Override
        public int numNulls() {
            return nulls;
        }

        @Override
        public boolean isNullAt(int rowId) {
            return values[rowId] == null;
        }

        @Override
        public UTF8String getUTF8String(int rowId) {
            return values[rowId];
        }
    }

    /** Byte strings (opaque values). */
    static final class Binary extends ReadOnlyVector {
        private final byte[][] values;

        Binary(DataType type, byte[][] values) {
            super(type);
            this.values = values;
        }

        @Override
        public byte[] getBinary(int rowId) {
            return values[rowId];
        }
    }

    /** Arrays of varying length over a child column: row k is the child's elements {@code [start[k], start[k + 1])}. */
    static final class Sequences extends ReadOnlyVector {
        private final ColumnVector child;
        private final int[] start;

        Sequences(DataType type, ColumnVector child, int[] start) {
            super(type);
            this.child = child;
            this.start = start;
        }

        @Override
        public ColumnarArray getArray(int rowId) {
            return new ColumnarArray(child, start[rowId], start[rowId + 1] - start[rowId]);
        }
    }
}
