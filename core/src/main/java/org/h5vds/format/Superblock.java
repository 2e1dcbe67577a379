package org.h5vds.format;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;
import org.h5vds.io.Store;

/**
 * The superblock (II.A): the format signature, found at byte 0, 512, 1024, 2048, ..., followed by
 * the sizes of offsets and lengths, the base address, the end-of-file address and the way into
 * the root group. Versions 0 and 1 carry the root group's symbol table entry and B-tree K values
 * (version 1 adds the indexed storage K); versions 2 and 3 carry the root group's object header
 * address, the superblock extension address and a lookup3 checksum, which is verified.
 *
 * <p>Following libhdf5 (H5Fsuper.c), when the stored base address differs from where the signature
 * was found, the file is taken to have been moved as a whole: the base address becomes the
 * signature's position and the end-of-file address moves by the same amount. The end-of-file
 * address counts from the start of the file (it includes a user block), and a file shorter than
 * it is rejected as truncated, as libhdf5 does ("truncated file"); longer files are fine.
 */
public final class Superblock {
    public static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /** libhdf5's default group leaf node K, group internal node K and indexed storage internal node K. */
    public static final int DEFAULT_GROUP_LEAF_NODE_K = 4;
    public static final int DEFAULT_GROUP_INTERNAL_NODE_K = 16;
    public static final int DEFAULT_INDEXED_STORAGE_INTERNAL_NODE_K = 32;

    private final String file;
    private final Store store;
    private final long location;
    private final int version;
    private final int offsetSize;
    private final int lengthSize;
    private final int fileConsistencyFlags;
    private final long storedBaseAddress;
    private final long endOfFileAddress;
    // versions 0 and 1
    private final int freeSpaceVersion;
    private final int rootGroupSymbolTableEntryVersion;
    private final int sharedHeaderMessageVersion;
    private final int groupLeafNodeK;
    private final int groupInternalNodeK;
    private final int indexedStorageInternalNodeK;
    private final long freeSpaceInfoAddress;
    private final long driverInformationBlockAddress;
    private final SymbolTableEntry rootGroupSymbolTableEntry;
    // versions 2 and 3
    private final long superblockExtensionAddress;
    private final long rootGroupObjectHeaderAddress;

    private Superblock(String file, Store store, long location, int version, int offsetSize, int lengthSize, int fileConsistencyFlags,
                       long storedBaseAddress, long endOfFileAddress, int freeSpaceVersion, int rootGroupSymbolTableEntryVersion,
                       int sharedHeaderMessageVersion, int groupLeafNodeK, int groupInternalNodeK, int indexedStorageInternalNodeK,
                       long freeSpaceInfoAddress, long driverInformationBlockAddress, SymbolTableEntry rootGroupSymbolTableEntry,
                       long superblockExtensionAddress, long rootGroupObjectHeaderAddress) {
        this.file = file;
        this.store = store;
        this.location = location;
        this.version = version;
        this.offsetSize = offsetSize;
        this.lengthSize = lengthSize;
        this.fileConsistencyFlags = fileConsistencyFlags;
        this.storedBaseAddress = storedBaseAddress;
        this.endOfFileAddress = endOfFileAddress;
        this.freeSpaceVersion = freeSpaceVersion;
        this.rootGroupSymbolTableEntryVersion = rootGroupSymbolTableEntryVersion;
        this.sharedHeaderMessageVersion = sharedHeaderMessageVersion;
        this.groupLeafNodeK = groupLeafNodeK;
        this.groupInternalNodeK = groupInternalNodeK;
        this.indexedStorageInternalNodeK = indexedStorageInternalNodeK;
        this.freeSpaceInfoAddress = freeSpaceInfoAddress;
        this.driverInformationBlockAddress = driverInformationBlockAddress;
        this.rootGroupSymbolTableEntry = rootGroupSymbolTableEntry;
        this.superblockExtensionAddress = superblockExtensionAddress;
        this.rootGroupObjectHeaderAddress = rootGroupObjectHeaderAddress;
    }

    /**
     * A version 2 or 3 superblock for the writer, at {@code location} with that base address.
     *
     * @param fileConsistencyFlags 0 for a closed file
     */
    public static Superblock v2(int version, int offsetSize, int lengthSize, int fileConsistencyFlags, long location,
                                long superblockExtensionAddress, long endOfFileAddress, long rootGroupObjectHeaderAddress) {
        if (version != 2 && version != 3) throw new IllegalArgumentException("superblock version must be 2 or 3, not " + version);
        checkSize(offsetSize, "size of offsets");
        checkSize(lengthSize, "size of lengths");
        return new Superblock(null, null, location, version, offsetSize, lengthSize, fileConsistencyFlags, location, endOfFileAddress,
                0, 0, 0, DEFAULT_GROUP_LEAF_NODE_K, DEFAULT_GROUP_INTERNAL_NODE_K, DEFAULT_INDEXED_STORAGE_INTERNAL_NODE_K,
                Cursor.UNDEFINED, Cursor.UNDEFINED, null, superblockExtensionAddress, rootGroupObjectHeaderAddress);
    }

    private static void checkSize(int size, String what) {
        if (size != 2 && size != 4 && size != 8) throw new IllegalArgumentException(what + " must be 2, 4 or 8, not " + size);
    }

    /** Bytes of a superblock of this version, signature and checksum included. */
    public static int encodedSize(int version, int offsetSize, int lengthSize) {
        return switch (version) {
            case 0 -> 24 + 4 * offsetSize + SymbolTableEntry.size(offsetSize, lengthSize);
            case 1 -> 28 + 4 * offsetSize + SymbolTableEntry.size(offsetSize, lengthSize);
            default -> 12 + 4 * offsetSize + 4;
        };
    }

    // ---- reading -------------------------------------------------------------------------------

    /** Finds and decodes the superblock of the file in {@code store}. */
    public static Superblock read(Store store) {
        String file = store.location();
        long fileSize = store.size();
        if (fileSize < SIGNATURE.length) {
            throw new H5FormatException(file, H5FormatException.NO_OFFSET, "not an HDF5 file: " + fileSize + " bytes are too few for a superblock");
        }
        long location = find(store, file, fileSize);
        if (location + 9 > fileSize) throw new H5FormatException(file, location, "the file ends inside the superblock, right after its signature");
        int version = store.read(location + 8, 1, "superblock version").get() & 0xFF;
        if (version > 3) throw new H5FormatException(file, location + 8, "superblock: unknown version " + version + " (known: 0-3)");
        int sizesAt = version < 2 ? 13 : 9;
        if (location + sizesAt + 2 > fileSize) throw new H5FormatException(file, location, "the file ends inside the superblock (" + (fileSize - location) + " bytes)");
        ByteBuffer sizes = store.read(location + sizesAt, 2, "superblock sizes");
        int offsetSize = sizes.get(0) & 0xFF;
        int lengthSize = sizes.get(1) & 0xFF;
        requireSize(file, location + sizesAt, offsetSize, "Size of Offsets");
        requireSize(file, location + sizesAt + 1, lengthSize, "Size of Lengths");
        int total = encodedSize(version, offsetSize, lengthSize);
        if (total > fileSize - location) {
            throw new H5FormatException(file, location, "superblock version " + version + " needs " + total + " bytes but the file ends after "
                    + (fileSize - location));
        }
        Cursor in = new Cursor(store.read(location, total, "superblock"), file, location, offsetSize, lengthSize);
        Superblock sb = version < 2 ? decodeV0V1(in, store, file, location, version, offsetSize, lengthSize)
                : decodeV2V3(in, store, file, location, version, offsetSize, lengthSize);
        // A SWMR writer allocates space (the End of File Address) before it writes there, so libhdf5's
        // SWMR reader does not hold the file to that address (H5F__super_read skips its EOF check)
        if (!sb.isSwmrWrite()) sb.checkEndOfFile(fileSize);
        sb.checkDriver(fileSize);
        return sb;
    }

    /** The driver identification of a multi (and split) file's driver information block (II.C). */
    private static final byte[] MULTI_DRIVER = "NCSAmult".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Refuses a file of libhdf5's multi driver (split files too): its addresses are spread over member
     * files that each hold one kind of data, so this file alone has no raw data at the addresses its
     * headers give. libhdf5 refuses it too unless opened with that driver ("multi driver should be used").
     */
    private void checkDriver(long fileSize) {
        if (version >= 2 || driverInformationBlockAddress == Cursor.UNDEFINED) return;
        // version, 3 reserved bytes, size of the driver information, then the 8-byte identification
        long at = baseAddress() + driverInformationBlockAddress;
        if (at < 0 || at + 16 > fileSize) return;
        byte[] id = new byte[MULTI_DRIVER.length];
        store.read(at + 8, id.length, "driver information block").get(id);
        if (Arrays.equals(id, MULTI_DRIVER)) {
            throw new H5FormatException(file, at, "written by libhdf5's multi (or split) file driver (driver information block \"NCSAmult\"): "
                    + "its data lies in member files; h5vds reads files of one piece only");
        }
    }

    private static long find(Store store, String file, long fileSize) {
        for (long at = 0; at + SIGNATURE.length <= fileSize; at = at == 0 ? 512 : at * 2) {
            byte[] b = new byte[SIGNATURE.length];
            store.read(at, SIGNATURE.length, "superblock signature").get(b);
            if (Arrays.equals(b, SIGNATURE)) return at;
        }
        throw new H5FormatException(file, H5FormatException.NO_OFFSET,
                "not an HDF5 file: no HDF5 signature at byte 0, 512, 1024, 2048, ... of its " + fileSize + " bytes");
    }

    private static void requireSize(String file, long at, int size, String what) {
        if (size != 2 && size != 4 && size != 8) throw new H5FormatException(file, at, "superblock: " + what + " is " + size + ", expected 2, 4 or 8");
    }

    private static Superblock decodeV0V1(Cursor in, Store store, String file, long location, int version, int offsetSize, int lengthSize) {
        in.skip(SIGNATURE.length + 1);
        int freeSpaceVersion = in.version(in.u8(), "superblock: free space version", 0);
        int rootEntryVersion = in.version(in.u8(), "superblock: root group symbol table entry version", 0);
        in.skip(1);
        int sharedVersion = in.version(in.u8(), "superblock: shared header message format version", 0);
        in.skip(2 + 1);
        int leafK = positiveK(in, "Group Leaf Node K");
        int internalK = positiveK(in, "Group Internal Node K");
        int flags = (int) in.u32();
        int storageK = DEFAULT_INDEXED_STORAGE_INTERNAL_NODE_K;
        if (version == 1) {
            storageK = positiveK(in, "Indexed Storage Internal Node K");
            in.skip(2);
        }
        long base = in.address();
        long freeSpace = in.address();
        long eof = in.address();
        long driver = in.address();
        SymbolTableEntry root = SymbolTableEntry.decode(in);
        return new Superblock(file, store, location, version, offsetSize, lengthSize, flags, base, eof, freeSpaceVersion, rootEntryVersion,
                sharedVersion, leafK, internalK, storageK, freeSpace, driver, root, Cursor.UNDEFINED, root.objectHeaderAddress());
    }

    private static int positiveK(Cursor in, String what) {
        int k = in.u16();
        if (k == 0) throw in.error(in.position() - 2, "superblock: " + what + " is 0, must be greater than zero");
        return k;
    }

    private static Superblock decodeV2V3(Cursor in, Store store, String file, long location, int version, int offsetSize, int lengthSize) {
        in.skip(SIGNATURE.length + 1 + 2);
        int flags = in.u8();
        long base = in.address();
        long extension = in.address();
        long eof = in.address();
        long root = in.address();
        int checksumAt = in.position();
        int stored = (int) in.u32();
        int computed = Checksum.lookup3(in.buffer(), 0, checksumAt);
        if (!Checksum.matches(stored, computed)) {
            throw in.error(checksumAt, String.format("superblock: checksum mismatch (stored 0x%08x, computed 0x%08x)", stored, computed));
        }
        if (root == Cursor.UNDEFINED) throw in.error(checksumAt - offsetSize, "superblock: the root group object header address is undefined");
        return new Superblock(file, store, location, version, offsetSize, lengthSize, flags, base, eof, 0, 0, 0,
                DEFAULT_GROUP_LEAF_NODE_K, DEFAULT_GROUP_INTERNAL_NODE_K, DEFAULT_INDEXED_STORAGE_INTERNAL_NODE_K,
                Cursor.UNDEFINED, Cursor.UNDEFINED, null, extension, root);
    }

    /** Whether the file consistency flags say a SWMR writer has the file open (version 3, bit 2). */
    public boolean isSwmrWrite() {
        return version >= 3 && (fileConsistencyFlags & 0x04) != 0;
    }

    private void checkEndOfFile(long fileSize) {
        if (endOfFileAddress == Cursor.UNDEFINED) {
            throw new H5FormatException(file, location, "superblock: the End of File Address is undefined");
        }
        long eof = endOfFile();
        if (eof < 0 || eof > fileSize) {
            throw new H5FormatException(file, location, "file is truncated: the superblock says the HDF5 data ends at byte "
                    + Long.toUnsignedString(eof) + " but the file has only " + fileSize + " bytes");
        }
    }

    // ---- accessors -----------------------------------------------------------------------------

    /** The format layer's view of the file: sizes and the (effective) base address. */
    public FileContext context() {
        if (store == null) throw new IllegalStateException("a superblock built for writing has no file");
        return new FileContext(store, offsetSize, lengthSize, baseAddress());
    }

    /** The absolute file offset of the signature. */
    public long location() {
        return location;
    }

    public int version() {
        return version;
    }

    public int offsetSize() {
        return offsetSize;
    }

    public int lengthSize() {
        return lengthSize;
    }

    /** Versions 0-1: unused 32-bit field; version 3: bit 0 open for writing, bit 2 open for SWMR writing. */
    public int fileConsistencyFlags() {
        return fileConsistencyFlags;
    }

    /** The base address as stored. */
    public long storedBaseAddress() {
        return storedBaseAddress;
    }

    /** The absolute offset that every other address is relative to: where the superblock was found. */
    public long baseAddress() {
        return location;
    }

    /** The End of File Address as stored. */
    public long endOfFileAddress() {
        return endOfFileAddress;
    }

    /** The end of the HDF5 data as an absolute file offset, moved with the base address when the file was moved. */
    public long endOfFile() {
        return endOfFileAddress + (location - storedBaseAddress);
    }

    public int freeSpaceVersion() {
        return freeSpaceVersion;
    }

    public int rootGroupSymbolTableEntryVersion() {
        return rootGroupSymbolTableEntryVersion;
    }

    public int sharedHeaderMessageVersion() {
        return sharedHeaderMessageVersion;
    }

    /** Versions 0-1 (the default otherwise; version 2+ files keep non-default values in the extension's B-tree K message). */
    public int groupLeafNodeK() {
        return groupLeafNodeK;
    }

    public int groupInternalNodeK() {
        return groupInternalNodeK;
    }

    /** Version 1 only; otherwise the default, 32. */
    public int indexedStorageInternalNodeK() {
        return indexedStorageInternalNodeK;
    }

    /** Versions 0-1: the (always undefined) free space info address. */
    public long freeSpaceInfoAddress() {
        return freeSpaceInfoAddress;
    }

    /** Versions 0-1: the driver information block, or undefined. */
    public long driverInformationBlockAddress() {
        return driverInformationBlockAddress;
    }

    /** Versions 0-1: the root group's symbol table entry, or null for versions 2-3. */
    public SymbolTableEntry rootGroupSymbolTableEntry() {
        return rootGroupSymbolTableEntry;
    }

    /** Versions 2-3: the object header address of the superblock extension, or undefined. */
    public long superblockExtensionAddress() {
        return superblockExtensionAddress;
    }

    /** The root group's object header address (from the symbol table entry for versions 0-1). */
    public long rootGroupObjectHeaderAddress() {
        return rootGroupObjectHeaderAddress;
    }

    /**
     * This superblock as a writer rewrites it: with new file consistency flags and the end of the
     * HDF5 data {@code endRelative} bytes past the base address, the base address being where the
     * superblock is. The End of File Address is stored as libhdf5 stores it, counting the user
     * block before the base address (H5F__cache_superblock_serialize adds the base address), so
     * that libhdf5 does not see a file with a user block as ending inside its own data.
     */
    public Superblock with(int flags, long endRelative) {
        return with(flags, endRelative, rootGroupSymbolTableEntry);
    }

    /** As {@link #with(int, long)}, with another root group symbol table entry (versions 0 and 1). */
    public Superblock with(int flags, long endRelative, SymbolTableEntry rootEntry) {
        return new Superblock(file, store, location, version, offsetSize, lengthSize, flags, location, location + endRelative, freeSpaceVersion,
                rootGroupSymbolTableEntryVersion, sharedHeaderMessageVersion, groupLeafNodeK, groupInternalNodeK,
                indexedStorageInternalNodeK, freeSpaceInfoAddress, driverInformationBlockAddress, rootEntry,
                superblockExtensionAddress, rootGroupObjectHeaderAddress);
    }

    /** The End of File Address relative to the base address, as a writer continues it. */
    public long endOfFileRelative() {
        return endOfFile() - location;
    }

    // ---- encoding ------------------------------------------------------------------------------

    /** The superblock's bytes, signature first; versions 2 and 3 end with their checksum. */
    public byte[] encode() {
        int total = encodedSize(version, offsetSize, lengthSize);
        Cursor out = Cursor.forWriting(total, offsetSize, lengthSize);
        out.putBytes(SIGNATURE);
        out.putU8(version);
        if (version < 2) {
            out.putU8(freeSpaceVersion);
            out.putU8(rootGroupSymbolTableEntryVersion);
            out.putU8(0);
            out.putU8(sharedHeaderMessageVersion);
            out.putU8(offsetSize);
            out.putU8(lengthSize);
            out.putU8(0);
            out.putU16(groupLeafNodeK);
            out.putU16(groupInternalNodeK);
            out.putU32(fileConsistencyFlags & 0xFFFFFFFFL);
            if (version == 1) {
                out.putU16(indexedStorageInternalNodeK);
                out.putU16(0);
            }
            out.putAddress(storedBaseAddress);
            out.putAddress(freeSpaceInfoAddress);
            out.putAddress(endOfFileAddress);
            out.putAddress(driverInformationBlockAddress);
            rootGroupSymbolTableEntry.encode(out);
        } else {
            out.putU8(offsetSize);
            out.putU8(lengthSize);
            out.putU8(fileConsistencyFlags);
            out.putAddress(storedBaseAddress);
            out.putAddress(superblockExtensionAddress);
            out.putAddress(endOfFileAddress);
            out.putAddress(rootGroupObjectHeaderAddress);
            out.putU32(Checksum.lookup3(out.buffer(), 0, out.position()) & 0xFFFFFFFFL);
        }
        return out.written();
    }

    @Override
    public String toString() {
        return "Superblock[v" + version + " at " + location + ", offsets " + offsetSize + ", lengths " + lengthSize + ", base "
                + storedBaseAddress + ", EOF " + endOfFileAddress + ", root " + rootGroupObjectHeaderAddress
                + (version >= 2 ? ", extension " + superblockExtensionAddress : "") + "]";
    }
}
