package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.h5vds.format.message.AttributeMessage;
import org.h5vds.format.message.LinkMessage;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;
import org.h5vds.testing.Libhdf5Files;
import org.h5vds.testing.MemoryStore;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fractal heaps libhdf5 wrote: dense groups (plain and deflated) and dense attributes with a huge one. */
class FractalHeapTest {
    @TempDir
    static Path dir;
    static Path dense;
    static Path attrs;
    static Path filtered;
    static Path deep;
    static long deepHeap;
    static long denseHeap;
    static long denseNames;
    static long attrHeap;
    static long attrNames;
    static long filteredHeap;
    static long filteredNames;
    static long smallFilteredHeap;
    static long smallFilteredNames;

    @BeforeAll
    static void writeFiles() {
        dense = dir.resolve("dense.h5");
        attrs = dir.resolve("attrs.h5");
        filtered = dir.resolve("filtered.h5");
        deep = dir.resolve("deep.h5");
        String out = Python.run("""
                import sys, ctypes, h5py, numpy as np
                addr = lambda o: h5py.h5o.get_info(o.id).addr
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                    g = f.create_group('g')
                    for i in range(300):
                        g.create_group('link%04d' % i)
                    print(addr(g))
                with h5py.File(sys.argv[2], 'w', libver='latest') as f:
                    d = f.create_dataset('d', data=np.arange(3))
                    d.attrs['big'] = np.arange(20000, dtype='<i8')
                    for i in range(20):
                        d.attrs['a%d' % i] = i
                    print(addr(d))
                # h5py cannot filter a group's link heap; libhdf5 can, through the group creation plist
                lib = ctypes.CDLL('libhdf5_serial.so.103')
                lib.H5Pset_deflate.argtypes = [ctypes.c_int64, ctypes.c_uint]
                with h5py.File(sys.argv[3], 'w', libver='latest') as f:
                    for name, n in (('g', 200), ('small', 10)):
                        gcpl = h5py.h5p.create(h5py.h5p.GROUP_CREATE)
                        assert lib.H5Pset_deflate(gcpl.id, 6) >= 0
                        h5py.h5g.create(f.id, name.encode(), gcpl=gcpl)
                        for i in range(n):
                            f[name].create_group('filtered_link_name_%04d' % i)
                        print(addr(f[name]))
                # 4000 hard links with 200-character names: 844 KB of link messages, past the
                # 512 KB that a root indirect block's direct rows hold, so child indirect blocks appear
                with h5py.File(sys.argv[4], 'w', libver='latest') as f:
                    t = f.create_group('target')
                    g = f.create_group('g')
                    for i in range(4000):
                        g['%04d' % i + 'x' * 196] = t
                    print(addr(g))
                """, dense, attrs, filtered, deep);
        String[] lines = out.trim().split("\n");
        String g = Libhdf5Files.h5debug(dense, Long.parseLong(lines[0].trim()));
        denseHeap = Libhdf5Files.number(g, "'Dense' link storage fractal heap address");
        denseNames = Libhdf5Files.number(g, "'Dense' link storage name index v2 B-tree address");
        String d = Libhdf5Files.h5debug(attrs, Long.parseLong(lines[1].trim()));
        attrHeap = Libhdf5Files.number(d, "'Dense' attribute storage fractal heap address");
        attrNames = Libhdf5Files.number(d, "'Dense' attribute storage name index v2 B-tree address");
        String fg = Libhdf5Files.h5debug(filtered, Long.parseLong(lines[2].trim()));
        filteredHeap = Libhdf5Files.number(fg, "'Dense' link storage fractal heap address");
        filteredNames = Libhdf5Files.number(fg, "'Dense' link storage name index v2 B-tree address");
        String fs = Libhdf5Files.h5debug(filtered, Long.parseLong(lines[3].trim()));
        smallFilteredHeap = Libhdf5Files.number(fs, "'Dense' link storage fractal heap address");
        smallFilteredNames = Libhdf5Files.number(fs, "'Dense' link storage name index v2 B-tree address");
        deepHeap = Libhdf5Files.number(Libhdf5Files.h5debug(deep, Long.parseLong(lines[4].trim())), "'Dense' link storage fractal heap address");
    }

    /** Heap IDs of a dense group's name index: records of type 5 are a 4-byte name hash, then the 7-byte ID. */
    static List<byte[]> linkIds(FileContext ctx, long btree) {
        List<byte[]> ids = new ArrayList<>();
        for (byte[] r : V2BTreeRecords.read(ctx, btree)) ids.add(Arrays.copyOfRange(r, 4, 11));
        return ids;
    }

    static List<String> expectedLinks(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(String.format("%s%04d", prefix, i));
        return out;
    }

    @Test
    void headerMatchesH5debugAndTheLinkDefaults() {
        FractalHeapHeader h = FractalHeap.read(MemoryStore.read(dense).context(), denseHeap).header();
        String debug = Libhdf5Files.h5debug(dense, denseHeap);
        assertThat(h.freeSpaceInManagedBlocks()).isEqualTo(Libhdf5Files.number(debug, "Free space in managed blocks"));
        assertThat(h.managedSpace()).isEqualTo(Libhdf5Files.number(debug, "Managed space data block size"));
        assertThat(h.allocatedManagedSpace()).isEqualTo(Libhdf5Files.number(debug, "Total managed space allocated"));
        assertThat(h.directBlockAllocationIteratorOffset()).isEqualTo(Libhdf5Files.number(debug, "Offset of managed space iterator"));
        assertThat(h.managedObjectCount()).isEqualTo(300).isEqualTo(Libhdf5Files.number(debug, "Number of managed objects in heap"));
        assertThat(h.freeSpaceManagerAddress()).isEqualTo(Libhdf5Files.number(debug, "Address of free space manager for managed blocks"));
        assertThat(h.rootBlockAddress()).isEqualTo(Libhdf5Files.number(debug, "Table's root address"));
        assertThat(h.currentRootRows()).isEqualTo((int) Libhdf5Files.number(debug, "Current # of rows in root indirect block"));
        assertThat(h.hugeObjectsBTreeAddress()).isEqualTo(Cursor.UNDEFINED);
        DoublingTable t = h.doublingTable();
        assertThat(t.maxRootRows()).isEqualTo((int) Libhdf5Files.number(debug, "Max. # of rows in root indirect block"));
        assertThat(t.maxDirectRows()).isEqualTo((int) Libhdf5Files.number(debug, "Max. # of direct rows in any indirect block"));
        assertParameters(h, FractalHeapBuilder.Parameters.links());
        assertThat(h.heapIdLength()).isEqualTo(h.managedIdLength()).isEqualTo(7);
    }

    @Test
    void headersEncodeToTheBytesLibhdf5Wrote() {
        for (Path file : List.of(dense, attrs, filtered)) {
            long address = file == dense ? denseHeap : file == attrs ? attrHeap : filteredHeap;
            FileContext ctx = MemoryStore.read(file).context();
            FractalHeapHeader h = FractalHeapHeader.read(ctx, address);
            byte[] bytes = MemoryStore.read(file).bytes();
            byte[] encoded = h.encode(8, 8);
            assertThat(encoded).as("%s", file)
                    .isEqualTo(Arrays.copyOfRange(bytes, (int) address, (int) address + encoded.length));
            assertThat(FractalHeapHeader.decode(new Cursor(ByteBuffer.wrap(encoded), "x", 0, 8, 8))).isEqualTo(h);
        }
        FractalHeapHeader deflated = FractalHeapHeader.read(MemoryStore.read(filtered).context(), filteredHeap);
        // the I/O filter information is a filter pipeline message: version 2, one filter, deflate
        assertThat(deflated.ioFiltersEncodedLength()).isEqualTo(12);
        assertThat(deflated.ioFilterInformation()).startsWith(2, 1, 1, 0);
    }

    static void assertParameters(FractalHeapHeader h, FractalHeapBuilder.Parameters p) {
        assertThat(h.heapIdLength()).isEqualTo(p.heapIdLength());
        assertThat(h.maximumSizeOfManagedObjects()).isEqualTo(p.maximumSizeOfManagedObjects());
        assertThat(h.tableWidth()).isEqualTo(p.tableWidth());
        assertThat(h.startingBlockSize()).isEqualTo(p.startingBlockSize());
        assertThat(h.maximumDirectBlockSize()).isEqualTo(p.maximumDirectBlockSize());
        assertThat(h.maximumHeapSize()).isEqualTo(p.maximumHeapSize());
        assertThat(h.startingRootRows()).isEqualTo(p.startingRootRows());
        assertThat(h.checksumsDirectBlocks()).isEqualTo(p.checksumDirectBlocks());
        assertThat(h.ioFiltersEncodedLength()).isZero();
    }

    @Test
    void readsEveryLinkMessageOfALargeDenseGroup() {
        FileContext ctx = MemoryStore.read(dense).context();
        FractalHeap heap = FractalHeap.read(ctx, denseHeap);
        List<String> names = new ArrayList<>();
        for (byte[] id : linkIds(ctx, denseNames)) names.add(linkName(heap.get(id)));
        assertThat(names).containsExactlyInAnyOrderElementsOf(expectedLinks("link", 300));
        List<FractalHeap.BlockInfo> blocks = heap.directBlocks();
        assertThat(blocks.stream().mapToLong(FractalHeap.BlockInfo::size).sum())
                .isEqualTo(heap.header().allocatedManagedSpace());
    }

    @Test
    void builderLaysOutLinksExactlyAsLibhdf5Did() {
        FileContext ctx = MemoryStore.read(dense).context();
        FractalHeap heap = FractalHeap.read(ctx, denseHeap);
        List<byte[]> ids = linkIds(ctx, denseNames);
        // libhdf5 inserted the links in creation order, which is heap offset order
        ids.sort(Comparator.comparingLong(id -> ((FractalHeapId.Managed) heap.decodeId(id)).offset()));
        FractalHeapBuilder b = new FractalHeapBuilder(FractalHeapBuilder.Parameters.links(), 8, 8);
        for (byte[] id : ids) assertThat(b.add(heap.get(id))).isEqualTo(id);

        Map<Long, Long> addresses = new HashMap<>();
        for (FractalHeap.BlockInfo info : heap.directBlocks()) addresses.put(info.heapOffset(), info.address());
        FractalHeapBuilder.Encoded encoded = b.encode(denseHeap, (indirect, offset, size) ->
                indirect ? heap.header().rootBlockAddress() : addresses.get(offset));
        FractalHeapHeader ours = encoded.header();
        FractalHeapHeader theirs = heap.header();
        assertThat(ours).usingRecursiveComparison()
                .ignoringFields("freeSpaceManagerAddress")
                .isEqualTo(theirs);
        // every block, prefix, objects, zeroed free space and checksum, is what libhdf5 wrote
        byte[] file = MemoryStore.read(dense).bytes();
        for (FractalHeapBuilder.Piece p : encoded.pieces().subList(1, encoded.pieces().size())) {
            assertThat(p.bytes()).as("block at %d", p.address())
                    .isEqualTo(Arrays.copyOfRange(file, (int) p.address(), (int) p.address() + p.bytes().length));
        }
    }

    @Test
    void libhdf5ReadsAndExtendsAHeapTheBuilderWrote() throws IOException {
        FileContext ctx = MemoryStore.read(dense).context();
        FractalHeap heap = FractalHeap.read(ctx, denseHeap);
        List<byte[]> ids = linkIds(ctx, denseNames);
        ids.sort(Comparator.comparingLong(id -> ((FractalHeapId.Managed) heap.decodeId(id)).offset()));
        FractalHeapBuilder b = new FractalHeapBuilder(FractalHeapBuilder.Parameters.links(), 8, 8);
        for (byte[] id : ids) b.add(heap.get(id));
        Map<Long, Long> addresses = new HashMap<>();
        for (FractalHeap.BlockInfo info : heap.directBlocks()) addresses.put(info.heapOffset(), info.address());
        FractalHeapBuilder.Encoded encoded = b.encode(denseHeap, (indirect, offset, size) ->
                indirect ? heap.header().rootBlockAddress() : addresses.get(offset));

        // our heap replaces libhdf5's in place: same IDs, so the group's B-tree still finds every link
        byte[] file = MemoryStore.read(dense).bytes();
        for (FractalHeapBuilder.Piece p : encoded.pieces()) System.arraycopy(p.bytes(), 0, file, (int) p.address(), p.bytes().length);
        Path ours = dir.resolve("ours.h5");
        Files.write(ours, file);
        String listed = Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'a') as f:
                    g = f['g']
                    print(','.join(g.keys()))
                    for i in range(300, 350):
                        g.create_group('link%04d' % i)
                with h5py.File(sys.argv[1], 'r') as f:
                    print(len(f['g']))
                """, ours);
        String[] lines = listed.trim().split("\n");
        assertThat(lines[0].split(",")).containsExactlyElementsOf(expectedLinks("link", 300));
        assertThat(lines[1].trim()).isEqualTo("350");
        // and we read what libhdf5 added to our heap
        FileContext after = MemoryStore.read(ours).context();
        String debug = Libhdf5Files.h5debug(ours, denseHeap);
        assertThat(debug).contains("Fractal Heap Header");
        FractalHeap extended = FractalHeap.read(after, denseHeap);
        List<String> names = new ArrayList<>();
        long btree = Libhdf5Files.number(Libhdf5Files.h5debug(ours, groupHeader(ours)), "'Dense' link storage name index v2 B-tree address");
        for (byte[] id : linkIds(after, btree)) names.add(linkName(extended.get(id)));
        assertThat(names).containsExactlyInAnyOrderElementsOf(expectedLinks("link", 350));
    }

    @Test
    void followsChildIndirectBlocksAsLibhdf5LaysThemOut() {
        FileContext ctx = MemoryStore.read(deep).context();
        FractalHeap heap = FractalHeap.read(ctx, deepHeap);
        FractalHeapHeader h = heap.header();
        DoublingTable t = heap.doublingTable();
        assertThat(h.currentRootRows()).isGreaterThan(t.maxDirectRows());
        List<FractalHeap.BlockInfo> blocks = heap.blocks();
        assertThat(blocks).filteredOn(b -> b.indirect() && b.heapOffset() > 0).isNotEmpty();
        // libhdf5 appended the link messages one after another, block after block in heap offset order
        int overhead = h.directBlockOverhead(8);
        List<byte[]> messages = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (FractalHeap.BlockInfo b : heap.directBlocks()) {
            long pos = overhead;
            while (pos + 211 <= b.size()) {
                byte[] id = new FractalHeapId.Managed(b.heapOffset() + pos, 211).encode(h, 8, 8);
                byte[] message = heap.get(id);
                if (message[0] == 0) break; // free space
                messages.add(message);
                names.add(linkName(message));
                pos += 211;
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 4000; i++) expected.add(String.format("%04d", i) + "x".repeat(196));
        assertThat(names).containsExactlyElementsOf(expected);

        // the builder, given the same messages, makes the same blocks, child indirect blocks included
        FractalHeapBuilder builder = new FractalHeapBuilder(FractalHeapBuilder.Parameters.links(), 8, 8);
        for (byte[] m : messages) builder.add(m);
        Map<String, Long> addresses = new HashMap<>();
        for (FractalHeap.BlockInfo b : blocks) addresses.put(b.indirect() + "@" + b.heapOffset(), b.address());
        FractalHeapBuilder.Encoded encoded = builder.encode(deepHeap, (indirect, offset, size) -> addresses.get(indirect + "@" + offset));
        assertThat(encoded.header()).usingRecursiveComparison().ignoringFields("freeSpaceManagerAddress").isEqualTo(h);
        byte[] file = MemoryStore.read(deep).bytes();
        assertThat(encoded.pieces()).hasSize(blocks.size() + 1);
        for (FractalHeapBuilder.Piece p : encoded.pieces().subList(1, encoded.pieces().size())) {
            assertThat(p.bytes()).as("block at %d", p.address())
                    .isEqualTo(Arrays.copyOfRange(file, (int) p.address(), (int) p.address() + p.bytes().length));
        }
    }

    /** The name in a link message stored as a heap object (IV.A.2.g), decoded by the message class. */
    private static String linkName(byte[] message) {
        return LinkMessage.decode(heapObject(message)).name();
    }

    /** The name in an attribute message stored as a heap object (IV.A.2.m), decoded by the message class. */
    private static String attributeName(byte[] message) {
        return AttributeMessage.decode(heapObject(message)).name();
    }

    private static Cursor heapObject(byte[] message) {
        return new Cursor(ByteBuffer.wrap(message), "heap object", 0, 8, 8);
    }

    private static long groupHeader(Path file) {
        return Long.parseLong(Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r') as f:
                    print(h5py.h5o.get_info(f['g'].id).addr)
                """, file).trim());
    }

    @Test
    void readsDenseAttributesAndNeedsTheBTreeForTheHugeOne() {
        FileContext ctx = MemoryStore.read(attrs).context();
        FractalHeap heap = FractalHeap.read(ctx, attrHeap, null, null);
        FractalHeapHeader h = heap.header();
        assertParameters(h, FractalHeapBuilder.Parameters.attributes());
        assertThat(h.rootIsDirect()).isTrue();
        assertThat(h.hugeObjectCount()).isEqualTo(1);
        assertThat(h.hugeIdsDirect(8, 8)).isFalse();
        // name index records of type 8: the 8-byte heap ID, message flags, creation order, name hash
        Map<String, byte[]> byName = new HashMap<>();
        byte[] hugeId = null;
        for (byte[] r : V2BTreeRecords.read(ctx, attrNames)) {
            byte[] id = Arrays.copyOf(r, 8);
            if (heap.decodeId(id) instanceof FractalHeapId.HugeKey) {
                hugeId = id;
                continue;
            }
            byte[] message = heap.get(id);
            byName.put(attributeName(message), message);
        }
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(expectedAttributes());
        byte[] huge = hugeId;
        assertThat(huge).isNotNull();
        assertThatThrownBy(() -> heap.get(huge))
                .isInstanceOf(H5FormatException.class)
                .hasMessageContaining(attrs.toString())
                .hasMessageContaining("at byte offset " + attrHeap)
                .hasMessageContaining("huge objects need a v2 B-tree lookup");

        FractalHeap withIndex = FractalHeap.read(ctx, attrHeap, null, FractalHeapTest::findHugeObject);
        byte[] message = withIndex.get(huge);
        assertThat(message).hasSize((int) h.hugeObjectsSize());
        assertThat(attributeName(message)).isEqualTo("big");
        ByteBuffer values = ByteBuffer.wrap(message, message.length - 8 * 20000, 8 * 20000).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < 20000; i++) assertThat(values.getLong()).isEqualTo(i);
        // by default the heap finds huge objects through its own v2 B-tree
        assertThat(FractalHeap.read(ctx, attrHeap).get(huge)).isEqualTo(message);
    }

    private static List<String> expectedAttributes() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) out.add("a" + i);
        return out;
    }

    /** The huge objects' v2 B-tree of type 1 records: address, length, object ID. */
    static HugeObjectIndex.HugeObject findHugeObject(FileContext ctx, long btree, long id, boolean filtered) {
        assertThat(filtered).isFalse();
        for (byte[] r : V2BTreeRecords.read(ctx, btree)) {
            ByteBuffer b = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN);
            long address = b.getLong();
            long length = b.getLong();
            if (b.getLong() == id) return new HugeObjectIndex.HugeObject(address, length, 0, length);
        }
        throw new AssertionError("no huge object " + id);
    }

    @Test
    void readsDeflatedLinkHeapsThroughTheDecoderHook() {
        FileContext ctx = MemoryStore.read(filtered).context();
        assertThatThrownBy(() -> FractalHeap.read(ctx, filteredHeap))
                .isInstanceOf(H5FormatException.class)
                .hasMessageContaining(filtered.toString()).hasMessageContaining("at byte offset " + filteredHeap)
                .hasMessageContaining("has I/O filters").hasMessageContaining("needs a filter pipeline decoder");
        int[] decoded = {0};
        FilteredBlockDecoder inflate = (pipeline, mask, stored, expected) -> {
            decoded[0]++;
            return inflate(pipeline, mask, stored, expected);
        };
        FractalHeap heap = FractalHeap.read(ctx, filteredHeap, inflate, null);
        assertThat(heap.header().isFiltered()).isTrue();
        assertThat(heap.header().rootIsDirect()).isFalse();
        List<String> names = new ArrayList<>();
        for (byte[] id : linkIds(ctx, filteredNames)) names.add(linkName(heap.get(id)));
        assertThat(names).containsExactlyInAnyOrderElementsOf(expectedLinks("filtered_link_name_", 200));
        assertThat(decoded[0]).isEqualTo(heap.directBlocks().size());
        assertThat(heap.directBlocks()).allSatisfy(b -> assertThat(b.storedSize()).isLessThan(b.size()));

        FractalHeap small = FractalHeap.read(ctx, smallFilteredHeap, inflate, null);
        assertThat(small.header().rootIsDirect()).isTrue();
        assertThat(small.header().filteredRootDirectBlockSize()).isPositive().isLessThan(small.header().startingBlockSize());
        List<String> smallNames = new ArrayList<>();
        for (byte[] id : linkIds(ctx, smallFilteredNames)) smallNames.add(linkName(small.get(id)));
        assertThat(smallNames).containsExactlyInAnyOrderElementsOf(expectedLinks("filtered_link_name_", 10));
    }

    @Test
    void rejectsADecoderThatReturnsTheWrongSize() {
        FileContext ctx = MemoryStore.read(filtered).context();
        FractalHeap heap = FractalHeap.read(ctx, smallFilteredHeap, (p, m, stored, expected) -> ByteBuffer.allocate(3), null);
        byte[] id = linkIds(ctx, smallFilteredNames).get(0);
        assertThatThrownBy(() -> heap.get(id))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("produced 3 bytes where 512 were expected");
    }

    /** A filter pipeline message (version 1 or 2) holding only deflate, undone with java.util.zip. */
    static ByteBuffer inflate(byte[] pipeline, int mask, ByteBuffer stored, long expected) {
        ByteBuffer p = ByteBuffer.wrap(pipeline).order(ByteOrder.LITTLE_ENDIAN);
        assertThat((int) p.get()).isEqualTo(2);   // version
        assertThat((int) p.get()).isEqualTo(1);   // number of filters
        assertThat((int) p.getShort()).isEqualTo(1); // deflate
        if ((mask & 1) != 0) return stored;
        Inflater inflater = new Inflater();
        inflater.setInput(stored);
        ByteBuffer out = ByteBuffer.allocate((int) expected);
        try {
            inflater.inflate(out);
        } catch (DataFormatException e) {
            throw new AssertionError(e);
        } finally {
            inflater.end();
        }
        return out.flip();
    }
}
