package org.h5vds.vds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.h5vds.io.Cursor;
import org.h5vds.select.Box;
import org.h5vds.select.Selection;
import org.junit.jupiter.api.Test;

/**
 * The one-pass mapping list ({@link MappingTable}) against the full decoder ({@link
 * VirtualHeapBlock#decode}) on the same blocks, heap blocks of both versions encoded from mappings
 * of every shape: the same mappings, the same source boxes for the simple ones, whether the block's
 * bytes are an array or a read-only direct buffer (a view of the file's mapping), which the table
 * must not need once decoded.
 */
class MappingTableTest {
    @Test
    void decodesWhatTheFullDecoderDecodes() {
        Random rnd = new Random(7);
        for (int round = 0; round < 40; round++) {
            int rank = 1 + rnd.nextInt(3);
            List<VirtualMapping> mappings = randomMappings(rnd, rank, 1 + rnd.nextInt(60));
            for (int version : new int[] {VirtualHeapBlock.VERSION_0, VirtualHeapBlock.VERSION_1}) {
                byte[] block = new VirtualHeapBlock(version, mappings).encode(8);
                List<VirtualMapping> expected = VirtualHeapBlock.decode(cursor(ByteBuffer.wrap(block)), rank).mappings();
                assertThat(expected).isEqualTo(mappings);
                for (ByteBuffer bytes : List.of(ByteBuffer.wrap(block), directReadOnly(block))) {
                    MappingTable table = MappingTable.decode(cursor(bytes), rank);
                    // nothing of the bytes is read after decoding: what a view of a file would be then
                    scribble(bytes);
                    assertThat(table.size()).isEqualTo(mappings.size());
                    assertThat(table.version()).isEqualTo(version);
                    for (int i = 0; i < mappings.size(); i++) {
                        assertThat(table.mapping(i)).as("round %d, version %d, entry %d", round, version, i).isEqualTo(mappings.get(i));
                        assertThat(table.sourceFile(i)).isEqualTo(mappings.get(i).sourceFileName());
                        if (table.isSimple(i)) assertSourceBox(table, i, mappings.get(i).sourceSelection());
                    }
                }
            }
        }
    }

    @Test
    void boxSlotsGrowWithTheBoxEntriesNotWithEntriesTimesRank() {
        // rank 32: every ALL entry is 36 bytes, a box slot 512; a slot per entry made 28 times the block
        int rank = 32;
        long[] ones = new long[rank];
        java.util.Arrays.fill(ones, 1);
        for (boolean boxFirst : new boolean[] {true, false}) {
            List<VirtualMapping> mappings = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                boolean box = i % 300 == (boxFirst ? 0 : 299);
                long[] start = new long[rank];
                start[0] = i;
                mappings.add(box ? new VirtualMapping(".", "a", Selection.all(-1), Selection.box(start, ones))
                        : new VirtualMapping(".", "a", Selection.all(-1), Selection.all(rank)));
            }
            byte[] block = new VirtualHeapBlock(VirtualHeapBlock.VERSION_0, mappings).encode(8);
            MappingTable table = MappingTable.decode(cursor(ByteBuffer.wrap(block)), rank);
            assertThat(table.boxCount()).isEqualTo(10);
            // at most what the block could hold (below 2 bytes per byte of it), whichever entries come first
            assertThat(16L * rank * table.boxes().capacity()).as("bytes of box slots (as longs) for a %d-byte block", block.length).isLessThan(2L * block.length);
            for (int i = 0; i < mappings.size(); i++) {
                assertThat(table.mapping(i)).as("entry %d", i).isEqualTo(mappings.get(i));
                assertThat(table.boxSlot(i) >= 0).isEqualTo(table.virtualKind(i) == MappingTable.BOX);
            }
        }
        // a block of boxes only: one slot per entry, no map
        List<VirtualMapping> boxes = new ArrayList<>();
        for (int i = 0; i < 50; i++) boxes.add(new VirtualMapping(".", "a", Selection.all(-1), Selection.box(new long[] {i, 0}, new long[] {1, 2})));
        MappingTable table = MappingTable.decode(cursor(ByteBuffer.wrap(new VirtualHeapBlock(VirtualHeapBlock.VERSION_0, boxes).encode(8))), 2);
        assertThat(table.boxSlots()).isNull();
        assertThat(table.boxes().capacity()).isEqualTo(50);
        assertThat(table.lo(49, 0)).isEqualTo(49);
    }

    @Test
    void boxesAreIntsUntilACoordinateReachesTwoToThe31() {
        // stored coordinates are unsigned 32-bit: a box reaching 2^31 turns the slots into longs,
        // the boxes before it as they were; a block without one stays in ints
        for (int wideAt : new int[] {-1, 0, 37, 99}) {
            List<VirtualMapping> mappings = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                long start = i == wideAt ? (1L << 31) - 1 + i : 10L * i;
                mappings.add(new VirtualMapping("a.h5", "d", Selection.box(new long[] {i}, new long[] {2}),
                        Selection.box(new long[] {start, 3}, new long[] {i == wideAt ? 2 : 10, 4})));
            }
            byte[] block = new VirtualHeapBlock(VirtualHeapBlock.VERSION_0, mappings).encode(8);
            MappingTable table = MappingTable.decode(cursor(ByteBuffer.wrap(block)), 2);
            assertThat(table.boxes().isIntForm()).as("wide at %d", wideAt).isEqualTo(wideAt < 0);
            for (int i = 0; i < mappings.size(); i++) {
                assertThat(table.mapping(i)).as("entry %d", i).isEqualTo(mappings.get(i));
                Box v = mappings.get(i).virtualSelection().bounds();
                assertThat(table.lo(i, 0)).isEqualTo(v.start(0));
                assertThat(table.hi(i, 0)).isEqualTo(v.end(0));
                assertThat(table.hi(i, 1)).isEqualTo(7);
            }
        }
    }

    @Test
    void sourceBoxesOfOneRankThenAnotherAndAll() {
        // source boxes of one rank are held without offsets until an entry breaks the pattern (another
        // rank, ALL, a selection decoded otherwise), from which on each box has its rank beside it
        Random rnd = new Random(9);
        for (int breakAt : new int[] {-1, 0, 1, 50, 119}) {
            for (int how = 0; how < 3; how++) {
                List<VirtualMapping> mappings = new ArrayList<>();
                for (int i = 0; i < 120; i++) {
                    Selection source;
                    if (i == breakAt && how == 0) source = box(rnd, 3);
                    else if (i == breakAt && how == 1) source = Selection.all(-1);
                    else if (i == breakAt) source = twoBlocks(rnd, 2);
                    else source = box(rnd, 2);
                    long count = source instanceof org.h5vds.select.All ? 1 : source.count();
                    mappings.add(new VirtualMapping(i % 7 == 0 ? "b.h5" : "a.h5", "d", source,
                            Selection.box(new long[] {1000L * i}, new long[] {count})));
                }
                byte[] block = new VirtualHeapBlock(VirtualHeapBlock.VERSION_0, mappings).encode(8);
                for (ByteBuffer bytes : List.of(ByteBuffer.wrap(block), directReadOnly(block))) {
                    MappingTable table = MappingTable.decode(cursor(bytes), 1);
                    scribble(bytes);
                    for (int i = 0; i < mappings.size(); i++) {
                        assertThat(table.mapping(i)).as("break at %d (%d), entry %d", breakAt, how, i).isEqualTo(mappings.get(i));
                        if (table.isSimple(i)) assertSourceBox(table, i, mappings.get(i).sourceSelection());
                    }
                }
            }
        }
    }

    @Test
    void aNameSharedByEveryEntryOrNot() {
        // a field whose name every entry shares keeps no array; the first entry that differs makes one
        for (int differAt : new int[] {-1, 1, 60}) {
            List<VirtualMapping> mappings = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String file = differAt >= 0 && i >= differAt && i % 2 == 0 ? "other.h5" : "frames.h5";
                mappings.add(new VirtualMapping(file, i == differAt ? "/x" : "/data", Selection.box(new long[] {i}, new long[] {1}),
                        Selection.box(new long[] {i}, new long[] {1})));
            }
            for (int version : new int[] {VirtualHeapBlock.VERSION_0, VirtualHeapBlock.VERSION_1}) {
                byte[] block = new VirtualHeapBlock(version, mappings).encode(8);
                MappingTable table = MappingTable.decode(cursor(ByteBuffer.wrap(block)), 1);
                for (int i = 0; i < mappings.size(); i++) {
                    assertThat(table.sourceFile(i)).isEqualTo(mappings.get(i).sourceFileName());
                    assertThat(table.sourceDataset(i)).isEqualTo(mappings.get(i).sourceDatasetName());
                    assertThat(table.mapping(i)).isEqualTo(mappings.get(i));
                }
            }
        }
    }

    @Test
    void aScalarVirtualDatasetTakesAllFromOneSourceElement() {
        // a scalar virtual dataset stores no rank: its virtual selection is ALL of rank -1, its
        // source a single-element box that must stay the source's, not the virtual side's
        Selection source = Selection.box(new long[] {42}, new long[] {1});
        List<VirtualMapping> mappings = List.of(new VirtualMapping("s0.h5", "data", source, Selection.all(-1)));
        byte[] block = new VirtualHeapBlock(VirtualHeapBlock.VERSION_0, mappings).encode(8);
        MappingTable table = MappingTable.decode(cursor(directReadOnly(block)), -1);
        assertThat(table.isSimple(0)).isTrue();
        assertThat(table.virtualKind(0)).isEqualTo(MappingTable.ALL);
        assertThat(table.mapping(0)).isEqualTo(mappings.get(0));
        assertSourceBox(table, 0, source);
    }

    private static void assertSourceBox(MappingTable table, int i, Selection source) {
        long[] start = new long[8];
        long[] end = new long[8];
        int k = table.sourceBox(i, start, end);
        if (source instanceof org.h5vds.select.All) {
            assertThat(k).isEqualTo(-1);
            return;
        }
        Box b = source.bounds();
        assertThat(k).isEqualTo(b.rank());
        for (int d = 0; d < k; d++) {
            assertThat(start[d]).isEqualTo(b.start(d));
            assertThat(end[d]).isEqualTo(b.end(d));
        }
    }

    /** Boxes, ALL, points, several blocks and strided hyperslabs, sources of one to three axes, two file names. */
    private static List<VirtualMapping> randomMappings(Random rnd, int rank, int n) {
        List<VirtualMapping> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String file = rnd.nextInt(4) == 0 ? "other_" + rnd.nextInt(3) + ".h5" : "frames.h5";
            int sourceRank = 1 + rnd.nextInt(3);
            Selection virtual = switch (rnd.nextInt(8)) {
                case 0 -> Selection.all(rank);
                case 1 -> points(rnd, rank);
                default -> box(rnd, rank);
            };
            long count = virtual instanceof org.h5vds.select.All ? 0 : virtual.count();
            Selection source = switch (rnd.nextInt(8)) {
                case 0 -> Selection.all(-1);
                case 1 -> twoBlocks(rnd, sourceRank);
                case 2 -> strided(rnd, sourceRank);
                default -> box(rnd, sourceRank);
            };
            out.add(new VirtualMapping(file, rnd.nextBoolean() ? "data" : "/entry/data_" + (count % 5), source, virtual));
        }
        return out;
    }

    private static Selection box(Random rnd, int rank) {
        long[] start = new long[rank];
        long[] count = new long[rank];
        for (int d = 0; d < rank; d++) {
            // now and then beyond 2^31: stored as unsigned 32-bit coordinates
            start[d] = rnd.nextInt(10) == 0 ? 3_000_000_000L + rnd.nextInt(1000) : rnd.nextInt(1000);
            count[d] = 1 + rnd.nextInt(50);
        }
        return Selection.box(start, count);
    }

    private static Selection twoBlocks(Random rnd, int rank) {
        long[] a = new long[rank];
        long[] c = new long[rank];
        for (int d = 0; d < rank; d++) c[d] = 1 + rnd.nextInt(4);
        long[] b = a.clone();
        b[0] = 100 + rnd.nextInt(10);
        return Selection.union(rank, List.of(new Box(a, c), new Box(b, c)));
    }

    private static Selection strided(Random rnd, int rank) {
        long[] start = new long[rank];
        long[] stride = new long[rank];
        long[] count = new long[rank];
        long[] block = new long[rank];
        for (int d = 0; d < rank; d++) {
            start[d] = rnd.nextInt(5);
            stride[d] = 10;
            count[d] = 2 + rnd.nextInt(3);
            block[d] = 1 + rnd.nextInt(5);
        }
        return Selection.hyperslab(start, stride, count, block);
    }

    private static Selection points(Random rnd, int rank) {
        long[] p = new long[rank];
        long[] q = new long[rank];
        for (int d = 0; d < rank; d++) {
            p[d] = rnd.nextInt(100);
            q[d] = 100 + rnd.nextInt(100);
        }
        return Selection.points(p, q);
    }

    /** A cursor over a block as the tests' files hold it (8-byte offsets and lengths, at address 1000); also MappingTableRepeatsTest's. */
    static Cursor cursor(ByteBuffer bytes) {
        return new Cursor(bytes, "test.h5", 1000, 8, 8);
    }

    /** The block in a read-only direct buffer: no array, as a view of the file's mapping is. */
    static ByteBuffer directReadOnly(byte[] block) {
        ByteBuffer d = ByteBuffer.allocateDirect(block.length);
        d.put(block).flip();
        return d.asReadOnlyBuffer();
    }

    /** Overwrites the bytes where they can be written (a read-only buffer is a copy of what was decoded). */
    private static void scribble(ByteBuffer bytes) {
        if (bytes.hasArray()) java.util.Arrays.fill(bytes.array(), (byte) 0x5A);
    }
}
