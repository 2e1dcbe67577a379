package org.h5vds.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.io.TemporaryFile;

/**
 * Reads and writes NumPy {@code .npy} files (numpy.lib.format), keeping dtype and byte order
 * exactly: a big-endian array is saved as {@code '>i4'} and reads back big-endian.
 *
 * <p>The format: the magic {@code \x93NUMPY}, a major and a minor version byte, the header
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
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy aligns the start of the data to this many bytes. */
    private static final int ARRAY_ALIGN = 64;
    /** NumPy pads the header so the first axis can grow to this many digits in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** No real header comes near this; a bound keeps a hostile length from allocating much. */
    private static final long MAX_HEADER = 1 << 24;

    private Npy() {
    }

    /**
     * The array stored in {@code file}.
     *
     * @throws NpyFormatException   if the file is not a .npy file h5vds reads (naming the offset and what was expected)
     * @throws UncheckedIOException if the file cannot be read
     */
    public static NdArray read(Path file) {
        try (Reader r = open(file, true)) {
            return NdArray.wrap(readFully(r.channel, r.dataStart, (int) r.dataBytes), r.dtype, r.shape);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens a .npy file to read it in parts along its first axis ({@link Reader#rows}), for arrays
     * larger than memory. The header is checked as {@link #read} checks it.
     *
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
            long length = ch.size();
            ByteBuffer prefix = readFully(ch, 0, (int) Math.min(length, 12));
            if (prefix.remaining() < 10) throw new NpyFormatException(name, 0, "not a .npy file: only " + length + " bytes");
            for (int i = 0; i < MAGIC.length; i++) {
                if (prefix.get(i) != MAGIC[i]) throw new NpyFormatException(name, 0, "not a .npy file: the magic \\x93NUMPY is missing");
            }
            int major = prefix.get(6) & 0xff;
            int minor = prefix.get(7) & 0xff;
            if (minor != 0 || major < 1 || major > 3) {
                throw new NpyFormatException(name, 6, "unsupported .npy format version " + major + "." + minor + "; expected 1.0, 2.0 or 3.0");
            }
            long headerLength;
            int headerStart;
            if (major == 1) {
                headerLength = prefix.order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xffff;
                headerStart = 10;
            } else {
                if (prefix.remaining() < 12) throw new NpyFormatException(name, 8, "file ends inside the header length");
                headerLength = prefix.order(ByteOrder.LITTLE_ENDIAN).getInt(8) & 0xffffffffL;
                headerStart = 12;
            }
            if (headerLength > MAX_HEADER || headerStart + headerLength > length) {
                throw new NpyFormatException(name, 8, "header length " + headerLength + " runs past the end of the "
                        + length + "-byte file");
            }
            ByteBuffer headerBytes = readFully(ch, headerStart, (int) headerLength);
            String header = (major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).decode(headerBytes).toString();
            Header h = Header.parse(header, name, headerStart);
            long dataStart = headerStart + headerLength;
            long need = h.bytes();
            if (inMemory && need > NdArray.MAX_BYTES) {
                throw new NpyFormatException(name, headerStart, "shape " + Shape.format(h.shape) + " of " + h.dtype.numpy()
                        + " exceeds 2^31-1 bytes, the limit of an in-memory array; read it in parts with Npy.open");
            }
            if (length - dataStart != need) {
                throw new NpyFormatException(name, dataStart, "shape " + Shape.format(h.shape) + " of " + h.dtype.numpy() + " needs "
                        + need + " data bytes but the file has " + (length - dataStart));
            }
            Reader r = new Reader(name, ch, h.dtype, h.shape, dataStart, need);
            ch = null;
            return r;
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

        public DType dtype() {
            return dtype;
        }

        public long[] shape() {
            return shape.clone();
        }

        /** Bytes of one row of the first axis (the whole array for a 0-d one). */
        public long rowBytes() {
            long n = dtype.size();
            for (int i = 1; i < shape.length; i++) n *= shape[i];
            return n;
        }

        /** Bytes of all the elements. */
        public long dataBytes() {
            return dataBytes;
        }

        /** Rows {@code first .. first + count - 1} of the first axis, as an array of shape (count, shape[1:]). */
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
                return NdArray.wrap(readFully(channel, dataStart + first * rowBytes(), (int) bytes), dtype, s);
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
     * writes of the same name that were killed are removed (see {@link TemporaryFile}).
     *
     * @throws org.h5vds.io.H5Exception when the folder does not exist or no file can be made in it
     * @throws UncheckedIOException if writing fails (naming {@code file})
     */
    public static void write(Path file, NdArray array) {
        requireStorable(array.dtype(), file);
        byte[] header = header(array);
        Path target = file.toAbsolutePath();
        TemporaryFile tmp = TemporaryFile.create(target, "part");
        try {
            writeFully(tmp.channel(), ByteBuffer.wrap(header));
            writeFully(tmp.channel(), array.buffer());
            moveIntoPlace(tmp.path(), target);
            tmp.close();
        } catch (IOException e) {
            tmp.delete();
            throw new UncheckedIOException(file + ": cannot write: " + describe(e), e);
        }
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** An I/O error in words, without the temporary file's name that NIO puts first. */
    private static String describe(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Starts a .npy file of {@code dtype} and {@code shape} whose rows (positions along axis 0)
     * are then appended in order: an array larger than memory can be saved piece by piece. The
     * file appears under its name only when {@link Writer#close()} finds every row written.
     */
    public static Writer create(Path file, DType dtype, long... shape) {
        requireStorable(dtype, file);
        return new Writer(file, dtype, shape.clone());
    }

    /**
     * Whether {@code dtype} is stored in .npy without pickling (everything but object values, and
     * compounds whose fields NumPy's descr can list); null when it is, else why not.
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
        private TemporaryFile tmp;
        private FileChannel channel;
        private long written;

        private Writer(Path file, DType dtype, long[] shape) {
            this.target = file.toAbsolutePath();
            this.dtype = dtype;
            this.shape = shape;
            this.rows = shape.length == 0 ? 1 : shape[0];
            tmp = TemporaryFile.create(target, "part");
            channel = tmp.channel();
            try {
                writeFully(channel, ByteBuffer.wrap(header(dtype, shape)));
            } catch (IOException e) {
                abandon();
                throw new UncheckedIOException(file + ": cannot write: " + describe(e), e);
            }
        }

        /** Hidden partial files of the same name that killed writers left, removed when this one was started. */
        public java.util.List<Path> removedTemporaryFiles() {
            return tmp.staleRemoved();
        }

        /** Appends the next rows: an array of the dtype whose shape is (k, shape[1:]) (or the whole 0-d value). */
        public void append(NdArray block) {
            if (channel == null) throw new IllegalStateException(target + " is closed");
            long[] s = block.shape();
            boolean fits = shape.length == 0 ? s.length == 0
                    : s.length == shape.length && java.util.Arrays.equals(java.util.Arrays.copyOfRange(s, 1, s.length), java.util.Arrays.copyOfRange(shape, 1, shape.length));
            if (!block.dtype().equals(dtype) || !fits) {
                throw new IllegalArgumentException(target + ": rows of " + block.dtype() + " " + Shape.format(s) + " do not fit an array of "
                        + dtype + " " + Shape.format(shape));
            }
            long k = shape.length == 0 ? 1 : s[0];
            if (written + k > rows) throw new IllegalArgumentException(target + ": " + (written + k) + " rows for an array of " + rows);
            try {
                writeFully(channel, block.buffer());
            } catch (IOException e) {
                abandon();
                throw new UncheckedIOException(target + ": cannot write: " + describe(e), e);
            }
            written += k;
        }

        /** Puts the file in place when every row was written; otherwise deletes it and fails. */
        @Override
        public void close() {
            if (channel == null) return;
            if (written != rows) {
                abandon();
                throw new IllegalStateException(target + ": only " + written + " of " + rows + " rows were written; nothing was saved");
            }
            try {
                moveIntoPlace(tmp.path(), target);
                tmp.close();
                channel = null;
            } catch (IOException e) {
                abandon();
                throw new UncheckedIOException(target + ": cannot write: " + describe(e), e);
            }
        }

        /** Deletes the partial file; the target is untouched. */
        public void abandon() {
            if (tmp != null && channel != null) tmp.delete();
            channel = null;
        }
    }

    /** Magic, version, header length and padded header, exactly as numpy.save writes them. */
    static byte[] header(NdArray array) {
        return header(array.dtype(), array.shape());
    }

    static byte[] header(DType dtype, long[] shape) {
        String descr = dtype.kind() == DType.Kind.COMPOUND ? dtype.numpy() : PyLiteral.repr(dtype.numpy());
        StringBuilder h = new StringBuilder("{'descr': ").append(descr)
                .append(", 'fortran_order': False, 'shape': ").append(Shape.format(shape)).append(", }");
        if (shape.length > 0) h.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        String headerText = h.toString();
        // numpy.lib.format._wrap_header_guess_version: 1.0, then 2.0 when too long, then 3.0 (UTF-8) when not Latin-1
        boolean latin1 = StandardCharsets.ISO_8859_1.newEncoder().canEncode(headerText);
        byte[] text = headerText.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        int lengthBytes = latin1 ? 2 : 4;
        int padded = paddedLength(text.length, lengthBytes);
        if (padded > 0xffff) {
            lengthBytes = 4;
            padded = paddedLength(text.length, lengthBytes);
        }
        int major = !latin1 ? 3 : lengthBytes == 2 ? 1 : 2;
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 2 + lengthBytes + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (lengthBytes == 2) out.putShort((short) padded);
        else out.putInt(padded);
        out.put(text);
        while (out.position() < out.capacity() - 1) out.put((byte) ' ');
        out.put((byte) '\n');
        return out.array();
    }

    /** Header length with spaces and '\n' so that magic + version + length + header is a multiple of 64 (NumPy pads 1..64). */
    private static int paddedLength(int textLength, int lengthBytes) {
        int hlen = textLength + 1;
        int pad = ARRAY_ALIGN - ((MAGIC.length + 2 + lengthBytes + hlen) % ARRAY_ALIGN);
        return hlen + pad;
    }

    private static ByteBuffer readFully(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) throw new IOException("unexpected end of file at byte " + (pos + b.position()));
        }
        return b.flip();
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    /** The three header entries, parsed from the Python literal. */
    private record Header(DType dtype, long[] shape) {
        /** Bytes of the elements; bounded by parse() to what a long holds. */
        long bytes() {
            long n = dtype.size();
            for (long d : shape) n *= d;
            return n;
        }

        static Header parse(String text, String file, long offset) {
            Map<String, Object> dict = new Literal(text, file, offset).dict();
            if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
                throw new NpyFormatException(file, offset, "header keys are " + dict.keySet()
                        + "; expected exactly descr, fortran_order and shape");
            }
            Object descr = dict.get("descr");
            String d = descr instanceof Raw r ? r.text() : (String) descr;
            if (d.equals("|O") || d.equals("O") || d.equals("<O") || d.equals(">O")) {
                throw new NpyFormatException(file, offset, "descr '" + d + "' is an object array, stored by pickling, which h5vds does not read");
            }
            DType dtype;
            try {
                dtype = DType.parse(d);
            } catch (IllegalArgumentException e) {
                throw new NpyFormatException(file, offset, "unsupported descr '" + d + "': " + e.getMessage());
            }
            if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
                throw new NpyFormatException(file, offset, "fortran_order must be True or False");
            }
            if (fortran) {
                throw new NpyFormatException(file, offset, "Fortran-order arrays are not read; save a C-order array "
                        + "(numpy.ascontiguousarray) instead");
            }
            if (!(dict.get("shape") instanceof long[] shape)) {
                throw new NpyFormatException(file, offset, "shape must be a tuple of integers");
            }
            long bytes = dtype.size();
            boolean empty = false;
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] < 0) throw new NpyFormatException(file, offset, "axis " + i + " of shape " + Shape.format(shape) + " is negative");
                empty |= shape[i] == 0;
                // zero-size arrays are legal whatever the other axes say, but products must not overflow
                if (shape[i] != 0 && bytes > Long.MAX_VALUE / 2 / shape[i]) bytes = -1;
                else if (bytes >= 0) bytes *= shape[i];
            }
            if (!empty && bytes < 0) {
                throw new NpyFormatException(file, offset, "shape " + Shape.format(shape) + " of " + dtype.numpy()
                        + " has too many elements: it exceeds 2^31-1 bytes, the limit of an in-memory array, and even a long's range");
            }
            return new Header(dtype, shape);
        }
    }

    /** A structured descr's text. */
    private record Raw(String text) {
    }

    /** A parser for the small Python literal subset .npy headers use: dict, str, bool, int tuple; a structured descr is kept as text. */
    private static final class Literal {
        private final String s;
        private final String file;
        private final long offset;
        private int i;

        Literal(String s, String file, long offset) {
            this.s = s;
            this.file = file;
            this.offset = offset;
        }

        Map<String, Object> dict() {
            skipSpace();
            expect('{');
            Map<String, Object> map = new LinkedHashMap<>();
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    i++;
                    break;
                }
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                if (map.put(key, value()) != null) throw error("key '" + key + "' appears twice");
                skipSpace();
                if (peek() == ',') i++;
                else if (peek() != '}') throw error("expected ',' or '}'");
            }
            skipSpace();
            if (i != s.length()) throw error("unexpected text after the header dict");
            return map;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') return string();
            if (c == '(') return tuple();
            if (c == '[' || c == '{') return raw();
            if (s.startsWith("True", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            throw error("expected a string, True, False or a tuple");
        }

        /** A structured dtype's descr (a list, or a dict with offsets): its text, parsed by {@link DType#parse}. */
        private Object raw() {
            int depth = 0;
            int start = i;
            char quote = 0;
            do {
                char c = peek();
                if (quote != 0) {
                    if (c == '\\') i++;
                    else if (c == quote) quote = 0;
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '[' || c == '{' || c == '(') {
                    depth++;
                } else if (c == ']' || c == '}' || c == ')') {
                    depth--;
                }
                i++;
            } while (depth > 0);
            return new Raw(s.substring(start, i));
        }

        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    i++;
                    break;
                }
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                if (start == i) throw error("expected a non-negative integer in the shape tuple");
                try {
                    dims.add(Long.parseLong(s.substring(start, i)));
                } catch (NumberFormatException e) {
                    throw error("shape value " + s.substring(start, i) + " is too large");
                }
                if (i < s.length() && s.charAt(i) == 'L') i++;   // Python 2 long suffix
                skipSpace();
                if (peek() == ',') i++;
                else if (peek() != ')') throw error("expected ',' or ')' in the shape tuple");
            }
            long[] out = new long[dims.size()];
            for (int k = 0; k < out.length; k++) out[k] = dims.get(k);
            return out;
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') throw error("expected a quoted string");
            int end = s.indexOf(quote, i + 1);
            if (end < 0) throw error("unterminated string");
            String v = s.substring(i + 1, end);
            i = end + 1;
            return v;
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private char peek() {
            if (i >= s.length()) throw error("header ends early");
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) throw error("expected '" + c + "'");
            i++;
        }

        private NpyFormatException error(String what) {
            String near = s.substring(Math.max(0, i - 20), Math.min(s.length(), i + 20)).replace("\n", "\\n");
            return new NpyFormatException(file, offset + i, "bad .npy header: " + what + " near \"" + near + "\"");
        }
    }
}
