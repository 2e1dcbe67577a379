package org.h5vds.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.format.Checksum;
import org.h5vds.format.GlobalHeapCollection;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.message.Message;
import org.h5vds.node.DatasetNode;
import org.h5vds.node.OpenFile;

/**
 * Precise damage to a copy of a real file, for tests of hostile input: find a structure with the
 * library's own decoders, change a field, and recompute the checksums that cover it (v2 object
 * header chunks, the virtual dataset mapping block) so that the damage gets past them as it would
 * in a file corrupted before it was checksummed.
 */
public final class FileSurgery {
    private final Path file;
    private final ByteBuffer bytes;

    private FileSurgery(Path file, byte[] content) {
        this.file = file;
        this.bytes = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies {@code source} to {@code target} and opens the copy for surgery. */
    public static FileSurgery copy(Path source, Path target) {
        try {
            Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new FileSurgery(target, Files.readAllBytes(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return file;
    }

    /** The absolute offset of the body of the first message of {@code type} in the header of {@code object}. */
    public long message(String object, Class<? extends Message> type) {
        try (OpenFile f = OpenFile.open(file)) {
            return f.resolve(object).header().messageAddress(type);
        }
    }

    /** The absolute offset and size of the virtual dataset mapping block of {@code dataset}. */
    public long[] mappingBlock(String dataset) {
        try (OpenFile f = OpenFile.open(file)) {
            DatasetNode d = (DatasetNode) f.resolve(dataset);
            GlobalHeapCollection heap = GlobalHeapCollection.read(f.context(), d.layout().globalHeapAddress());
            GlobalHeapCollection.ObjectInfo info = heap.info((int) d.layout().globalHeapIndex());
            return new long[] {info.dataFileOffset(), info.size()};
        }
    }

    public long u8(long at) {
        return bytes.get((int) at) & 0xFF;
    }

    public long u32(long at) {
        return bytes.getInt((int) at) & 0xFFFFFFFFL;
    }

    public long u64(long at) {
        return bytes.getLong((int) at);
    }

    public FileSurgery putU8(long at, int v) {
        bytes.put((int) at, (byte) v);
        return this;
    }

    public FileSurgery putU32(long at, long v) {
        bytes.putInt((int) at, (int) v);
        return this;
    }

    public FileSurgery putU64(long at, long v) {
        bytes.putLong((int) at, v);
        return this;
    }

    /** Writes the bytes back, with the checksums of {@code object}'s header chunks recomputed (v2 headers). */
    public FileSurgery saveFixingHeader(String object) {
        try (OpenFile f = OpenFile.open(file)) {
            return saveFixing(f.resolve(object).header());
        }
    }

    /**
     * Writes the bytes back, with the checksums of the chunks of {@code header} (read from the file
     * before the surgery, e.g. at an address no path leads to) recomputed (v2 headers).
     */
    public FileSurgery saveFixing(ObjectHeader header) {
        int version = header.version();
        List<ObjectHeader.Chunk> chunks = new ArrayList<>(header.chunks());
        if (version == 2) {
            for (ObjectHeader.Chunk c : chunks) {
                int end = (int) (c.address() + c.size() - 4);
                bytes.putInt(end, Checksum.lookup3(bytes, (int) c.address(), end - (int) c.address()));
            }
        }
        return save();
    }

    /** Writes the bytes back, with the checksum at the end of {@code dataset}'s mapping block recomputed. */
    public FileSurgery saveFixingMappingBlock(long[] block) {
        int start = (int) block[0];
        int end = (int) (block[0] + block[1] - 4);
        bytes.putInt(end, Checksum.lookup3(bytes, start, end - start));
        return save();
    }

    public FileSurgery save() {
        try {
            Files.write(file, bytes.array());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
