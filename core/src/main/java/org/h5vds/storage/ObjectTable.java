package org.h5vds.storage;

import java.util.Arrays;
import org.h5vds.format.message.Datatype;

/**
 * The values of an in-memory array that are not bytes — variable-length strings and sequences,
 * references — as NumPy keeps them in object arrays: an element (or compound member) of such a
 * type holds an 8-byte little-endian slot number into this table, 0 meaning no value (an empty
 * string or sequence, a null reference). Copying element bytes copies the slot, so copies share
 * the (immutable) value. Threads reading chunks in parallel add values at once.
 *
 * <p>Variable-length strings and sequences of numbers read from a file are kept as their bytes,
 * one after another in one array, and made into values when asked for ({@link #get}): the values
 * of a result are all live until the read returns, and as 100,000 objects a young collection
 * during the read copied them (three quarters of a read of strings with a 16 MiB young
 * generation); as bytes they are three arrays.
 */
public final class ObjectTable {
    /** Bytes of a slot in an element. */
    public static final int SLOT_SIZE = 8;
    /** {@link #kinds}: the slot's value is in {@link #values}; a kept UTF-8 string; a kept ASCII string; then sequences, by base. */
    private static final byte VALUE = 0, UTF8 = 1, ASCII = 2, SEQUENCE = 3;
    /** Sequence bases one table keeps bytes for (a kind is a byte); more are made into values at once. */
    private static final int MAX_BASES = 127 - SEQUENCE;
    /** The largest array of kept bytes (a little below Java's largest array). */
    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;
    /** The most bytes a first estimate from a table's expected size reserves. */
    private static final int MAX_ESTIMATE = 16 << 20;

    private int capacity;
    private int size;
    /** Values added as objects, by slot; null until the first is. */
    private Object[] values;
    /** Per slot, what it holds ({@link #VALUE}, ...), and for kept bytes where they lie in {@link #bytes} (offset << 32 | length); null until bytes are kept. */
    private byte[] kinds;
    private long[] spans;
    private byte[] bytes;
    private int byteCount;
    /** The element types of the sequences kept, by kind - {@link #SEQUENCE}. */
    private final java.util.List<Datatype> bases = new java.util.ArrayList<>(1);
    /** Makes kept bytes into values: the codec of the read that kept them. */
    private ValueCodec codec;

    public ObjectTable() {
        this(16);
    }

    /** A table with room for {@code expected} slots (a read's element count) before it grows. */
    public ObjectTable(long expected) {
        capacity = (int) Math.max(1, Math.min(expected, 1 << 24));
    }

    /**
     * Stores {@code values[0..n)} in consecutive slots and returns the first one's number (at least
     * 1): one lock for a run of elements converted together rather than one per element, which two
     * threads converting 100,000 strings contended for.
     */
    public synchronized long addAll(Object[] values, int n) {
        long first = size + 1;
        room(n);
        if (this.values == null) this.values = new Object[capacity];
        System.arraycopy(values, 0, this.values, size, n);
        size += n;
        return first;
    }

    /** Stores {@code value} and returns its slot number (at least 1). */
    public synchronized long add(Object value) {
        room(1);
        if (values == null) values = new Object[capacity];
        values[size++] = value;
        return size;
    }

    /**
     * Keeps {@code n} variable-length strings in consecutive slots and returns the first one's
     * number: their bytes lie one after another in {@code src} from 0, {@code lengths[0..n)} of
     * them (copied), and {@link #get} makes each into a value through {@code codec} when asked.
     */
    public synchronized long addStrings(byte[] src, int[] lengths, int n, ValueCodec codec, Datatype.CharacterSet charset) {
        return keep(src, lengths, n, codec, charset == Datatype.CharacterSet.ASCII ? ASCII : UTF8, null);
    }

    /**
     * Keeps {@code n} variable-length sequences of {@code base} elements (in memory form, with no
     * object values of their own) as {@link #addStrings} keeps strings: {@code lengths} in bytes.
     */
    public synchronized long addSequences(byte[] src, int[] lengths, int n, ValueCodec codec, Datatype base) {
        int k = bases.indexOf(base);
        if (k < 0 && bases.size() < MAX_BASES) {
            bases.add(base);
            k = bases.size() - 1;
        }
        return keep(src, lengths, n, codec, k < 0 ? -1 : SEQUENCE + k, base);
    }

    /** Keeps values of {@code kind} (-1: sequences of {@code base}, a base too many, made into values now). */
    private long keep(byte[] src, int[] lengths, int n, ValueCodec codec, int kind, Datatype base) {
        long first = size + 1;
        room(n);
        long total = 0;
        for (int i = 0; i < n; i++) total += lengths[i];
        if (kind < 0 || this.codec != null && this.codec != codec || byteCount + total > MAX_BYTES) {
            // made into values now: another codec, too many bases, or more bytes than one array holds
            if (values == null) values = new Object[capacity];
            for (int i = 0, at = 0; i < n; at += lengths[i++]) values[size++] = make(codec, kind, base, src, at, lengths[i]);
            return first;
        }
        this.codec = codec;
        if (spans == null) {
            spans = new long[capacity];
            kinds = new byte[capacity];
        }
        if (bytes == null || bytes.length - byteCount < total) {
            // the first values' mean length times the slots there is room for, and a quarter more (the
            // values further on may be longer: "line 9 of the log", then "line 99999 ..."), within
            // bounds; then doubling
            long want = bytes == null ? Math.min(MAX_ESTIMATE, (total + n - 1) / Math.max(1, n) * (capacity - size) / 4 * 5) : 2L * bytes.length;
            int grown = (int) Math.min(MAX_BYTES, Math.max(byteCount + total, Math.max(want, 64)));
            bytes = bytes == null ? new byte[grown] : Arrays.copyOf(bytes, grown);
        }
        System.arraycopy(src, 0, bytes, byteCount, (int) total);
        for (int i = 0; i < n; i++) {
            kinds[size] = (byte) kind;
            spans[size++] = (long) byteCount << 32 | lengths[i];
            byteCount += lengths[i];
        }
        return first;
    }

    /** The value of the bytes {@code b[off, off + len)} of {@code kind} (-1: a sequence of {@code base}). */
    private Object make(ValueCodec codec, int kind, Datatype base, byte[] b, int off, int len) {
        if (kind == UTF8 || kind == ASCII) return codec.string(b, off, len, kind == ASCII ? Datatype.CharacterSet.ASCII : Datatype.CharacterSet.UTF8);
        Datatype t = kind < 0 ? base : bases.get(kind - SEQUENCE);
        return codec.sequence(t, Arrays.copyOfRange(b, off, off + len), len / t.size(), null);
    }

    /** Makes room for {@code n} more slots. */
    private void room(int n) {
        if (capacity - size < n) {
            capacity = Math.max(Math.addExact(size, n), Math.multiplyExact(capacity, 2));
            if (values != null) values = Arrays.copyOf(values, capacity);
            if (spans != null) {
                spans = Arrays.copyOf(spans, capacity);
                kinds = Arrays.copyOf(kinds, capacity);
            }
        }
    }

    /** The value of slot {@code slot}; null for slot 0. A kept value is made anew at each call. */
    public synchronized Object get(long slot) {
        if (slot == 0) return null;
        if (slot < 0 || slot > size) throw new IllegalArgumentException("slot " + slot + " of a table of " + size + " values");
        int i = (int) slot - 1;
        // not remembered: a result holding its values made would hold them all again
        if (kinds != null && kinds[i] != VALUE) return make(codec, kinds[i], null, bytes, (int) (spans[i] >>> 32), (int) spans[i]);
        return values == null ? null : values[i];
    }

    /** Number of values stored. */
    public synchronized int size() {
        return size;
    }

    /** Reads the slot number at {@code off}. */
    public static long slot(byte[] b, int off) {
        long v = 0;
        for (int i = SLOT_SIZE - 1; i >= 0; i--) v = (v << 8) | (b[off + i] & 0xFF);
        return v;
    }

    /** Writes slot number {@code slot} at {@code off}. */
    public static void putSlot(byte[] b, int off, long slot) {
        for (int i = 0; i < SLOT_SIZE; i++) b[off + i] = (byte) (slot >>> (8 * i));
    }
}
