package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.h5vds.io.H5FormatException;
import org.h5vds.testing.Libhdf5Files;
import org.h5vds.testing.MemoryStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structures libhdf5 wrote, corrupted in the ways a damaged or hostile file can be: every one
 * fails with an {@link H5FormatException} naming the file, the byte offset and what was expected;
 * nothing hangs, nothing allocates what the file cannot hold, nothing answers wrongly.
 */
class CorruptInputTest {
    @TempDir
    static Path dir;
    static byte[] earliest;
    static byte[] latest;
    static long v1Root;
    static long groupBTree;
    static long groupHeap;
    static long bt2;
    static long faPaged;
    static long eaPaged;

    @BeforeAll
    static void writeFiles() throws IOException {
        Path e = Libhdf5Files.write(dir.resolve("earliest.h5"), """
                with h5py.File(sys.argv[1], 'w', libver='earliest') as f:
                    f.create_dataset('large', data=np.arange(20000, dtype='i1'), chunks=(2,))
                    for i in range(20):
                        f.create_group('g%02d' % i)
                """);
        Path l = Libhdf5Files.write(dir.resolve("latest.h5"), """
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                    d = f.create_dataset('bt2', shape=(100, 60), maxshape=(None, None), chunks=(1, 1), dtype='i1')
                    d[...] = 1
                    d = f.create_dataset('fa_paged', shape=(200, 50), chunks=(2, 2), dtype='i2')
                    d[...] = 1
                    d = f.create_dataset('ea_paged', shape=(300000,), maxshape=(None,), chunks=(1,), dtype='i1')
                    for i in [0, 5, 100, 2000, 140000, 150000]:
                        d[i] = 1
                """);
        earliest = Files.readAllBytes(e);
        latest = Files.readAllBytes(l);
        Map<String, Libhdf5Files.DatasetFacts> ef = Libhdf5Files.describe(e);
        Map<String, Libhdf5Files.DatasetFacts> lf = Libhdf5Files.describe(l);
        v1Root = Libhdf5Files.index(e, ef.get("large")).address();
        String root = Libhdf5Files.h5debug(e, Libhdf5Files.objectAddress(e, "/"));
        groupBTree = Long.parseLong(Libhdf5Files.field(root, "B-tree address"));
        groupHeap = Long.parseLong(Libhdf5Files.field(root, "Name heap address"));
        bt2 = Libhdf5Files.index(l, lf.get("bt2")).address();
        faPaged = Libhdf5Files.index(l, lf.get("fa_paged")).address();
        eaPaged = Libhdf5Files.index(l, lf.get("ea_paged")).address();
    }

    static MemoryStore copy(byte[] file) {
        return new MemoryStore(file.clone(), "corrupt.h5");
    }

    static FileContext ctx(MemoryStore store) {
        return new FileContext(store, 8, 8, 0);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> fails(ThrowingCallable call, String detail) {
        return assertThatThrownBy(call).isInstanceOf(H5FormatException.class)
                .hasMessageStartingWith("corrupt.h5: at byte offset ")
                .hasMessageContaining(detail);
    }

    static void putU16(byte[] b, long at, int v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort((int) at, (short) v);
    }

    static void putU64(byte[] b, long at, long v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong((int) at, v);
    }

    static long getU64(byte[] b, long at) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong((int) at);
    }

    /** Recomputes the checksum stored at {@code checksumAt} over the bytes from {@code start}. */
    static void reseal(byte[] b, long start, long checksumAt) {
        int sum = Checksum.lookup3(Arrays.copyOfRange(b, (int) start, (int) checksumAt));
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt((int) checksumAt, sum);
    }

    // ---- v1 B-trees and symbol table nodes ---------------------------------------------------

    static BTreeV1 v1(MemoryStore s) {
        return BTreeV1.chunks(ctx(s), v1Root, 2, BTreeV1Node.DEFAULT_CHUNK_K);
    }

    /** Child i's address field in a chunk node of a rank-1 dataset: after the header and i (key, child) pairs plus a key. */
    static long v1ChildAt(long node, int i) {
        int key = 4 + 4 + 8 * 2;
        return node + 8 + 16 + (long) i * (key + 8) + key;
    }

    @Test
    void intactFilesDecode() {
        MemoryStore s = copy(earliest);
        int[] n = {0};
        v1(s).forEachChunk(c -> n[0]++);
        assertThat(n[0]).isEqualTo(10000);
        assertThat(new SymbolTable(ctx(s), groupBTree, Libhdf5Files.localHeapNames(ctx(s), groupHeap)).links()).hasSize(21);
        MemoryStore t = copy(latest);
        assertThat(BTreeV2.open(ctx(t), bt2, 2).size()).isEqualTo(6000);
    }

    @Test
    void v1BadSignature() {
        MemoryStore s = copy(earliest);
        s.bytes()[(int) v1Root] = 'X';
        fails(() -> v1(s).root(), "v1 B-tree node: expected signature \"TREE\", found \"XREE\"")
                .hasMessageContaining("offset " + v1Root + ":");
    }

    @Test
    void v1EntriesBeyondTheNode() {
        MemoryStore s = copy(earliest);
        putU16(s.bytes(), v1Root + 6, 65);
        fails(() -> v1(s).root(), "65 entries used, more than the 64 a node holds");
    }

    @Test
    void v1SharedSubtree() {
        MemoryStore s = copy(earliest);
        BTreeV1Node root = v1(copy(earliest)).root();
        putU64(s.bytes(), v1ChildAt(v1Root, 1), root.child(0));
        fails(() -> v1(s).forEachChunk(c -> { }), "reached twice");
    }

    @Test
    void v1CycleBackToTheRoot() {
        MemoryStore s = copy(earliest);
        BTreeV1Node root = v1(copy(earliest)).root();
        assertThat(root.nodeLevel()).isEqualTo(2);
        long levelOne = root.child(0);
        putU64(s.bytes(), v1ChildAt(levelOne, 0), v1Root);
        fails(() -> v1(s).forEachChunk(c -> { }), "has level 2, expected 0");
        fails(() -> v1(s).findChunk(new long[] {0}, new long[] {1, 1}), "has level 2, expected 0");
    }

    @Test
    void v1LevelOverflow() {
        MemoryStore s = copy(earliest);
        s.bytes()[(int) v1Root + 5] = (byte) 255;
        fails(() -> v1(s).forEachChunk(c -> { }), "has level 1, expected 254");
    }

    @Test
    void symbolTableNodeWithTooManySymbols() {
        MemoryStore s = copy(earliest);
        SymbolTable table = new SymbolTable(ctx(copy(earliest)), groupBTree, Libhdf5Files.localHeapNames(ctx(s), groupHeap));
        long snod = table.btree().root().child(0);
        putU16(s.bytes(), snod + 6, 9);
        SymbolTable broken = new SymbolTable(ctx(s), groupBTree, Libhdf5Files.localHeapNames(ctx(s), groupHeap));
        fails(broken::links, "9 symbols, more than the 8 a node holds");
    }

    @Test
    void truncatedFile() {
        MemoryStore s = new MemoryStore(Arrays.copyOf(earliest, (int) v1Root + 100), "corrupt.h5");
        fails(() -> v1(s).root(), "runs past the end of the file");
        MemoryStore t = new MemoryStore(Arrays.copyOf(latest, (int) faPaged + 10), "corrupt.h5");
        fails(() -> FixedArray.open(ctx(t), faPaged), "runs past the end of the file");
    }

    // ---- v2 B-trees ----------------------------------------------------------------------------

    static final int BT2_HEADER_CHECKSUM = 4 + 1 + 1 + 4 + 2 + 2 + 1 + 1 + 8 + 2 + 8;

    @Test
    void v2HeaderChecksum() {
        MemoryStore s = copy(latest);
        s.bytes()[(int) bt2 + 7] ^= 1;
        fails(() -> BTreeV2.open(ctx(s), bt2, 2), "v2 B-tree header: checksum mismatch");
    }

    @Test
    void v2DepthOverflow() {
        MemoryStore s = copy(latest);
        putU16(s.bytes(), bt2 + 12, 65535);
        reseal(s.bytes(), bt2, bt2 + BT2_HEADER_CHECKSUM);
        fails(() -> BTreeV2.open(ctx(s), bt2, 2), "depth 65535");
    }

    @Test
    void v2RootRecordsBeyondTheNode() {
        MemoryStore s = copy(latest);
        putU16(s.bytes(), bt2 + 16 + 8, 1000);
        reseal(s.bytes(), bt2, bt2 + BT2_HEADER_CHECKSUM);
        fails(() -> BTreeV2.open(ctx(s), bt2, 2), "1000 records in the root, more than");
    }

    @Test
    void v2NodeChecksumTypeAndChildCount() {
        BTreeV2 intact = BTreeV2.open(ctx(copy(latest)), bt2, 2);
        long root = intact.header().rootNodeAddress();
        int nrec = intact.header().numberOfRecordsInRoot();
        int recordSize = intact.header().recordSize();

        MemoryStore s = copy(latest);
        s.bytes()[(int) root + 6] ^= 1;
        fails(() -> BTreeV2.open(ctx(s), bt2, 2).forEach(r -> { }), "v2 B-tree internal node: checksum mismatch");

        MemoryStore t = copy(latest);
        t.bytes()[(int) root + 5] = 11;
        fails(() -> BTreeV2.open(ctx(t), bt2, 2).findChunk(new long[] {3, 3}), "type 11, the tree's header says 10");

        MemoryStore u = copy(latest);
        BTreeV2NodeSizes sizes = intact.sizes();
        int depth = intact.header().depth();
        long firstCount = root + 6 + (long) nrec * recordSize + 8;
        u.bytes()[(int) firstCount] = (byte) 200;
        long end = root + 6 + (long) nrec * recordSize + (long) (nrec + 1) * sizes.pointerSize(depth);
        reseal(u.bytes(), root, end);
        fails(() -> BTreeV2.open(ctx(u), bt2, 2).forEach(r -> { }), "child 0 has 200 records, more than the");
    }

    @Test
    void v2LeafSignature() {
        BTreeV2 intact = BTreeV2.open(ctx(copy(latest)), bt2, 2);
        // follow the leftmost pointers down to a leaf
        long address = intact.header().rootNodeAddress();
        int nrec = intact.header().numberOfRecordsInRoot();
        for (int d = intact.header().depth(); d > 0; d--) {
            BTreeV2Node n = BTreeV2Node.read(ctx(copy(latest)), address, 10, intact.sizes(), intact.recordFormat(), d, nrec);
            address = n.children().get(0).address();
            nrec = n.children().get(0).numberOfRecords();
        }
        long leaf = address;
        MemoryStore s = copy(latest);
        s.bytes()[(int) leaf + 3] = 'X';
        fails(() -> BTreeV2.open(ctx(s), bt2, 2).findChunk(new long[] {0, 0}), "expected signature \"BTLF\", found \"BTLX\"")
                .hasMessageContaining("offset " + leaf + ":");
    }

    // ---- fixed arrays -------------------------------------------------------------------------

    @Test
    void fixedArrayHeaderChecksum() {
        MemoryStore s = copy(latest);
        s.bytes()[(int) faPaged + 9] ^= 1;
        fails(() -> FixedArray.open(ctx(s), faPaged), "fixed array header: checksum mismatch");
    }

    @Test
    void fixedArrayHugeEntryCount() {
        MemoryStore s = copy(latest);
        putU64(s.bytes(), faPaged + 8, 1L << 60);
        reseal(s.bytes(), faPaged, faPaged + 8 + 8 + 8);
        FixedArray fa = FixedArray.open(ctx(s), faPaged);
        fails(() -> fa.get(0), "runs past the end of the file");
    }

    @Test
    void fixedArrayDataBlockSignatureAndPageChecksum() {
        FixedArray intact = FixedArray.open(ctx(copy(latest)), faPaged);
        long dataBlock = intact.header().dataBlockAddress();
        MemoryStore s = copy(latest);
        s.bytes()[(int) dataBlock] = 'X';
        fails(() -> FixedArray.open(ctx(s), faPaged).get(0), "expected signature \"FADB\"");

        MemoryStore t = copy(latest);
        long page0 = dataBlock + FixedArrayDataBlock.prefixSize(intact.header(), 8);
        t.bytes()[(int) page0] ^= 1;
        fails(() -> FixedArray.open(ctx(t), faPaged).get(0), "fixed array data block page: checksum mismatch");
        assertThat(FixedArray.open(ctx(t), faPaged).get(1500)).isNotNull(); // other pages still read
    }

    // ---- extensible arrays --------------------------------------------------------------------

    @Test
    void extensibleArrayBadParameters() {
        MemoryStore s = copy(latest);
        s.bytes()[(int) eaPaged + 9] = 3; // Data Blk Min Elmts
        reseal(s.bytes(), eaPaged, eaPaged + ExtensibleArrayHeader.size(8, 8) - 4);
        fails(() -> ExtensibleArray.open(ctx(s), eaPaged), "Data Blk Min Elmts 3 is not a power of two");

        MemoryStore t = copy(latest);
        t.bytes()[(int) eaPaged + 7] = (byte) 200; // Max Nelmts Bits
        reseal(t.bytes(), eaPaged, eaPaged + ExtensibleArrayHeader.size(8, 8) - 4);
        fails(() -> ExtensibleArray.open(ctx(t), eaPaged), "Max Nelmts Bits 200 outside 1..64");
    }

    @Test
    void extensibleArrayBlocks() {
        ExtensibleArray intact = ExtensibleArray.open(ctx(copy(latest)), eaPaged);
        long indexBlock = intact.header().indexBlockAddress();
        MemoryStore s = copy(latest);
        s.bytes()[(int) indexBlock + 20] ^= 1;
        fails(() -> ExtensibleArray.open(ctx(s), eaPaged).get(0), "extensible array index block: checksum mismatch");

        ExtensibleArrayGeometry g = intact.geometry();
        int sb = g.superBlockOf(150000);
        long superBlock = intact.indexBlock().superBlockAddresses().get(sb - g.indexBlockSuperBlocks());
        MemoryStore t = copy(latest);
        t.bytes()[(int) superBlock + 2] = 'X';
        fails(() -> ExtensibleArray.open(ctx(t), eaPaged).get(150000), "expected signature \"EASB\"");

        // the page holding element 150000
        ExtensibleArraySuperBlock sblock = ExtensibleArraySuperBlock.read(ctx(copy(latest)), superBlock, sb, g, eaPaged);
        long inSuperBlock = 150000 - 4 - g.startIndex(sb);
        long dataBlock = sblock.dataBlockAddresses().get((int) (inSuperBlock / g.dataBlockElements(sb)));
        long page = (inSuperBlock % g.dataBlockElements(sb)) / g.pageElements();
        long pageAt = dataBlock + g.blockPrefixSize(8) + page * g.pageSize();
        MemoryStore u = copy(latest);
        u.bytes()[(int) pageAt] ^= 1;
        fails(() -> ExtensibleArray.open(ctx(u), eaPaged).get(150000), "extensible array data block page: checksum mismatch")
                .hasMessageContaining("offset " + (pageAt + g.pageSize() - 4) + ":");
        assertThat(ExtensibleArray.open(ctx(u), eaPaged).get(140000)).isNotNull();
    }
}
