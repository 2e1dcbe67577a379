package org.h5vds.format;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * A global heap collection (format spec III.E, signature "GCOL", version 1): variable-length data
 * and VDS mapping blocks, each object found by (collection address, heap object index).
 * Immutable once read; {@link #object(int)} returns read-only views of the collection's single
 * buffer ({@link #view}: possibly of the file's mapping).
 */
public final class GlobalHeapCollection {
    public static final String SIGNATURE = "GCOL";
    public static final int VERSION = 1;
    /** libhdf5 never makes a smaller collection ({@code H5HG_MINSIZE}). */
    public static final int MINIMUM_SIZE = 4096;
    /** Heap object indices are 16-bit; 0 is the free space. */
    public static final int MAXIMUM_INDEX = 65535;
    static final int ALIGNMENT = 8;

    /** One stored object: its index, reference count and the file offset of its data. */
    public record ObjectInfo(int index, int referenceCount, long size, long dataFileOffset) {
    }

    private final String file;
    private final long address;
    private final long collectionSize;
    private final ByteBuffer bytes;
    private final long fileOffset;
    /**
     * By heap object index, where each object's data starts in the collection (0 where no object
     * has that index), its size and reference count: arrays rather than an object per heap object,
     * of which a collection of strings holds thousands (~1,600 in h5py's 64 KiB collections).
     */
    private final int[] starts;
    private final int[] sizes;
    private final char[] references;
    private final long freeSpace;

    private GlobalHeapCollection(String file, long address, long collectionSize, ByteBuffer bytes, long fileOffset,
                                 Found objects, long freeSpace) {
        this.file = file;
        this.address = address;
        this.collectionSize = collectionSize;
        this.bytes = bytes;
        this.fileOffset = fileOffset;
        this.starts = objects.starts;
        this.sizes = objects.sizes;
        this.references = objects.references;
        this.freeSpace = freeSpace;
    }

    /** The objects found while decoding, by index. */
    private static final class Found {
        int[] starts = new int[16];
        int[] sizes = new int[16];
        char[] references = new char[16];

        void put(int index, int start, int size, int referenceCount) {
            if (index >= starts.length) {
                int n = Math.max(index + 1, starts.length * 2);
                starts = Arrays.copyOf(starts, n);
                sizes = Arrays.copyOf(sizes, n);
                references = Arrays.copyOf(references, n);
            }
            starts[index] = start;
            sizes[index] = size;
            references[index] = (char) referenceCount;
        }
    }

    static int align(long n) {
        return (int) ((n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT);
    }

    /** Signature, version, reserved and Collection Size, padded so objects start aligned. */
    static int headerSize(int lengthSize) {
        return align(4 + 1 + 3 + lengthSize);
    }

    /** Heap Object Index, Reference Count, Reserved and Object Size, padded to 8. */
    static int objectHeaderSize(int lengthSize) {
        return align(2 + 2 + 4 + lengthSize);
    }

    /** Reads and checks the whole collection at the relative {@code address}. */
    public static GlobalHeapCollection read(FileContext ctx, long address) {
        return read(ctx, address, false);
    }

    /**
     * Like {@link #read}, but the objects may be read-only views of the file's mapping ({@link
     * FileContext#view}): for a reader that decodes the object at once and keeps nothing of it (a
     * VDS mapping list of 100,000 entries is 8 MB).
     */
    public static GlobalHeapCollection view(FileContext ctx, long address) {
        return read(ctx, address, true);
    }

    private static GlobalHeapCollection read(FileContext ctx, long address, boolean view) {
        int lengthSize = ctx.lengthSize();
        Cursor h = ctx.read(address, headerSize(lengthSize), "global heap collection");
        h.expectSignature(SIGNATURE, "global heap collection");
        h.version(h.u8(), "global heap collection", VERSION);
        h.skip(3); // reserved
        long collectionSize = h.length(ctx.fileSize(), "global heap collection size");
        if (collectionSize < headerSize(lengthSize) || collectionSize % ALIGNMENT != 0) {
            throw h.error(8, "global heap collection size " + collectionSize
                    + " is not a multiple of 8 of at least " + headerSize(lengthSize) + " bytes");
        }
        Cursor c = view ? ctx.view(address, collectionSize, "global heap collection")
                : ctx.read(address, collectionSize, "global heap collection");
        Found objects = new Found();
        long freeSpace = 0;
        int objectHeader = objectHeaderSize(lengthSize);
        int end = (int) collectionSize;
        int p = headerSize(lengthSize);
        // Every step advances by at least one object header, so this ends within collectionSize / 16 steps.
        while (p < end) {
            if (end - p < objectHeader) {
                // too small for an object header: implied free space (spec III.E, "Global Heap Object 0")
                freeSpace += end - p;
                break;
            }
            c.position(p);
            int index = c.u16();               // Heap Object Index
            int referenceCount = c.u16();      // Reference Count
            c.skip(4);                         // Reserved
            long objectSize = c.length();      // Object Size
            long room = end - p;
            long stored;
            if (index == 0) {
                // the free space object's size counts its own header and is never padded
                stored = objectSize;
                if (stored < objectHeader || stored > room || stored % ALIGNMENT != 0) {
                    throw c.error(p + 8, "global heap free space object size " + Long.toUnsignedString(objectSize)
                            + " is not an aligned size in [" + objectHeader + ", " + room + "]");
                }
                freeSpace += stored;
            } else {
                if (objectSize < 0 || objectSize > room - objectHeader) {
                    throw c.error(p + 8, "global heap object " + index + " has size " + Long.toUnsignedString(objectSize)
                            + " but only " + (room - objectHeader) + " bytes of the collection remain");
                }
                stored = objectHeader + align(objectSize);
                if (stored > room) {
                    throw c.error(p + 8, "global heap object " + index + " padded to " + stored
                            + " bytes runs past the end of the collection");
                }
                if (index < objects.starts.length && objects.starts[index] != 0) {
                    throw c.error(p, "global heap object index " + index + " appears twice in the collection");
                }
                objects.put(index, p + objectHeader, (int) objectSize, referenceCount);
            }
            p += (int) stored;
        }
        ByteBuffer bytes = c.buffer().duplicate().position(0).asReadOnlyBuffer();
        return new GlobalHeapCollection(ctx.fileName(), address, collectionSize, bytes, c.base(), objects, freeSpace);
    }

    /**
     * The data of the object with this index: exactly Object Size bytes, without padding.
     *
     * @throws H5FormatException naming the collection when no object has this index
     */
    public ByteBuffer object(int index) {
        requireObject(index);
        return bytes.slice(starts[index], sizes[index]).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /** The object's data as a new array. */
    public byte[] objectBytes(int index) {
        ByteBuffer b = object(index);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Copies the object's first bytes, at most {@code len}, into {@code dst} from {@code off}; returns its size. */
    public long copyObject(int index, byte[] dst, int off, int len) {
        requireObject(index);
        bytes.get(starts[index], dst, off, Math.min(len, sizes[index]));
        return sizes[index];
    }

    /** Size, reference count and location of the object with this index. */
    public ObjectInfo info(int index) {
        requireObject(index);
        return new ObjectInfo(index, references[index], sizes[index], fileOffset + starts[index]);
    }

    private void requireObject(int index) {
        if (!contains(index)) {
            throw new H5FormatException(file, fileOffset, "global heap collection at " + address + " has no object with index "
                    + index + (index == 0 ? " (index 0 is the free space)" : "") + "; it holds " + indices());
        }
    }

    public boolean contains(int index) {
        return index > 0 && index < starts.length && starts[index] != 0;
    }

    /** Indices of the stored objects, ascending. */
    public List<Integer> indices() {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i < starts.length; i++) if (starts[i] != 0) out.add(i);
        return out;
    }

    public long address() {
        return address;
    }

    public long collectionSize() {
        return collectionSize;
    }

    /** Bytes of free space: object 0 (its header included) plus any implied tail. */
    public long freeSpace() {
        return freeSpace;
    }

    /**
     * Lays out one collection as libhdf5 does ({@code H5HG__create}, {@code H5HG__alloc}): objects
     * in insertion order with indices 1, 2, ...; each data padded to 8 bytes with its Object Size
     * the exact length; then object 0 for the remaining free space, its header written only when
     * it fits. The collection is at least {@link #MINIMUM_SIZE} bytes, larger when the objects
     * need it.
     */
    public static final class Builder {
        private final int lengthSize;
        private final List<byte[]> data = new ArrayList<>();
        private long used;

        public Builder(int lengthSize) {
            this.lengthSize = lengthSize;
            this.used = headerSize(lengthSize);
        }

        /**
         * Adds an object, kept as it is until {@link #encode()} (not copied: a writer storing 100,000
         * strings made each one's bytes for this); returns the heap object index it will have.
         */
        public int add(byte[] object) {
            if (data.size() >= MAXIMUM_INDEX) {
                throw new IllegalStateException("a global heap collection holds at most " + MAXIMUM_INDEX + " objects");
            }
            data.add(object);
            used += objectHeaderSize(lengthSize) + align(object.length);
            return data.size();
        }

        public int count() {
            return data.size();
        }

        /** The collection size {@link #encode()} would produce after adding an object of {@code length} bytes. */
        public long collectionSizeWith(long length) {
            return sizeFor(used + objectHeaderSize(lengthSize) + align(length));
        }

        /** The collection size {@link #encode()} will produce. */
        public long collectionSize() {
            return sizeFor(used);
        }

        /** The whole collection's bytes. */
        public byte[] encode() {
            Cursor c = start(collectionSize(), lengthSize);
            for (int i = 0; i < data.size(); i++) {
                byte[] d = data.get(i);
                putObjectHeader(c, i + 1, d.length, lengthSize);
                c.putBytes(d);
                c.putZeros(align(d.length) - d.length);
            }
            return finish(c, lengthSize);
        }
    }

    /**
     * A collection of one object, laid out as {@link Builder} lays out a collection of that one
     * object ({@link #INDEX}), for a writer that writes it in pieces: {@link #putHead}, the object's
     * bytes, {@link #tail}. A VDS mapping block of 8 MB then goes to the file through a small
     * buffer instead of being made whole (a young JVM pays for every fresh page it touches).
     */
    public static final class OneObject {
        /** The object's heap object index. */
        public static final int INDEX = 1;

        private final int lengthSize;
        private final int length;
        private final long size;

        /** A collection for one object of {@code length} bytes. */
        public OneObject(int lengthSize, int length) {
            this.lengthSize = lengthSize;
            this.length = length;
            this.size = sizeFor(headerSize(lengthSize) + objectHeaderSize(lengthSize) + (long) align(length));
            requireEncodable(size);
        }

        /** The collection's size in bytes. */
        public long size() {
            return size;
        }

        /** Bytes {@link #putHead} writes: the collection's header and the object's. */
        public int headSize() {
            return headerSize(lengthSize) + objectHeaderSize(lengthSize);
        }

        /** Writes the collection's header and the object's; the object's bytes come next. */
        public void putHead(Cursor c) {
            putCollectionHeader(c, size, lengthSize);
            putObjectHeader(c, INDEX, length, lengthSize);
        }

        /** What follows the object: its padding, then the free space (object 0) to the end (at most a few KiB). */
        public byte[] tail() {
            int at = headSize() + length;
            Cursor c = Cursor.forWriting((int) size - at, 8, lengthSize);
            c.putZeros(align(length) - length);
            putFreeSpace(c, (int) size - (at + align(length) - length), lengthSize);
            return c.filled();
        }
    }

    /** The size of a collection whose header and objects take {@code used} bytes: libhdf5's minimum, or more, aligned. */
    private static long sizeFor(long used) {
        return align(Math.max(MINIMUM_SIZE, used));
    }

    private static void requireEncodable(long size) {
        if (size > Integer.MAX_VALUE - 16) throw new IllegalStateException("global heap collection of " + size + " bytes is too large");
    }

    /** A cursor over a collection of {@code size} bytes, its header written. */
    private static Cursor start(long size, int lengthSize) {
        requireEncodable(size);
        Cursor c = Cursor.forWriting((int) size, 8, lengthSize);
        putCollectionHeader(c, size, lengthSize);
        return c;
    }

    private static void putCollectionHeader(Cursor c, long size, int lengthSize) {
        int start = c.position();
        c.putSignature(SIGNATURE);
        c.putU8(VERSION);
        c.putZeros(3);                             // reserved
        c.putLength(size);                         // Collection Size
        c.putZeros(headerSize(lengthSize) - (c.position() - start));
    }

    private static void putObjectHeader(Cursor c, int index, int length, int lengthSize) {
        c.putU16(index);                           // Heap Object Index
        c.putU16(0);                               // Reference Count, as libhdf5 leaves it for new objects
        c.putZeros(4);                             // Reserved
        c.putLength(length);                       // Object Size: the exact length
        c.putZeros(objectHeaderSize(lengthSize) - (8 + lengthSize));
    }

    /** Object 0 for the space left, its header written only when it fits; returns the collection's bytes. */
    private static byte[] finish(Cursor c, int lengthSize) {
        putFreeSpace(c, c.buffer().capacity() - c.position(), lengthSize);
        return c.filled();
    }

    /** The {@code free} bytes at the end of a collection: object 0's header when it fits, zeros. */
    private static void putFreeSpace(Cursor c, int free, int lengthSize) {
        int end = c.position() + free;
        if (free >= objectHeaderSize(lengthSize)) {
            c.putU16(0);                           // object 0: the free space
            c.putU16(0);
            c.putZeros(4);
            c.putLength(free);                     // its size counts this header
        }
        c.putZeros(end - c.position());
    }
}
