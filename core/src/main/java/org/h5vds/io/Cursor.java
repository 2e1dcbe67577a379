package org.h5vds.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A little-endian cursor over the bytes of one on-disk structure, used both to decode it and to
 * encode it, so that every format class reads and writes its fields in the same order, one line per
 * field as the specification lists them.
 *
 * <p>The cursor knows the file and the file address of its first byte, so every error it raises
 * names where in the file the bad value sits. It also carries the file's "Size of Offsets" and
 * "Size of Lengths" from the superblock, which size the {@link #address()} and {@link #length()}
 * fields of almost every structure.
 */
public final class Cursor {
    /** The undefined address: all bits set, whatever the size of offsets. */
    public static final long UNDEFINED = -1L;

    private final ByteBuffer buf;
    private final String file;
    private final long base;
    private final int offsetSize;
    private final int lengthSize;

    /**
     * @param buf        the bytes; decoding starts at its position
     * @param file       file name for errors
     * @param base       the file address of {@code buf}'s index 0
     * @param offsetSize size of offsets in bytes (2, 4 or 8)
     * @param lengthSize size of lengths in bytes (2, 4 or 8)
     */
    public Cursor(ByteBuffer buf, String file, long base, int offsetSize, int lengthSize) {
        this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
        this.file = file;
        this.base = base;
        this.offsetSize = offsetSize;
        this.lengthSize = lengthSize;
    }

    /** A cursor over a fresh buffer for encoding; {@link #bytes()} returns what was written. */
    public static Cursor forWriting(int capacity, int offsetSize, int lengthSize) {
        return new Cursor(ByteBuffer.allocate(capacity), "<encoder>", 0, offsetSize, lengthSize);
    }

    // ---- position -------------------------------------------------------------------------

    public int position() {
        return buf.position();
    }

    public Cursor position(int p) {
        if (p < 0 || p > buf.limit()) throw error(p, "position " + p + " outside structure of " + buf.limit() + " bytes");
        buf.position(p);
        return this;
    }

    public int remaining() {
        return buf.remaining();
    }

    public int limit() {
        return buf.limit();
    }

    /** The file address of the next byte. */
    public long address0() {
        return fileOffset(buf.position());
    }

    public long base() {
        return base;
    }

    /** The file offset of index {@code position}: none (NO_OFFSET) for bytes whose place in the file is not known, not a wrong one. */
    private long fileOffset(long position) {
        return base == H5FormatException.NO_OFFSET ? H5FormatException.NO_OFFSET : base + position;
    }

    public String file() {
        return file;
    }

    public int offsetSize() {
        return offsetSize;
    }

    public int lengthSize() {
        return lengthSize;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    public Cursor skip(int n) {
        need(n);
        buf.position(buf.position() + n);
        return this;
    }

    /** Moves to the next multiple of {@code alignment} relative to the structure's start. */
    public Cursor align(int alignment) {
        int p = buf.position();
        int r = p % alignment;
        return r == 0 ? this : skip(alignment - r);
    }

    /** A cursor over the next {@code n} bytes, consumed from this one. */
    public Cursor slice(int n) {
        need(n);
        int p = buf.position();
        ByteBuffer s = buf.slice(p, n).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(p + n);
        return new Cursor(s, file, fileOffset(p), offsetSize, lengthSize);
    }

    // ---- decoding -------------------------------------------------------------------------

    private void need(int n) {
        if (n < 0 || buf.remaining() < n) {
            throw error(buf.position(), "structure ends early: need " + n + " bytes, " + buf.remaining() + " left");
        }
    }

    public int u8() {
        need(1);
        return buf.get() & 0xFF;
    }

    public int u16() {
        need(2);
        return buf.getShort() & 0xFFFF;
    }

    public long u32() {
        need(4);
        return buf.getInt() & 0xFFFFFFFFL;
    }

    public long u64() {
        need(8);
        return buf.getLong();
    }

    /** An unsigned little-endian integer of {@code n} bytes (1..8). */
    public long uint(int n) {
        need(n);
        // the common widths (addresses and lengths are 8 bytes, sizes 2 or 4) in one read each: an
        // opening decodes these while its code is still interpreted, where each buffer call counts
        switch (n) {
            case 8:
                return buf.getLong();
            case 4:
                return buf.getInt() & 0xFFFFFFFFL;
            case 2:
                return buf.getShort() & 0xFFFF;
            default:
                long v = 0;
                for (int i = 0; i < n; i++) v |= (long) (buf.get() & 0xFF) << (8 * i);
                return v;
        }
    }

    /** An unsigned integer of {@code n} bytes that must fit in an int; else an error naming {@code what}. */
    public int uintAsInt(int n, String what) {
        long at = address0();
        long v = uint(n);
        if (v < 0 || v > Integer.MAX_VALUE) throw new H5FormatException(file, at, what + " is " + Long.toUnsignedString(v) + ", larger than supported");
        return (int) v;
    }

    /** An address of "Size of Offsets" bytes; {@link #UNDEFINED} for the undefined address. */
    public long address() {
        long v = uint(offsetSize);
        return isAllOnes(v, offsetSize) ? UNDEFINED : v;
    }

    /** A length of "Size of Lengths" bytes. */
    public long length() {
        return uint(lengthSize);
    }

    /** Reads a length and checks it is a non-negative value below {@code max}. */
    public long length(long max, String what) {
        long at = address0();
        long v = uint(lengthSize);
        if (v < 0 || v > max) throw new H5FormatException(file, at, what + " is " + Long.toUnsignedString(v) + ", more than " + max);
        return v;
    }

    public static boolean isAllOnes(long v, int size) {
        return size >= 8 ? v == -1L : v == (1L << (8 * size)) - 1;
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] b = new byte[n];
        buf.get(b);
        return b;
    }

    /** Checks the next bytes equal the given signature (e.g. "OHDR"). */
    public void expectSignature(String signature, String what) {
        long at = address0();
        byte[] want = signature.getBytes(StandardCharsets.US_ASCII);
        if (buf.remaining() < want.length) throw new H5FormatException(file, at, what + ": expected signature " + signature + ", structure too short");
        byte[] got = bytes(want.length);
        if (!Arrays.equals(got, want)) {
            throw new H5FormatException(file, at, what + ": expected signature \"" + signature + "\", found \""
                    + printable(got) + "\"");
        }
    }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(x >= 32 && x < 127 ? (char) x : '?');
        return sb.toString();
    }

    /** A NUL-terminated string; the NUL is consumed. */
    public String cString() {
        int start = buf.position();
        int end = start;
        while (end < buf.limit() && buf.get(end) != 0) end++;
        if (end >= buf.limit()) throw error(start, "string is not NUL-terminated within its structure");
        byte[] b = new byte[end - start];
        buf.get(b);
        buf.get();
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A string of exactly {@code n} bytes, cut at the first NUL. */
    public String fixedString(int n) {
        byte[] b = bytes(n);
        int len = 0;
        while (len < n && b[len] != 0) len++;
        return new String(b, 0, len, StandardCharsets.UTF_8);
    }

    // ---- encoding -------------------------------------------------------------------------

    private void room(int n) {
        if (buf.remaining() < n) throw new IllegalStateException("encoder buffer full: need " + n + " bytes at " + buf.position());
    }

    public Cursor putU8(int v) {
        room(1);
        buf.put((byte) v);
        return this;
    }

    public Cursor putU16(int v) {
        room(2);
        buf.putShort((short) v);
        return this;
    }

    public Cursor putU32(long v) {
        room(4);
        buf.putInt((int) v);
        return this;
    }

    /**
     * Writes {@code n} values of {@code values} from {@code from} into {@code a} at {@code k}, each
     * as an unsigned 32-bit little-endian number (the bytes {@link #putU32} writes of each), and
     * returns the index after them: for writers that fill an array themselves (a VDS block writes
     * hundreds of thousands, which a young JVM runs before it has compiled a buffer's put methods).
     */
    public static int putU32s(byte[] a, int k, int[] values, int from, int n) {
        for (int i = from; i < from + n; i++) {
            int v = values[i];
            a[k++] = (byte) v;
            a[k++] = (byte) (v >>> 8);
            a[k++] = (byte) (v >>> 16);
            a[k++] = (byte) (v >>> 24);
        }
        return k;
    }

    public Cursor putU64(long v) {
        room(8);
        buf.putLong(v);
        return this;
    }

    public Cursor putUint(long v, int n) {
        room(n);
        for (int i = 0; i < n; i++) buf.put((byte) (v >>> (8 * i)));
        return this;
    }

    /** Writes an address; {@link #UNDEFINED} becomes all ones. */
    public Cursor putAddress(long a) {
        return putUint(a, offsetSize);
    }

    public Cursor putLength(long v) {
        return putUint(v, lengthSize);
    }

    public Cursor putBytes(byte[] b) {
        room(b.length);
        buf.put(b);
        return this;
    }

    public Cursor putZeros(int n) {
        room(n);
        for (int i = 0; i < n; i++) buf.put((byte) 0);
        return this;
    }

    public Cursor putSignature(String s) {
        return putBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes the string's UTF-8 bytes followed by a NUL. */
    public Cursor putCString(String s) {
        putBytes(s.getBytes(StandardCharsets.UTF_8));
        return putU8(0);
    }

    /** Overwrites a 4-byte value at an earlier position, e.g. a checksum or a size. */
    public Cursor patchU32(int position, long v) {
        buf.putInt(position, (int) v);
        return this;
    }

    /** The bytes from index 0 to the current position (for encoders). */
    public byte[] written() {
        byte[] out = new byte[buf.position()];
        buf.get(0, out);
        return out;
    }

    /**
     * The bytes written, for an encoder that planned its size exactly ({@link #forWriting}) and
     * filled it: the buffer's own array, not a copy (a 100,000-mapping VDS block is 8 MB, and
     * every fresh 8 MB costs page faults in a young JVM). The cursor must not be used afterwards.
     *
     * @throws IllegalStateException when the writes did not fill the capacity exactly
     */
    public byte[] filled() {
        if (!buf.hasArray() || buf.arrayOffset() != 0 || buf.position() != buf.capacity() || buf.array().length != buf.capacity()) {
            throw new IllegalStateException("encoded " + buf.position() + " bytes, planned " + buf.capacity());
        }
        return buf.array();
    }

    // ---- errors ---------------------------------------------------------------------------

    /** An error at the cursor's current position. */
    public H5FormatException error(String detail) {
        return error(buf.position(), detail);
    }

    /** An error at a position (index into this structure). */
    public H5FormatException error(int position, String detail) {
        return new H5FormatException(file, fileOffset(position), detail);
    }

    /** Fails unless {@code value} is one of the versions this reader knows. */
    public int version(int value, String what, int... known) {
        for (int k : known) if (k == value) return value;
        throw new H5FormatException(file, fileOffset(buf.position() - 1), what + ": unknown version " + value
                + " (known: " + Arrays.toString(known) + ")");
    }
}
