package org.h5vds.storage;

import java.util.Arrays;

/**
 * The values of an in-memory array that are not bytes — variable-length strings and sequences,
 * references — as NumPy keeps them in object arrays: an element (or compound member) of such a
 * type holds an 8-byte little-endian slot number into this table, 0 meaning no value (an empty
 * string or sequence, a null reference). Copying element bytes copies the slot, so copies share
 * the (immutable) value. Threads reading chunks in parallel add values at once.
 */
public final class ObjectTable {
    /** Bytes of a slot in an element. */
    public static final int SLOT_SIZE = 8;

    private Object[] values = new Object[16];
    private int size;

    /**
     * Stores {@code values[0..n)} in consecutive slots and returns the first one's number (at least
     * 1): one lock for a run of elements converted together rather than one per element, which two
     * threads converting 100,000 strings contended for.
     */
    public synchronized long addAll(Object[] values, int n) {
        long first = size + 1;
        if (this.values.length - size < n) {
            this.values = Arrays.copyOf(this.values, Math.max(Math.addExact(size, n), Math.multiplyExact(this.values.length, 2)));
        }
        System.arraycopy(values, 0, this.values, size, n);
        size += n;
        return first;
    }

    /** Stores {@code value} and returns its slot number (at least 1). */
    public synchronized long add(Object value) {
        if (size == values.length) values = Arrays.copyOf(values, Math.multiplyExact(values.length, 2));
        values[size++] = value;
        return size;
    }

    /** The value of slot {@code slot}; null for slot 0. */
    public synchronized Object get(long slot) {
        if (slot == 0) return null;
        if (slot < 0 || slot > size) throw new IllegalArgumentException("slot " + slot + " of a table of " + size + " values");
        return values[(int) slot - 1];
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
