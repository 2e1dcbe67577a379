package org.h5vds.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Function;
import org.h5vds.format.Checksum;
import org.h5vds.format.EncodedBlock;
import org.h5vds.format.EncodedStructure;

/**
 * Replaces an index in a file libhdf5 wrote (superblock v2/v3, object headers v2, 8-byte offsets)
 * by one our encoders built, so that libhdf5 itself can be asked to read what we wrote before the
 * writer exists: the new structure is appended at the end of the file, the address in the object
 * header message that points to the index is overwritten, and the object header chunk's and the
 * superblock's checksums (and the superblock's end-of-file address) are recomputed.
 *
 * <p>Message and chunk positions come from {@code h5debug}'s dump of the object header. The
 * address must be the message's last 8 bytes, as it is in a version 4 data layout message of
 * the fixed array, extensible array and v2 B-tree indexes, and in a link info message without a
 * creation order index.
 */
public final class Transplant {
    private byte[] bytes;
    private final java.nio.file.Path original;

    public Transplant(java.nio.file.Path original, byte[] bytes) {
        this.original = original;
        this.bytes = bytes.clone();
    }

    public byte[] bytes() {
        return bytes;
    }

    /**
     * Appends the structure {@code build} makes with space from the end of the file and points
     * the named message of the object header at it.
     *
     * @param message the message name as h5debug prints it between quotes: "layout", "linfo"
     * @return the address the message held before (libhdf5's index)
     */
    public long replace(long objectHeaderAddress, String message, Function<BumpAllocator, EncodedStructure> build) {
        return replace(objectHeaderAddress, message, 0, build);
    }

    /**
     * As {@link #replace(long, String, Function)} for a message whose address is followed by
     * {@code bytesAfterAddress} bytes of other fields (4 in a virtual layout message: the heap
     * object index, which is left as it is).
     */
    public long replace(long objectHeaderAddress, String message, int bytesAfterAddress, Function<BumpAllocator, EncodedStructure> build) {
        String dump = Libhdf5Files.h5debug(original, objectHeaderAddress);
        long[] where = messageLocation(dump, message);
        long chunkAddress = where[0];
        long addressAt = where[0] + where[1] + where[2] - 8 - bytesAfterAddress;
        long checksumAt = checksumPosition(chunkAddress);
        long old = u64(addressAt);

        BumpAllocator allocator = new BumpAllocator(bytes.length);
        EncodedStructure s = build.apply(allocator);
        byte[] grown = Arrays.copyOf(bytes, Math.toIntExact(allocator.end()));
        for (EncodedBlock b : s.blocks()) System.arraycopy(b.bytes(), 0, grown, Math.toIntExact(b.address()), b.bytes().length);
        bytes = grown;
        putU64(addressAt, s.address());
        putU32(checksumAt, Checksum.lookup3(Arrays.copyOfRange(bytes, (int) chunkAddress, (int) checksumAt)));
        // superblock v2/v3 with 8-byte offsets: End of File Address at 28, checksum at 44
        if (bytes[8] < 2) throw new AssertionError("needs superblock version 2 or 3");
        putU64(28, bytes.length);
        putU32(44, Checksum.lookup3(Arrays.copyOfRange(bytes, 0, 44)));
        return old;
    }

    /** {chunk address, message offset in the chunk, message size} of the first message called {@code name}. */
    static long[] messageLocation(String dump, String name) {
        String[] lines = dump.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].contains("Message ID") || !lines[i].contains("`" + name + "'")) continue;
            int chunk = -1;
            long offset = -1;
            long size = -1;
            for (int j = i + 1; j < lines.length && !lines[j].startsWith("Message "); j++) {
                String t = lines[j].trim();
                if (t.startsWith("Chunk number:")) chunk = Integer.parseInt(t.substring(t.indexOf(':') + 1).trim());
                if (t.startsWith("Raw message data (offset, size) in chunk:")) {
                    String v = t.substring(t.indexOf('(', t.indexOf(':')) + 1, t.lastIndexOf(')'));
                    offset = Long.parseLong(v.split(",")[0].trim());
                    size = Long.parseLong(v.split(",")[1].trim());
                }
            }
            return new long[] {chunkAddress(lines, chunk), offset, size};
        }
        throw new AssertionError("no " + name + " message in:\n" + dump);
    }

    private static long chunkAddress(String[] lines, int chunk) {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("Chunk " + chunk + "...")) {
                String t = lines[i + 1].trim();
                return Long.parseLong(t.substring(t.indexOf(':') + 1).trim());
            }
        }
        throw new AssertionError("no chunk " + chunk);
    }

    /** Finds where the chunk's checksum sits: the first position whose 4 bytes are the lookup3 of the bytes before it. */
    private long checksumPosition(long chunkAddress) {
        for (long end = chunkAddress + 8; end + 4 <= bytes.length && end < chunkAddress + (1 << 20); end++) {
            if (Checksum.lookup3(Arrays.copyOfRange(bytes, (int) chunkAddress, (int) end)) == u32(end)) return end;
        }
        throw new AssertionError("no checksum found for the object header chunk at " + chunkAddress);
    }

    private ByteBuffer le() {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private long u64(long at) {
        return le().getLong((int) at);
    }

    private int u32(long at) {
        return le().getInt((int) at);
    }

    private void putU64(long at, long v) {
        le().putLong((int) at, v);
    }

    private void putU32(long at, int v) {
        le().putInt((int) at, v);
    }
}
