package org.h5vds.vds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.h5vds.format.Checksum;
import org.h5vds.io.Cursor;
import org.h5vds.select.Box;
import org.h5vds.select.Selection;
import org.junit.jupiter.api.Test;

/**
 * {@link MappingTable} takes an entry that repeats the previous one but for its boxes' coordinates
 * in a few compares ({@code repeatsPrevious}), and reads such entries and the checksum of a block
 * that is no array from a {@link StreamedBlock} rather than from the view. Both must give what the
 * full pass gives: the same mappings, boxes and errors, on blocks larger than the stream's array,
 * with entries that break the pattern anywhere, and on blocks with bytes changed at random.
 */
class MappingTableRepeatsTest {
    private static final int N = 3000; // ~250 KB: several of StreamedBlock's 64 KiB arrays

    /** The ways an entry can differ from the usual one (same names, a source box of rank 1, a virtual box of rank 2). */
    private static final String[] BREAKS = {"file name", "dataset name", "source ALL", "virtual ALL", "source rank 2",
        "source two blocks", "virtual at 2^31", "virtual end at 2^31", "source at 2^31", "long name"};

    @Test
    void entriesThatBreakThePatternAnywhereDecodeAsTheFullDecoderDecodes() {
        for (String how : BREAKS) {
            for (int at : new int[] {0, 1, 2, 800, 1639, N - 1}) {
                List<VirtualMapping> mappings = usual(N);
                mappings.set(at, broken(how, at));
                if (at == 800) mappings.set(801, broken(how, 801)); // two in a row
                for (int version : new int[] {VirtualHeapBlock.VERSION_0, VirtualHeapBlock.VERSION_1}) {
                    byte[] block = new VirtualHeapBlock(version, mappings).encode(8);
                    String as = how + " at " + at + ", version " + version;
                    for (MappingTable table : decodeEveryWay(block)) {
                        assertThat(new ArrayList<>(table.asList())).as(as).isEqualTo(mappings);
                        List<String> names = new ArrayList<>();
                        List<String> expectedNames = new ArrayList<>();
                        List<Long> bounds = new ArrayList<>();
                        List<Long> expectedBounds = new ArrayList<>();
                        for (int i = 0; i < N; i++) {
                            names.add(table.sourceFile(i) + ":" + table.sourceDataset(i));
                            expectedNames.add(mappings.get(i).sourceFileName() + ":" + mappings.get(i).sourceDatasetName());
                            if (table.virtualKind(i) != MappingTable.BOX) continue;
                            Box v = mappings.get(i).virtualSelection().bounds();
                            for (int d = 0; d < 2; d++) {
                                bounds.add(table.lo(i, d));
                                bounds.add(table.hi(i, d));
                                expectedBounds.add(v.start(d));
                                expectedBounds.add(v.end(d));
                            }
                        }
                        assertThat(names).as(as).isEqualTo(expectedNames);
                        assertThat(bounds).as(as).isEqualTo(expectedBounds);
                    }
                }
            }
        }
    }

    @Test
    void aBlockWithoutBreaksKeepsNoArraysBeyondItsBoxes() {
        byte[] block = new VirtualHeapBlock(VirtualHeapBlock.VERSION_0, usual(N)).encode(8);
        for (MappingTable table : decodeEveryWay(block)) {
            assertThat(table.boxSlots()).isNull();
            assertThat(table.boxCount()).isEqualTo(N);
            assertThat(table.boxes().isIntForm()).isTrue();
            long[] start = new long[1];
            long[] end = new long[1];
            assertThat(table.sourceBox(N - 1, start, end)).isEqualTo(1);
            assertThat(start[0]).isEqualTo(0);
            assertThat(end[0]).isEqualTo(1);
        }
    }

    @Test
    void bytesChangedAtRandomGiveWhatTheFullDecoderGives() {
        // the checksum recomputed after the change, so that the entries' own checks are what decides
        Random rnd = new Random(5);
        byte[] usual = new VirtualHeapBlock(VirtualHeapBlock.VERSION_0, usual(1000)).encode(8);
        int entry = (usual.length - 13) / 1000;
        int failures = 0;
        for (int round = 0; round < 800; round++) {
            byte[] block = usual.clone();
            // mostly inside one entry after the first few (where the repeats are taken), now and then anywhere
            int changes = 1 + rnd.nextInt(3);
            int base = 9 + entry * (3 + rnd.nextInt(995));
            for (int k = 0; k < changes; k++) {
                int at = rnd.nextInt(4) == 0 ? 9 + rnd.nextInt(block.length - 13) : base + rnd.nextInt(entry);
                block[at] = (byte) (rnd.nextInt(3) == 0 ? block[at] ^ (1 << rnd.nextInt(8)) : rnd.nextInt(256));
            }
            rechecksum(block);
            Throwable expected = catchThrowable(() -> VirtualHeapBlock.decode(cursor(ByteBuffer.wrap(block)), 2));
            List<VirtualMapping> mappings = expected == null ? VirtualHeapBlock.decode(cursor(ByteBuffer.wrap(block)), 2).mappings() : null;
            if (expected != null) failures++;
            for (int way = 0; way < 3; way++) {
                int w = way;
                MappingTable[] table = new MappingTable[1];
                Throwable got = catchThrowable(() -> table[0] = decode(block, w));
                if (expected != null) {
                    assertThat(got).as("round %d, way %d", round, way).isNotNull().hasMessage(expected.getMessage())
                            .hasSameClassAs(expected);
                } else {
                    assertThat(got).as("round %d, way %d", round, way).isNull();
                    assertThat(new ArrayList<>(table[0].asList())).as("round %d, way %d", round, way).isEqualTo(mappings);
                }
            }
        }
        assertThat(failures).as("rounds whose block the full decoder refused").isBetween(50, 750);
    }

    @Test
    void aChangedByteFailsTheChecksumWhereverItIsReadFrom() {
        byte[] usual = new VirtualHeapBlock(VirtualHeapBlock.VERSION_0, usual(N)).encode(8);
        for (int at : new int[] {9, 100, 70_000, usual.length / 2, usual.length - 5}) {
            byte[] block = usual.clone();
            // a coordinate's low byte (or whatever is there): the entries still decode, the checksum does not match
            block[at] ^= 1;
            Throwable expected = catchThrowable(() -> VirtualHeapBlock.decode(cursor(ByteBuffer.wrap(block)), 2));
            assertThat(expected).isNotNull();
            for (int way = 0; way < 3; way++) {
                int w = way;
                assertThat(catchThrowable(() -> decode(block, w))).as("byte %d, way %d", at, way)
                        .hasMessage(expected.getMessage()).hasSameClassAs(expected);
            }
        }
    }

    @Test
    void entriesThatEndBeforeTheLastFourBytesAreCheckedAsBefore() {
        // the checksum right after the entries and 8 bytes more: the stream's checksum (of all but the
        // last 4 bytes) is not the one to check, so the view's is
        byte[] encoded = new VirtualHeapBlock(VirtualHeapBlock.VERSION_0, usual(N)).encode(8);
        byte[] block = Arrays.copyOf(encoded, encoded.length + 8);
        List<VirtualMapping> mappings = usual(N);
        for (int way = 0; way < 3; way++) {
            MappingTable table = decode(block, way);
            for (int i = 0; i < N; i += 97) assertThat(table.mapping(i)).isEqualTo(mappings.get(i));
        }
        block[encoded.length - 1] ^= 1; // the stored checksum itself
        Throwable expected = catchThrowable(() -> VirtualHeapBlock.decode(cursor(ByteBuffer.wrap(block)), 2));
        assertThat(expected).hasMessageContaining("checksum mismatch");
        for (int way = 0; way < 3; way++) {
            int w = way;
            assertThat(catchThrowable(() -> decode(block, w))).hasMessage(expected.getMessage());
        }
    }

    @Test
    void theStreamReadsEachByteOnceInOrder() {
        byte[] block = new byte[300_000];
        new Random(3).nextBytes(block);
        List<int[]> reads = new ArrayList<>();
        StreamedBlock s = new StreamedBlock((position, into) -> {
            reads.add(new int[] {position, into.remaining()});
            into.put(block, position, into.remaining());
        }, 10, block.length - 4, true);
        Random rnd = new Random(4);
        int from = 10;
        while (true) {
            int n = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 40_000 : 300);
            from += rnd.nextInt(5) == 0 ? rnd.nextInt(100_000) : 0; // skipped: read and checksummed, not kept
            if (from + n > block.length - 4) break;
            ByteBuffer b = s.around(from, from + n);
            assertThat(b).isNotNull();
            for (int j = 0; j < n; j += 7) assertThat(b.get(from - s.start() + j)).isEqualTo(block[from + j]);
            from += n / 2;
        }
        assertThat(s.around(s.start() - 1, s.start() + 1)).as("bytes already dropped").isNull();
        assertThat(s.around(from, from + StreamedBlock.SIZE + 1)).as("more than the array holds").isNull();
        assertThat(s.checksum()).isEqualTo(Checksum.lookup3(block, 10, block.length - 14));
        int next = 10;
        for (int[] r : reads) {
            assertThat(r[0]).isEqualTo(next);
            next += r[1];
        }
        assertThat(next).isEqualTo(block.length - 4);
    }

    // ---- blocks ---------------------------------------------------------------------------------

    /** Element k of a (n / 100, 100) dataset from element n - 1 - k of ./src: the bench's mapping list. */
    private static List<VirtualMapping> usual(int n) {
        List<VirtualMapping> out = new ArrayList<>();
        for (int k = 0; k < n; k++) out.add(usual(k, n));
        return out;
    }

    private static VirtualMapping usual(int k, int n) {
        return new VirtualMapping(".", "src", Selection.box(new long[] {n - 1 - k}, new long[] {1}),
                Selection.box(new long[] {k / 100, k % 100}, new long[] {1, 1}));
    }

    private static VirtualMapping broken(String how, int k) {
        Selection source = Selection.box(new long[] {k}, new long[] {1});
        Selection virtual = Selection.box(new long[] {k / 100, k % 100}, new long[] {1, 1});
        return switch (how) {
            case "file name" -> new VirtualMapping("other.h5", "src", source, virtual);
            case "dataset name" -> new VirtualMapping(".", "/x/y", source, virtual);
            case "long name" -> new VirtualMapping(".", "s".repeat(40_000), source, virtual);
            case "source ALL" -> new VirtualMapping(".", "src", Selection.all(-1), virtual);
            case "virtual ALL" -> new VirtualMapping(".", "src", source, Selection.all(2));
            case "source rank 2" -> new VirtualMapping(".", "src", Selection.box(new long[] {k, 3}, new long[] {1, 1}), virtual);
            case "source two blocks" -> new VirtualMapping(".", "src", Selection.union(1, List.of(
                    new Box(new long[] {0}, new long[] {1}), new Box(new long[] {5}, new long[] {1}))), Selection.box(new long[] {k / 100, 0}, new long[] {1, 2}));
            case "virtual at 2^31" -> new VirtualMapping(".", "src", source, Selection.box(new long[] {1L << 31, 0}, new long[] {1, 1}));
            case "virtual end at 2^31" -> new VirtualMapping(".", "src", source, Selection.box(new long[] {(1L << 31) - 1, 0}, new long[] {1, 1}));
            case "source at 2^31" -> new VirtualMapping(".", "src", Selection.box(new long[] {1L << 31}, new long[] {1}), virtual);
            default -> throw new IllegalArgumentException(how);
        };
    }

    /** The block decoded from an array, from a direct buffer alone, and from a direct buffer with its stream. */
    private static List<MappingTable> decodeEveryWay(byte[] block) {
        return List.of(decode(block, 0), decode(block, 1), decode(block, 2));
    }

    private static MappingTable decode(byte[] block, int way) {
        return switch (way) {
            case 0 -> MappingTable.decode(cursor(ByteBuffer.wrap(block)), 2);
            case 1 -> MappingTable.decode(cursor(direct(block)), 2);
            default -> MappingTable.decode(cursor(direct(block)), 2, (position, into) -> into.put(block, position, into.remaining()));
        };
    }

    private static void rechecksum(byte[] block) {
        ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).putInt(block.length - 4, Checksum.lookup3(block, 0, block.length - 4));
    }

    private static Cursor cursor(ByteBuffer bytes) {
        return MappingTableTest.cursor(bytes);
    }

    private static ByteBuffer direct(byte[] block) {
        return MappingTableTest.directReadOnly(block);
    }
}
