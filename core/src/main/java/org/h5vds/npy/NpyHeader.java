package org.h5vds.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.h5vds.io.H5FormatException;

/**
 * The header of a .npy file: the magic {@code \x93NUMPY}, a major and a minor version byte, the
 * header length (u16 in version 1.0, u32 in 2.0 and 3.0, little-endian), then the header, a Python
 * dict literal {@code {'descr': '<i4', 'fortran_order': False, 'shape': (3, 4), }} (ASCII; UTF-8
 * in 3.0) padded with spaces and a newline so the data starts on a 64-byte boundary.
 *
 * @param descr       NumPy's dtype description: a type string such as {@code <i4}, or a
 *                    structured dtype's list or dict literal as written
 * @param shape       the shape; C order (Fortran-order arrays are refused)
 * @param headerStart the byte offset of the header text, where errors about its content point
 * @param dataStart   the byte offset of the first element
 * @param length      the file's length in bytes
 */
public record NpyHeader(String descr, long[] shape, long headerStart, long dataStart, long length) {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy aligns the start of the data to this many bytes. */
    private static final int ARRAY_ALIGN = 64;
    /** NumPy pads the header so the first axis can grow to this many digits in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** No real header comes near this; a bound keeps a hostile length from allocating much. */
    private static final long MAX_HEADER = 1 << 24;

    /**
     * Reads and checks the header of the .npy file open on {@code ch}: versions 1.0, 2.0 and 3.0;
     * exactly the keys descr, fortran_order and shape; no object dtype (stored by pickling), no
     * Fortran order, no negative axis.
     *
     * @throws H5FormatException naming {@code file}, the byte offset and what was expected there
     */
    public static NpyHeader read(FileChannel ch, String file) throws IOException {
        long length = ch.size();
        ByteBuffer prefix = NpyFiles.readFully(ch, 0, (int) Math.min(length, 12));
        if (prefix.remaining() < 10) throw new H5FormatException(file, 0, "not a .npy file: only " + length + " bytes");
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix.get(i) != MAGIC[i]) throw new H5FormatException(file, 0, "not a .npy file: the magic \\x93NUMPY is missing");
        }
        int major = prefix.get(6) & 0xff;
        int minor = prefix.get(7) & 0xff;
        if (minor != 0 || major < 1 || major > 3) {
            throw new H5FormatException(file, 6, "unsupported .npy format version " + major + "." + minor + "; expected 1.0, 2.0 or 3.0");
        }
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = prefix.order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xffff;
            headerStart = 10;
        } else {
            if (prefix.remaining() < 12) throw new H5FormatException(file, 8, "file ends inside the header length");
            headerLength = prefix.order(ByteOrder.LITTLE_ENDIAN).getInt(8) & 0xffffffffL;
            headerStart = 12;
        }
        if (headerLength > MAX_HEADER || headerStart + headerLength > length) {
            throw new H5FormatException(file, 8, "header length " + headerLength + " runs past the end of the " + length + "-byte file");
        }
        ByteBuffer headerBytes = NpyFiles.readFully(ch, headerStart, (int) headerLength);
        String text = (major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).decode(headerBytes).toString();
        Map<String, Object> dict = new PyDictLiteral(text, file, headerStart).dict();
        if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
            throw new H5FormatException(file, headerStart, "header keys are " + dict.keySet() + "; expected exactly descr, fortran_order and shape");
        }
        Object descr = dict.get("descr");
        String d = descr instanceof PyDictLiteral.Raw r ? r.text() : (String) descr;
        if (d.equals("|O") || d.equals("O") || d.equals("<O") || d.equals(">O")) {
            throw new H5FormatException(file, headerStart, "descr '" + d + "' is an object array, stored by pickling, which h5vds does not read");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new H5FormatException(file, headerStart, "fortran_order must be True or False");
        }
        if (fortran) {
            throw new H5FormatException(file, headerStart, "Fortran-order arrays are not read; save a C-order array "
                    + "(numpy.ascontiguousarray) instead");
        }
        if (!(dict.get("shape") instanceof long[] shape)) throw new H5FormatException(file, headerStart, "shape must be a tuple of integers");
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) throw new H5FormatException(file, headerStart, "axis " + i + " of shape " + format(shape) + " is negative");
        }
        return new NpyHeader(d, shape, headerStart, headerStart + headerLength, length);
    }

    /**
     * Magic, version, header length and padded header, exactly as numpy.save writes them: version
     * 1.0, 2.0 when the header outgrows 1.0's 16-bit length, 3.0 (UTF-8) when it is not Latin-1.
     *
     * @param descrLiteral the descr as it appears in the dict: a quoted type string, or a structured dtype's list literal
     */
    public static byte[] encode(String descrLiteral, long[] shape) {
        StringBuilder h = new StringBuilder("{'descr': ").append(descrLiteral)
                .append(", 'fortran_order': False, 'shape': ").append(format(shape)).append(", }");
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

    /** A shape as Python writes a tuple: {@code ()}, {@code (3,)}, {@code (3, 4)}. */
    public static String format(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        if (shape.length == 1) sb.append(',');
        return sb.append(')').toString();
    }
}
