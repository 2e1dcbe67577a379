package org.h5vds.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.h5vds.npy.NpyFiles;
import org.h5vds.npy.NpyHeader;
import org.h5vds.npy.NpyOutput;

/**
 * Reads and writes NumPy {@code .npy} files (numpy.lib.format), keeping dtype and byte order
 * exactly: a big-endian array is saved as {@code '>i4'} and reads back big-endian.
 *
 * <p>The format itself (header, literal, writing beside the name) is package {@code org.h5vds.npy};
 * this class gives it the api's types. The format: the magic {@code \x93NUMPY}, a major and a minor version byte, the header
 * length (u16 in version 1.0, u32 in 2.0 and 3.0, little-endian), then the header, a Python
 * dict literal {@code {'descr': '<i4', 'fortran_order': False, 'shape': (3, 4), }} (ASCII; UTF-8
 * in 3.0) padded with spaces and a newline so the data starts on a 64-byte boundary, then the
 * elements in C order.
 *
 * <p>Reading accepts versions 1.0, 2.0 and 3.0 and every dtype a .npy file holds without
 * pickling: numbers in either byte order, bool, complex, long double, {@code 'S'} strings,
 * {@code 'V'} bytes and structured dtypes (nested, with subarray fields and padding); Fortran-order
 * and object arrays are refused with a {@link NpyFormatException}, as is any header whose shape
 * does not match the file's length. Writing produces exactly the bytes {@code numpy.save} would:
 * version 1.0, 2.0 when the header outgrows 1.0's 16-bit length, 3.0 when a field name is not
 * Latin-1. Arrays of object values (variable-length strings and sequences, references) need
 * pickling and are refused.
 */
public final class Npy {
    private Npy() {
    }

    /**
     * The array stored in {@code file}.
     *
     * @param file the .npy file
     * @return its array, with the dtype and byte order it was saved with
     * @throws NpyFormatException   if the file is not a .npy file h5vds reads (naming the offset and what was expected)
     * @throws UncheckedIOException if the file cannot be read
     */
    public static NdArray read(Path file) {
        try (Reader r = open(file, true)) {
            return NdArray.wrap(NpyFiles.readFully(r.channel, r.dataStart, (int) r.dataBytes), r.dtype, r.shape);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens a .npy file to read it in parts along its first axis ({@link Reader#rows}), for arrays
     * larger than memory. The header is checked as {@link #read} checks it.
     *
     * @param file the .npy file
     * @return the open file; close it
     * @throws NpyFormatException   if the file is not a .npy file h5vds reads
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Reader open(Path file) {
        return open(file, false);
    }

    private static Reader open(Path file, boolean inMemory) {
        String name = file.toString();
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            NpyHeader h = NpyHeader.read(ch, name);
            DType dtype;
            try {
                dtype = DType.parse(h.descr());
            } catch (IllegalArgumentException e) {
                throw new NpyFormatException(name, h.headerStart(), "unsupported descr '" + h.descr() + "': " + e.getMessage());
            }
            long need = dataBytes(dtype, h, name);
            if (inMemory && need > NdArray.MAX_BYTES) {
                throw new NpyFormatException(name, h.headerStart(), "shape " + Shape.format(h.shape()) + " of " + dtype.numpy()
                        + " exceeds 2^31-1 bytes, the limit of an in-memory array; read it in parts with Npy.open");
            }
            if (h.length() - h.dataStart() != need) {
                throw new NpyFormatException(name, h.dataStart(), "shape " + Shape.format(h.shape()) + " of " + dtype.numpy() + " needs "
                        + need + " data bytes but the file has " + (h.length() - h.dataStart()));
            }
            Reader r = new Reader(name, ch, dtype, h.shape(), h.dataStart(), need);
            ch = null;
            return r;
        } catch (org.h5vds.io.H5FormatException e) {
            throw new NpyFormatException(e.file(), e.offset(), e.detail(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // the error being thrown is the one that matters
                }
            }
        }
    }

    /** Bytes of the elements, refusing a shape whose size a long cannot hold. */
    private static long dataBytes(DType dtype, NpyHeader h, String name) {
        long[] shape = h.shape();
        long bytes = dtype.size();
        boolean empty = false;
        for (long d : shape) {
            empty |= d == 0;
            // zero-size arrays are legal whatever the other axes say, but products must not overflow
            if (d != 0 && bytes > Long.MAX_VALUE / 2 / d) bytes = -1;
            else if (bytes >= 0) bytes *= d;
        }
        if (empty) return 0;
        if (bytes < 0) {
            throw new NpyFormatException(name, h.headerStart(), "shape " + Shape.format(shape) + " of " + dtype.numpy()
                    + " has too many elements: it exceeds 2^31-1 bytes, the limit of an in-memory array, and even a long's range");
        }
        return bytes;
    }

    /** An open .npy file read in parts: its dtype and shape, and rows of its first axis on demand. */
    public static final class Reader implements AutoCloseable {
        private final String name;
        private final FileChannel channel;
        private final DType dtype;
        private final long[] shape;
        private final long dataStart;
        private final long dataBytes;

        private Reader(String name, FileChannel channel, DType dtype, long[] shape, long dataStart, long dataBytes) {
            this.name = name;
            this.channel = channel;
            this.dtype = dtype;
            this.shape = shape;
            this.dataStart = dataStart;
            this.dataBytes = dataBytes;
        }

        /**
         * The dtype the file was saved with.
         *
         * @return the dtype, byte order included
         */
        public DType dtype() {
            return dtype;
        }

        /**
         * The array's shape.
         *
         * @return a copy of the shape
         */
        public long[] shape() {
            return shape.clone();
        }

        /**
         * Bytes of one row of the first axis (the whole array for a 0-d one).
         *
         * @return the size of a row in bytes
         */
        public long rowBytes() {
            long n = dtype.size();
            for (int i = 1; i < shape.length; i++) n *= shape[i];
            return n;
        }

        /**
         * Bytes of all the elements.
         *
         * @return the size of the data in bytes
         */
        public long dataBytes() {
            return dataBytes;
        }

        /**
         * Rows {@code first .. first + count - 1} of the first axis, as an array of shape (count, shape[1:]).
         *
         * @param first the first row
         * @param count how many rows
         * @return the rows
         */
        public NdArray rows(long first, long count) {
            if (shape.length == 0) throw new IllegalStateException(name + ": a 0-d array has no rows; read it whole");
            if (first < 0 || count < 0 || first + count > shape[0]) {
                throw new IndexOutOfBoundsException(name + ": rows " + first + ".." + (first + count) + " outside 0.." + shape[0]);
            }
            long bytes = count * rowBytes();
            if (bytes > NdArray.MAX_BYTES) throw new IllegalArgumentException(name + ": " + count + " rows take " + bytes + " bytes, more than one array holds");
            long[] s = shape.clone();
            s[0] = count;
            try {
                return NdArray.wrap(NpyFiles.readFully(channel, dataStart + first * rowBytes(), (int) bytes), dtype, s);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + name, e);
            }
        }
    }

    /**
     * Saves {@code array} to {@code file} as {@code numpy.save} would. The file appears under its
     * name only once complete (written beside it, then moved); hidden partial files of earlier
     * writes of the same name that were killed are removed.
     *
     * @param file  where to save
     * @param array what to save
     * @throws H5Exception          when the folder does not exist or no file can be made in it
     * @throws UncheckedIOException if writing fails (naming {@code file})
     */
    public static void write(Path file, NdArray array) {
        requireStorable(array.dtype(), file);
        NpyOutput out = start(file, header(array));
        out.append(array.buffer());
        out.finish();
    }

    /** The output for {@code file}, its folder's problems as api errors. */
    private static NpyOutput start(Path file, byte[] header) {
        try {
            return new NpyOutput(file, header);
        } catch (org.h5vds.io.H5Exception e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Starts a .npy file of {@code dtype} and {@code shape} whose rows (positions along axis 0)
     * are then appended in order: an array larger than memory can be saved piece by piece. The
     * file appears under its name only when {@link Writer#close()} finds every row written.
     *
     * @param file  where to save
     * @param dtype the elements' dtype
     * @param shape the whole array's shape
     * @return the writer; close it
     */
    public static Writer create(Path file, DType dtype, long... shape) {
        requireStorable(dtype, file);
        return new Writer(file, dtype, shape.clone());
    }

    /**
     * Whether {@code dtype} is stored in .npy without pickling (everything but object values, and
     * compounds whose fields NumPy's descr can list).
     *
     * @param dtype the dtype
     * @return null when it is, else why not
     */
    public static String unsupported(DType dtype) {
        if (dtype.hasObjects()) {
            return dtype + " holds object values (variable-length strings or sequences, references), which .npy stores only by pickling";
        }
        if (dtype.kind() == DType.Kind.COMPOUND && !inOffsetOrder(dtype)) {
            return dtype + " has fields out of offset order, which NumPy's .npy header (dtype.descr) cannot describe";
        }
        return null;
    }

    private static boolean inOffsetOrder(DType d) {
        if (d.kind() == DType.Kind.ARRAY) return inOffsetOrder(d.base());
        if (d.kind() != DType.Kind.COMPOUND) return true;
        if (!d.fieldsInOffsetOrder()) return false;
        for (DType.Field f : d.fields()) if (!inOffsetOrder(f.dtype())) return false;
        return true;
    }

    private static void requireStorable(DType dtype, Path file) {
        String why = unsupported(dtype);
        if (why != null) throw new IllegalArgumentException(file + ": " + why);
    }

    /** Writes a .npy file row block by row block; see {@link #create}. */
    public static final class Writer implements AutoCloseable {
        private final Path target;
        private final DType dtype;
        private final long[] shape;
        private final long rows;
        private final NpyOutput out;
        private long written;

        private Writer(Path file, DType dtype, long[] shape) {
            this.target = file.toAbsolutePath();
            this.dtype = dtype;
            this.shape = shape;
            this.rows = shape.length == 0 ? 1 : shape[0];
            out = start(file, header(dtype, shape));
        }

        /**
         * Hidden partial files of the same name that killed writers left, removed when this one was started.
         *
         * @return the files removed
         */
        public java.util.List<Path> removedTemporaryFiles() {
            return out.removedTemporaryFiles();
        }

        /**
         * Appends the next rows: an array of the dtype whose shape is (k, shape[1:]) (or the whole 0-d value).
         *
         * @param block the rows
         */
        public void append(NdArray block) {
            if (!out.isOpen()) throw new IllegalStateException(target + " is closed");
            long[] s = block.shape();
            boolean fits = shape.length == 0 ? s.length == 0
                    : s.length == shape.length && java.util.Arrays.equals(java.util.Arrays.copyOfRange(s, 1, s.length), java.util.Arrays.copyOfRange(shape, 1, shape.length));
            if (!block.dtype().equals(dtype) || !fits) {
                throw new IllegalArgumentException(target + ": rows of " + block.dtype() + " " + Shape.format(s) + " do not fit an array of "
                        + dtype + " " + Shape.format(shape));
            }
            long k = shape.length == 0 ? 1 : s[0];
            if (written + k > rows) throw new IllegalArgumentException(target + ": " + (written + k) + " rows for an array of " + rows);
            out.append(block.buffer());
            written += k;
        }

        /** Puts the file in place when every row was written; otherwise deletes it and fails. */
        @Override
        public void close() {
            if (!out.isOpen()) return;
            if (written != rows) {
                out.abandon();
                throw new IllegalStateException(target + ": only " + written + " of " + rows + " rows were written; nothing was saved");
            }
            out.finish();
        }

        /** Deletes the partial file; the target is untouched. */
        public void abandon() {
            out.abandon();
        }
    }

    /** Magic, version, header length and padded header, exactly as numpy.save writes them. */
    static byte[] header(NdArray array) {
        return header(array.dtype(), array.shape());
    }

    static byte[] header(DType dtype, long[] shape) {
        return NpyHeader.encode(dtype.kind() == DType.Kind.COMPOUND ? dtype.numpy() : PyLiteral.repr(dtype.numpy()), shape);
    }
}
