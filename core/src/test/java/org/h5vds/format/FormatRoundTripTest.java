package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.io.Cursor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every structure encodes to bytes that decode to an equal structure, for 4- and 8-byte offsets. */
class FormatRoundTripTest {
    static Cursor over(byte[] b, int offsetSize, int lengthSize) {
        return new Cursor(ByteBuffer.wrap(b), "roundtrip", 0, offsetSize, lengthSize);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void symbolTableEntriesAndNode(int o) {
        List<SymbolTableEntry> entries = List.of(
                SymbolTableEntry.hardLink(8, 1000),
                SymbolTableEntry.group(16, 2000, 3000, 4000),
                SymbolTableEntry.softLink(24, 32));
        for (SymbolTableEntry e : entries) {
            Cursor w = Cursor.forWriting(SymbolTableEntry.size(o, 8), o, 8);
            e.encode(w);
            assertThat(w.written()).hasSize(SymbolTableEntry.size(o, 8));
            assertThat(SymbolTableEntry.decode(over(w.written(), o, 8))).isEqualTo(e);
        }
        SymbolTableNode node = new SymbolTableNode(0, entries);
        byte[] b = node.encode(o, 8, 8);
        assertThat(b).hasSize(SymbolTableNode.size(o, 8, 8));
        assertThat(SymbolTableNode.decode(over(b, o, 8), 0, 8).entries()).isEqualTo(entries);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void v1BTreeNodes(int o) {
        BTreeV1Node group = BTreeV1Node.group(0, 1, Cursor.UNDEFINED, 77, new long[] {100, 200}, new long[] {0, 8, 16});
        byte[] b = group.encode(o, 8, 0, 16);
        assertThat(b).hasSize(BTreeV1Node.size(BTreeV1Node.GROUP_NODE, o, 8, 0, 16));
        BTreeV1Node g = BTreeV1Node.decode(over(b, o, 8), 0, BTreeV1Node.GROUP_NODE, 0, 16);
        assertThat(g.nodeLevel()).isEqualTo(1);
        assertThat(g.leftSibling()).isEqualTo(Cursor.UNDEFINED);
        assertThat(g.rightSibling()).isEqualTo(77);
        assertThat(g.entriesUsed()).isEqualTo(2);
        assertThat(new long[] {g.child(0), g.child(1)}).containsExactly(100, 200);
        assertThat(new long[] {g.groupKey(0), g.groupKey(1), g.groupKey(2)}).containsExactly(0, 8, 16);

        BTreeV1Node.ChunkKey[] keys = {
                new BTreeV1Node.ChunkKey(40, 0, new long[] {0, 0, 0}),
                new BTreeV1Node.ChunkKey(37, 1, new long[] {0, 5, 0}),
                new BTreeV1Node.ChunkKey(0, 0, new long[] {4, 0, 0})};
        BTreeV1Node chunk = BTreeV1Node.chunk(0, 0, 5, 6, new long[] {300, 400}, keys);
        b = chunk.encode(o, 8, 3, 32);
        BTreeV1Node c = BTreeV1Node.decode(over(b, o, 8), 0, BTreeV1Node.CHUNK_NODE, 3, 32);
        for (int i = 0; i < 3; i++) assertThat(c.chunkKey(i)).isEqualTo(keys[i]);
        assertThat(new long[] {c.child(0), c.child(1)}).containsExactly(300, 400);
    }

    static List<BTreeV2Record> oneOfEachType(int o) {
        byte[] id7 = {1, 2, 3, 4, 5, 6, 7};
        byte[] id8 = {1, 2, 3, 4, 5, 6, 7, 8};
        return List.of(
                new BTreeV2Record.IndirectHugeObject(100, 200, 3),
                new BTreeV2Record.IndirectFilteredHugeObject(100, 200, 1, 300, 4),
                new BTreeV2Record.DirectHugeObject(100, 200),
                new BTreeV2Record.DirectFilteredHugeObject(100, 200, 2, 300),
                new BTreeV2Record.LinkName(0xCAFEBABE, id7),
                new BTreeV2Record.LinkCreationOrder(42, id7),
                new BTreeV2Record.SharedMessageInHeap(0x12345678, 3, id8),
                new BTreeV2Record.AttributeName(id8, 1, 7, 0x87654321),
                new BTreeV2Record.AttributeCreationOrder(id8, 1, 7),
                new BTreeV2Record.Chunk(4096, new long[] {1, 2}),
                new BTreeV2Record.FilteredChunk(4096, 300, 1, new long[] {1, 2}));
    }

    static BTreeV2RecordFormat formatFor(int type, int o) {
        return switch (type) {
            case 5 -> BTreeV2RecordFormat.of(5, 11, o, 8, 0);
            case 6 -> BTreeV2RecordFormat.of(6, 15, o, 8, 0);
            case 7 -> BTreeV2RecordFormat.of(7, 1 + 4 + Math.max(12, 4 + o), o, 8, 0);
            case 10 -> BTreeV2RecordFormat.forChunks(false, o, 8, 2, 0);
            case 11 -> BTreeV2RecordFormat.forChunks(true, o, 8, 2, 2);
            default -> BTreeV2RecordFormat.of(type, switch (type) {
                case 1 -> o + 16;
                case 2 -> o + 28;
                case 3 -> o + 8;
                case 4 -> o + 20;
                case 8 -> 17;
                default -> 13;
            }, o, 8, 0);
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void v2BTreeRecordsOfEveryType(int o) {
        List<BTreeV2Record> records = oneOfEachType(o);
        for (int t = 1; t <= 11; t++) {
            BTreeV2Record r = records.get(t - 1);
            BTreeV2RecordFormat f = formatFor(t, o);
            Cursor w = Cursor.forWriting(f.recordSize(), o, 8);
            f.encode(w, r);
            assertThat(w.written()).hasSize(f.recordSize());
            assertThat(f.decode(over(w.written(), o, 8))).as("type " + t).isEqualTo(r);
        }
        BTreeV2RecordFormat shared = formatFor(7, o);
        BTreeV2Record inHeader = new BTreeV2Record.SharedMessageInObjectHeader(9, 3, 2, 5000);
        Cursor w = Cursor.forWriting(shared.recordSize(), o, 8);
        shared.encode(w, inHeader);
        assertThat(shared.decode(over(w.written(), o, 8))).isEqualTo(inHeader);
    }

    @Test
    void v2BTreeHeaderAndNodes() {
        BTreeV2Header h = new BTreeV2Header(10, 512, 24, 2, 100, 40, 4096, 3, 1234);
        assertThat(BTreeV2Header.decode(over(h.encode(8, 8), 8, 8))).isEqualTo(h);

        BTreeV2RecordFormat f = BTreeV2RecordFormat.forChunks(false, 8, 8, 2, 0);
        BTreeV2NodeSizes sizes = BTreeV2NodeSizes.of(512, f.recordSize(), 8, 2);
        List<BTreeV2Record> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) records.add(new BTreeV2Record.Chunk(1000 + i, new long[] {i, 0}));
        BTreeV2Node leaf = new BTreeV2Node(0, 0, records, List.of());
        byte[] b = leaf.encode(10, sizes, f, 8, 8);
        assertThat(b).hasSize(512);
        BTreeV2Node l = BTreeV2Node.decode(over(b, 8, 8), 0, 10, sizes, f, 0, 3);
        assertThat(l.records()).isEqualTo(records);

        List<BTreeV2Node.ChildPointer> children = new ArrayList<>();
        for (int i = 0; i < 4; i++) children.add(new BTreeV2Node.ChildPointer(10000 + i, 5, 5 + 20L * i));
        BTreeV2Node internal = new BTreeV2Node(0, 2, records, children);
        b = internal.encode(10, sizes, f, 8, 8);
        BTreeV2Node n = BTreeV2Node.decode(over(b, 8, 8), 0, 10, sizes, f, 2, 3);
        assertThat(n.records()).isEqualTo(records);
        assertThat(n.children()).isEqualTo(children);
    }

    @Test
    void fixedArrayHeaderAndDataBlocks() {
        ChunkElementFormat filtered = ChunkElementFormat.filtered(8, 2);
        FixedArrayHeader h = new FixedArrayHeader(1, filtered.size(), 10, 5, 4096);
        assertThat(FixedArrayHeader.decode(over(h.encode(8, 8), 8, 8))).isEqualTo(h);
        List<ChunkElement> elements = List.of(new ChunkElement(100, 60, 0), ChunkElement.UNALLOCATED, new ChunkElement(200, 65535, 1),
                ChunkElement.UNALLOCATED, new ChunkElement(300, 1, 0));
        FixedArrayDataBlock unpaged = FixedArrayDataBlock.unpaged(1, 777, elements);
        FixedArrayDataBlock d = FixedArrayDataBlock.decode(over(unpaged.encode(h, filtered, 8, 8), 8, 8), h, 777, filtered);
        assertThat(d.isPaged()).isFalse();
        assertThat(d.elements()).isEqualTo(elements);

        FixedArrayHeader pagedHeader = new FixedArrayHeader(1, filtered.size(), 2, 10, 4096);
        assertThat(pagedHeader.numberOfPages()).isEqualTo(3);
        byte[] bitmap = {(byte) 0b1010_0000};
        FixedArrayDataBlock paged = FixedArrayDataBlock.paged(1, 777, bitmap);
        d = FixedArrayDataBlock.decode(over(paged.encode(pagedHeader, filtered, 8, 8), 8, 8), pagedHeader, 777, filtered);
        assertThat(d.isPaged()).isTrue();
        assertThat(d.isPageInitialized(0)).isTrue();
        assertThat(d.isPageInitialized(1)).isFalse();
        assertThat(d.isPageInitialized(2)).isTrue();
        List<ChunkElement> page = elements.subList(0, 2);
        byte[] p = FixedArrayDataBlock.encodePage(page, filtered, 8, 8);
        assertThat(FixedArrayDataBlock.decodePage(over(p, 8, 8), filtered, 2)).isEqualTo(page);
    }

    @Test
    void extensibleArrayBlocks() {
        ExtensibleArrayHeader h = new ExtensibleArrayHeader(0, 8, 32, 4, 16, 4, 10, 1, 200, 7, 3000, 500, 600, 4096);
        assertThat(ExtensibleArrayHeader.decode(over(h.encode(8, 8), 8, 8))).isEqualTo(h);
        ExtensibleArrayGeometry g = new ExtensibleArrayGeometry(h);
        ChunkElementFormat f = ChunkElementFormat.unfiltered(8);

        List<ChunkElement> four = List.of(new ChunkElement(1, 0, 0), ChunkElement.UNALLOCATED, new ChunkElement(3, 0, 0), new ChunkElement(4, 0, 0));
        List<Long> dataBlocks = List.of(10L, -1L, 30L, -1L, -1L, 60L);
        List<Long> superBlocks = new ArrayList<>();
        for (int i = 0; i < g.indexBlockSuperBlockAddresses(); i++) superBlocks.add(i == 0 ? 99L : -1L);
        ExtensibleArrayIndexBlock ib = new ExtensibleArrayIndexBlock(0, 777, four, dataBlocks, superBlocks);
        assertThat(ExtensibleArrayIndexBlock.decode(over(ib.encode(g, f, 8, 8), 8, 8), g, 777, f)).isEqualTo(ib);

        int s = 4;
        byte[] bitmap = new byte[(int) (g.dataBlocks(s) * g.pageBitmapSize(s))];
        List<Long> addresses = new ArrayList<>();
        for (int i = 0; i < g.dataBlocks(s); i++) addresses.add(1000L + i);
        ExtensibleArraySuperBlock sb = new ExtensibleArraySuperBlock(0, 777, g.startIndex(s), bitmap, addresses);
        ExtensibleArraySuperBlock sb2 = ExtensibleArraySuperBlock.decode(over(sb.encode(s, g, 8, 8), 8, 8), s, g, 777);
        assertThat(sb2.blockOffset()).isEqualTo(g.startIndex(s));
        assertThat(sb2.dataBlockAddresses()).isEqualTo(addresses);

        List<ChunkElement> elements = new ArrayList<>();
        for (int i = 0; i < g.dataBlockElements(s); i++) elements.add(new ChunkElement(5000 + i, 0, 0));
        ExtensibleArrayDataBlock db = new ExtensibleArrayDataBlock(0, 777, 48, elements);
        assertThat(ExtensibleArrayDataBlock.decode(over(db.encode(s, g, f, 8, 8), 8, 8), s, g, 777, f)).isEqualTo(db);
    }
}
