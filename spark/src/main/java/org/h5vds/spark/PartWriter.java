package org.h5vds.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;

/**
 * A write task: its rows, in the order they come, become one HDF5 file next to the output
 * ({@code <output stem>-<job>-<partition>.h5}) holding the dataset chunked along axis 0, appended
 * a chunk of rows at a time (memory: one chunk). The file appears under its name only when
 * complete: on the local file system the library writes it under a temporary name and renames
 * it; on another Hadoop file system it is written locally, copied to a temporary name beside
 * the output and renamed. A task that fails leaves no file. A task without rows writes none.
 */
final class PartWriter implements Function2<Integer, Iterator<InternalRow>, Iterator<PartFile>>, Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> options;
    private final String folder;
    private final String prefix;
    private final String dataset;
    private final String storedDtype;
    private final ValueColumn column;
    private final Broadcast<HadoopConf> conf;

    PartWriter(Map<String, String> options, String folder, String prefix, String dataset, DType stored, ValueColumn column, Broadcast<HadoopConf> conf) {
        this.options = options;
        this.folder = folder;
        this.prefix = prefix;
        this.dataset = dataset;
        this.storedDtype = stored.numpy();
        this.column = column;
        this.conf = conf;
    }

    static String partName(String prefix, int partition) {
        return String.format("%s-%05d.h5", prefix, partition);
    }

    @Override
    public Iterator<PartFile> call(Integer partition, Iterator<InternalRow> rows) throws IOException {
        if (!rows.hasNext()) return List.of(new PartFile(partition, null, 0, new long[0])).iterator();
        String name = partName(prefix, partition);
        Path target = new Path(folder, name);
        FileSystem fs = target.getFileSystem(conf.value().get());
        boolean local = fs.getUri().getScheme().equals("file");
        java.nio.file.Path file = local ? java.nio.file.Path.of(target.toUri().getPath()) : Files.createTempFile("h5vds-part-", ".h5");
        PartFile written;
        try {
            written = write(partition, name, rows, file);
            if (!local) {
                Path temporary = new Path(folder, "." + name + ".tmp");
                fs.copyFromLocalFile(false, true, new Path(file.toUri()), temporary);
                if (!fs.rename(temporary, target)) {
                    fs.delete(temporary, false);
                    throw new IOException("hdf5: cannot rename " + temporary + " to " + target);
                }
            }
        } finally {
            if (!local) Files.deleteIfExists(file);
        }
        // the file is visible now; a job aborted meanwhile does not see it, so it goes here
        if (fs.exists(WriteJob.abortMarker(folder, prefix))) {
            fs.delete(target, false);
            throw new IOException("hdf5: the write of " + folder + " was aborted");
        }
        return List.of(written).iterator();
    }

    private PartFile write(int partition, String name, Iterator<InternalRow> rows, java.nio.file.Path file) {
        DType in = column.dtypeValue();
        InternalRow first = rows.next();
        long[] trailing = column.shapeOf(first, 0);
        long rowElements = 1;
        for (long t : trailing) rowElements = Math.multiplyExact(rowElements, t);
        if (rowElements == 0) {
            throw new IllegalArgumentException("hdf5: column " + column.name + " holds empty arrays (shape " + java.util.Arrays.toString(trailing)
                    + "); rows without elements cannot be stored as a dataset");
        }
        long rowBytes = Math.multiplyExact(rowElements, in.size());
        long chunkRows = StorageOptions.chunkRows(options, rowBytes);
        H5File f = H5File.create(file);
        boolean done = false;
        try {
            Dataset d = f.createDataset(dataset, DType.parse(storedDtype), Shape.of(prepend(0, trailing)), StorageOptions.of(options, chunkRows, trailing));
            ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(Math.multiplyExact(chunkRows, rowBytes))).order(ByteOrder.LITTLE_ENDIAN);
            long n = 0;
            InternalRow row = first;
            while (row != null) {
                column.put(row, trailing, buffer, n);
                n++;
                if (!buffer.hasRemaining()) append(d, buffer, in, trailing);
                row = rows.hasNext() ? rows.next() : null;
            }
            if (buffer.position() > 0) append(d, buffer, in, trailing);
            done = true;
            return new PartFile(partition, name, n, trailing);
        } finally {
            if (done) f.close();
            else f.discard();
        }
    }

    private static void append(Dataset d, ByteBuffer buffer, DType in, long[] trailing) {
        buffer.flip();
        long rowBytes = in.size();
        for (long t : trailing) rowBytes *= t;
        long k = rowBytes == 0 ? 0 : buffer.remaining() / rowBytes;
        d.append(NdArray.wrap(buffer.slice().order(ByteOrder.LITTLE_ENDIAN), in, prepend(k, trailing)));
        buffer.clear();
    }

    static long[] prepend(long first, long[] rest) {
        long[] out = new long[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /** Deletes a file if it is there (the parts an overwritten virtual dataset mapped). */
    static void delete(FileSystem fs, Path p) {
        try {
            fs.delete(p, false);
        } catch (IOException e) {
            throw new UncheckedIOException("hdf5: cannot delete " + p + ": " + e.getMessage(), e);
        }
    }
}
