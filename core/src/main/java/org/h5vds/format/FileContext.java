package org.h5vds.format;

import java.nio.ByteBuffer;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;
import org.h5vds.io.Store;

/**
 * The open file as the format layer sees it: its bytes, and the superblock's "Size of Offsets",
 * "Size of Lengths" and "Base Address" that every other structure depends on. Immutable and
 * shared by all readers of the file.
 *
 * <p>Addresses stored in the file are relative to the base address (non-zero when a user block
 * precedes the superblock); {@link #read} takes such relative addresses.
 */
public final class FileContext {
    private final Store store;
    private final int offsetSize;
    private final int lengthSize;
    private final long baseAddress;

    public FileContext(Store store, int offsetSize, int lengthSize, long baseAddress) {
        this.store = store;
        this.offsetSize = offsetSize;
        this.lengthSize = lengthSize;
        this.baseAddress = baseAddress;
    }

    public Store store() {
        return store;
    }

    /** The file name used in error messages. */
    public String fileName() {
        return store.location();
    }

    public int offsetSize() {
        return offsetSize;
    }

    public int lengthSize() {
        return lengthSize;
    }

    public long baseAddress() {
        return baseAddress;
    }

    /** The file length; no structure may end beyond it. */
    public long fileSize() {
        return store.size();
    }

    /**
     * A cursor over {@code length} bytes at the relative {@code address}, checked against the file
     * length before anything is allocated. Error offsets reported by the cursor are absolute.
     */
    public Cursor read(long address, long length, String what) {
        long abs = absolute(address, what);
        ByteBuffer buf = store.read(abs, length, what);
        return new Cursor(buf, fileName(), abs, offsetSize, lengthSize);
    }

    /**
     * Like {@link #read}, but over {@link org.h5vds.io.Store#view}: the bytes may be a view of the
     * file's mapping, to be decoded at once with nothing of them kept.
     */
    public Cursor view(long address, long length, String what) {
        long abs = absolute(address, what);
        ByteBuffer buf = store.view(abs, length, what);
        return new Cursor(buf, fileName(), abs, offsetSize, lengthSize);
    }

    /** Like {@link #read} but reads at most what remains of the file (for structures of unknown size). */
    public Cursor readUpTo(long address, long maxLength, String what) {
        long abs = absolute(address, what);
        long n = Math.min(maxLength, store.size() - abs);
        return read(address, n, what);
    }

    /**
     * The {@code length} bytes at the relative {@code address}: a slice of {@code earlier} (a read
     * made before, such as a structure's speculative first 512 bytes) when they lie in it, else read
     * now as {@link #read} reads them. Moves {@code earlier}'s position.
     */
    public Cursor readWithin(Cursor earlier, long address, long length, String what) {
        long from = baseAddress + address - earlier.base();
        if (address >= 0 && length >= 0 && from >= 0 && from <= earlier.limit() && length <= earlier.limit() - from) {
            earlier.position((int) from);
            return earlier.slice((int) length);
        }
        return read(address, length, what);
    }

    /** Reads {@code dst.remaining()} bytes at the relative {@code address} into {@code dst}. */
    public void readInto(long address, ByteBuffer dst, String what) {
        store.read(absolute(address, what), dst, what);
    }

    /** The absolute file offset of a relative address, after checking it is defined and in the file. */
    public long absolute(long address, String what) {
        if (address == Cursor.UNDEFINED) {
            throw new H5FormatException(fileName(), H5FormatException.NO_OFFSET, what + ": address is undefined");
        }
        long abs = baseAddress + address;
        if (address < 0 || abs < 0 || !store.withinLength(abs, 0)) {
            throw new H5FormatException(fileName(), abs, what + ": address " + Long.toUnsignedString(address)
                    + " lies beyond the end of the file (" + store.size() + " bytes)");
        }
        return abs;
    }

    /** An error about this file at a relative address. */
    public H5FormatException error(long address, String detail) {
        return new H5FormatException(fileName(), address == Cursor.UNDEFINED ? H5FormatException.NO_OFFSET : baseAddress + address, detail);
    }
}
