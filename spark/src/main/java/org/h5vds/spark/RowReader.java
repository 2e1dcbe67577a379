package org.h5vds.spark;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/** A partition's rows from an iterator: the rows of column batches, for plans that ask for rows, or a list made whole. */
final class RowReader implements PartitionReader<InternalRow> {
    private final Iterator<InternalRow> rows;
    private final Closeable resource;
    private InternalRow current;

    private RowReader(Iterator<InternalRow> rows, Closeable resource) {
        this.rows = rows;
        this.resource = resource;
    }

    static RowReader of(Iterable<InternalRow> rows) {
        return new RowReader(rows.iterator(), () -> { });
    }

    /** The rows of every batch {@code batches} gives, in order. */
    static RowReader ofBatches(PartitionReader<ColumnarBatch> batches) {
        Iterator<InternalRow> rows = new Iterator<>() {
            private Iterator<InternalRow> inBatch = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                try {
                    while (!inBatch.hasNext()) {
                        if (!batches.next()) return false;
                        inBatch = batches.get().rowIterator();
                    }
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public InternalRow next() {
                if (!hasNext()) throw new NoSuchElementException();
                return inBatch.next();
            }
        };
        return new RowReader(rows, batches);
    }

    @Override
    public boolean next() {
        if (!rows.hasNext()) return false;
        current = rows.next();
        return true;
    }

    @Override
    public InternalRow get() {
        return current;
    }

    @Override
    public void close() throws IOException {
        resource.close();
    }
}
