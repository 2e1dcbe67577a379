package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.h5vds.io.H5FormatException;
import org.h5vds.testing.MemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Corrupt or hostile fractal heaps: clear errors naming the file and offset, never a hang or a wrong object. */
@Timeout(20)
class FractalHeapCorruptionTest {
    static final long ADDRESS = FractalHeapBuilderTest.ADDRESS;

    final FractalHeapBuilderTest.Built built = FractalHeapBuilderTest.build(FractalHeapBuilderTest.SMALL, objects());
    final FractalHeapHeader header = built.encoded().header();
    final int headerSize = FractalHeapHeader.size(8, 8, 0);

    /**
     * 300 objects of 200 bytes: two in each 512-byte block, five in each 1 KiB block, so every slot
     * holds a block, up to rows reached through indirect blocks.
     */
    static List<byte[]> objects() {
        Random r = new Random(11);
        List<byte[]> objects = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] o = new byte[200];
            r.nextBytes(o);
            objects.add(o);
        }
        return objects;
    }

    byte[] file() {
        return built.file().clone();
    }

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    static FractalHeap open(byte[] file) {
        return FractalHeap.read(MemoryStore.context(file), ADDRESS);
    }

    /** Rewrites the checksum that ends the structure at [start, start + length). */
    static void fixTrailingChecksum(byte[] file, long start, int length) {
        int at = (int) start + length - 4;
        le(file).putInt(at, Checksum.lookup3(ByteBuffer.wrap(file), (int) start, length - 4));
    }

    FractalHeapBuilder.Piece rootIndirectBlock() {
        return built.encoded().pieces().get(1);
    }

    FractalHeapBuilder.Piece firstDirectBlock() {
        return built.encoded().pieces().get(2);
    }

    /** An object whose bytes lie in the first direct block. */
    byte[] idInFirstDirectBlock() {
        return built.ids().stream()
                .filter(id -> open(built.file()).decodeId(id) instanceof FractalHeapId.Managed m && m.offset() < 512)
                .findFirst().orElseThrow();
    }

    @Test
    void badHeaderSignature() {
        byte[] f = file();
        f[(int) ADDRESS + 3] = 'X';
        assertThatThrownBy(() -> open(f)).isInstanceOf(H5FormatException.class)
                .hasMessageContaining("memory.h5").hasMessageContaining("at byte offset " + ADDRESS)
                .hasMessageContaining("expected signature \"FRHP\"");
    }

    @Test
    void headerChecksumMismatch() {
        byte[] f = file();
        f[(int) ADDRESS + 60]++;
        assertThatThrownBy(() -> open(f)).isInstanceOf(H5FormatException.class)
                .hasMessageContaining("at byte offset " + (ADDRESS + headerSize - 4))
                .hasMessageContaining("fractal heap header checksum mismatch");
    }

    @Test
    void headerWithAnImpossibleDoublingTable() {
        byte[] f = file();
        int tableWidthAt = 4 + 1 + 2 + 2 + 1 + 4 + 8 + 8 + 8 + 8 + 8 * 8;
        le(f).putShort((int) ADDRESS + tableWidthAt, (short) 3);
        fixTrailingChecksum(f, ADDRESS, headerSize);
        assertThatThrownBy(() -> open(f)).isInstanceOf(H5FormatException.class)
                .hasMessageContaining("at byte offset " + (ADDRESS + tableWidthAt))
                .hasMessageContaining("table width 3 is not a power of two");
    }

    @Test
    void headerWithIdsTooShortForItsOffsets() {
        byte[] f = file();
        le(f).putShort((int) ADDRESS + 5, (short) 4);
        fixTrailingChecksum(f, ADDRESS, headerSize);
        assertThatThrownBy(() -> open(f)).isInstanceOf(H5FormatException.class)
                .hasMessageContaining("heap ID length 4 is too short");
    }

    @Test
    void directBlockChecksumMismatch() {
        byte[] f = file();
        FractalHeapBuilder.Piece block = firstDirectBlock();
        f[(int) block.address() + 100]++;
        FractalHeap heap = open(f);
        int checksumAt = 4 + 1 + 8 + header.heapOffsetSize();
        assertThatThrownBy(() -> heap.get(idInFirstDirectBlock())).isInstanceOf(H5FormatException.class)
                .hasMessageContaining("at byte offset " + (block.address() + checksumAt))
                .hasMessageContaining("direct block checksum mismatch");
    }

    @Test
    void indirectBlockChecksumMismatch() {
        byte[] f = file();
        FractalHeapBuilder.Piece root = rootIndirectBlock();
        f[(int) root.address() + 20]++;
        FractalHeap heap = open(f);
        assertThatThrownBy(() -> heap.get(built.ids().get(0))).isInstanceOf(H5FormatException.class)
                .hasMessageContaining("at byte offset " + (root.address() + root.bytes().length - 4))
                .hasMessageContaining("indirect block checksum mismatch");
    }

    @Test
    void directBlockOfAnotherHeap() {
        byte[] f = file();
        FractalHeapBuilder.Piece block = firstDirectBlock();
        le(f).putLong((int) block.address() + 5, 12345);
        int checksumAt = (int) block.address() + 4 + 1 + 8 + header.heapOffsetSize();
        le(f).putInt(checksumAt, 0);
        le(f).putInt(checksumAt, Checksum.lookup3(ByteBuffer.wrap(f), (int) block.address(), block.bytes().length));
        FractalHeap heap = open(f);
        assertThatThrownBy(() -> heap.get(idInFirstDirectBlock())).isInstanceOf(H5FormatException.class)
                .hasMessageContaining("at byte offset " + (block.address() + 5))
                .hasMessageContaining("belongs to the heap at 12345, not to the heap at " + ADDRESS);
    }

    @Test
    void childAddressesSwappedBetweenEntries() {
        byte[] f = file();
        FractalHeapBuilder.Piece root = rootIndirectBlock();
        int entries = (int) root.address() + 4 + 1 + 8 + header.heapOffsetSize();
        // swap the first block with another block of the same size (rows 0 and 1 hold 512-byte blocks)
        int other = 1;
        while (other < 8 && le(f).getLong(entries + 8 * other) == -1L) other++;
        assertThat(other).as("another 512-byte block").isLessThan(8);
        long first = le(f).getLong(entries);
        long second = le(f).getLong(entries + 8 * other);
        le(f).putLong(entries, second).putLong(entries + 8 * other, first);
        fixTrailingChecksum(f, root.address(), root.bytes().length);
        FractalHeap heap = open(f);
        assertThatThrownBy(() -> heap.get(idInFirstDirectBlock())).isInstanceOf(H5FormatException.class)
                .hasMessageContaining("at byte offset " + (second + 5 + 8))
                .hasMessageContaining("has block offset " + 512L * other + " where the doubling table puts 0");
    }

    @Test
    void anIndirectBlockThatPointsBackToItsParentEndsWithAnError() {
        byte[] f = file();
        FractalHeapBuilder.Piece root = rootIndirectBlock();
        DoublingTable t = header.doublingTable();
        int firstIndirectEntry = (int) root.address() + 4 + 1 + 8 + header.heapOffsetSize() + 8 * t.directEntries(header.currentRootRows());
        le(f).putLong(firstIndirectEntry, root.address());
        fixTrailingChecksum(f, root.address(), root.bytes().length);
        FractalHeap heap = open(f);
        // an object past the direct rows is reached through that entry
        byte[] deep = built.ids().stream()
                .filter(id -> heap.decodeId(id) instanceof FractalHeapId.Managed m && m.offset() >= t.rowBlockOffset(t.maxDirectRows())
                        && m.offset() < t.rowBlockOffset(t.maxDirectRows()) + t.rowBlockSize(t.maxDirectRows()))
                .findFirst().orElseThrow();
        heap.get(built.ids().get(0)); // the root is now cached as a root
        assertThatThrownBy(() -> heap.get(deep)).isInstanceOf(H5FormatException.class)
                .hasMessageContaining("at byte offset " + root.address());
        FractalHeap fresh = open(f);
        assertThatThrownBy(() -> fresh.get(deep)).isInstanceOf(H5FormatException.class);
        assertThatThrownBy(fresh::directBlocks).isInstanceOf(H5FormatException.class);
    }

    @Test
    void heapIdsPointingOutsideTheHeapOrTheirBlock() {
        FractalHeap heap = open(file());
        FractalHeapHeader h = heap.header();
        long managedSpace = h.managedSpace();
        int overhead = h.directBlockOverhead(8);
        assertThatThrownBy(() -> heap.get(new FractalHeapId.Managed(managedSpace + 10, 5).encode(h, 8, 8)))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("at byte offset " + ADDRESS)
                .hasMessageContaining("outside the heap's managed space of " + managedSpace);
        assertThatThrownBy(() -> heap.get(new FractalHeapId.Managed(managedSpace - 2, 5).encode(h, 8, 8)))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("outside the heap's managed space");
        assertThatThrownBy(() -> heap.get(new FractalHeapId.Managed(2, 5).encode(h, 8, 8)))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("prefix of the direct block");
        assertThatThrownBy(() -> heap.get(new FractalHeapId.Managed(512 - 3, 10).encode(h, 8, 8)))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("runs past the end of the 512-byte direct block");
        assertThatThrownBy(() -> heap.get(new FractalHeapId.Managed(overhead, 0).encode(h, 8, 8)))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("never empty");
        assertThatThrownBy(() -> heap.get(new FractalHeapId.Managed(overhead, 1001).encode(h, 8, 8)))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("longer than the maximum managed object size");
    }

    @Test
    void malformedHeapIds() {
        FractalHeap heap = open(file());
        byte[] id = built.ids().get(0).clone();
        id[0] = 0x30;
        assertThatThrownBy(() -> heap.get(id)).isInstanceOf(H5FormatException.class).hasMessageContaining("reserved type 3");
        id[0] = 0x40;
        assertThatThrownBy(() -> heap.get(id)).isInstanceOf(H5FormatException.class).hasMessageContaining("unknown version 1");
        assertThatThrownBy(() -> heap.get(Arrays.copyOf(id, 3))).isInstanceOf(H5FormatException.class).hasMessageContaining("shorter than");
        byte[] tiny = new byte[8];
        tiny[0] = 0x2F; // a 16-byte tiny object cannot fit an 8-byte ID
        assertThatThrownBy(() -> heap.get(tiny)).isInstanceOf(H5FormatException.class).hasMessageContaining("does not fit heap ID");
        byte[] huge = new byte[8];
        huge[0] = 0x10;
        assertThatThrownBy(() -> heap.get(huge)).isInstanceOf(H5FormatException.class).hasMessageContaining("huge object");
    }

    @Test
    void truncatedFile() {
        byte[] f = Arrays.copyOf(file(), (int) firstDirectBlock().address() + 10);
        FractalHeap heap = open(f);
        assertThatThrownBy(() -> heap.get(idInFirstDirectBlock())).isInstanceOf(H5FormatException.class)
                .hasMessageContaining("runs past the end of the file");
        byte[] headerOnly = Arrays.copyOf(file(), (int) ADDRESS + 20);
        assertThatThrownBy(() -> open(headerOnly)).isInstanceOf(H5FormatException.class)
                .hasMessageContaining("fractal heap header").hasMessageContaining("runs past the end of the file");
    }

    @Test
    void undamagedHeapStillReads() {
        FractalHeap heap = open(file());
        List<byte[]> ids = built.ids();
        for (int i = 0; i < ids.size(); i++) assertThat(heap.get(ids.get(i))).isEqualTo(built.objects().get(i));
    }
}
