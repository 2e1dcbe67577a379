package org.h5vds.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;
import org.junit.jupiter.api.Test;

/** Encodings libhdf5 1.10.8 / 1.14.3 wrote (from h5py's SpaceID.encode and H5Sencode2), and hostile variants of them. */
class SelectionCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final long BASE = 1000;

    static Cursor cursor(String hex) {
        return new Cursor(ByteBuffer.wrap(HEX.parseHex(hex)), "test.h5", BASE, 8, 8);
    }

    static Selection decode(String hex, int rank) {
        Cursor c = cursor(hex);
        Selection s = SelectionCodec.decode(c, rank);
        assertThat(c.remaining()).isZero();
        return s;
    }

    static void assertRoundTrip(Selection s, SelectionCodec.Versions v, String hex) {
        assertThat(HEX.formatHex(SelectionCodec.encode(s, v))).isEqualTo(hex);
    }

    // libhdf5 1.10.8, dataspace (10, 20), default bounds
    static final String ALL = "03000000010000000000000000000000";
    static final String NONE = "00000000010000000000000000000000";
    static final String ONE_BLOCK = "020000000100000000000000180000000200000001000000010000000200000001000000" + "02000000";
    static final String SIX_BLOCKS_V1 = "0200000001000000000000006800000002000000060000000100000002000000010000000200000001000000070000000100000007000000010000000c000000010000000c0000000500000002000000050000000200000005000000070000000500000007000000050000000c000000050000000c000000";
    static final String OR_V1 = "0200000001000000000000002800000002000000020000000000000000000000010000000200000005000000050000000600000007000000";
    static final String POINTS_V1 = "010000000100000000000000200000000200000003000000010000000200000003000000040000000000000000000000";
    static final String UNLIMITED_V2 = "020000000200000001440000000200000000000000000000000300000000000000ffffffffffffffff01000000000000000000000000000000010000000000000001000000000000001400000000000000";
    // libhdf5 1.14.3 with bounds (latest, latest)
    static final String REGULAR_V3 = "020000000300000001020200000001000400020001000200050003000100";
    static final String IRREGULAR_V3 = "0200000003000000000202000000020000000000010002000500050006000700";
    static final String POINTS_V2 = "0100000002000000020200000002000100020003000400";

    @Test
    void decodesWhatLibhdf5Wrote() {
        assertThat(decode(ALL, 2)).isEqualTo(new All(2));
        assertThat(decode(ALL, -1)).isEqualTo(new All(-1));
        assertThat(decode(NONE, 2)).isEqualTo(new NoneSelection(2));
        assertThat(decode(ONE_BLOCK, 2)).isEqualTo(Selection.box(new long[] {1, 2}, new long[] {1, 1}));
        Hyperslab six = new Hyperslab(new long[] {1, 2}, new long[] {4, 5}, new long[] {2, 3}, null);
        assertThat(decode(SIX_BLOCKS_V1, 2)).isEqualTo(six);
        assertThat(decode(REGULAR_V3, 2)).isEqualTo(six);
        Selection or = decode(OR_V1, 2);
        assertThat(or).isInstanceOf(BlockUnion.class);
        assertThat(or.count()).isEqualTo(12);
        assertThat(decode(IRREGULAR_V3, 2)).isEqualTo(or);
        Points pts = Points.of(new long[] {1, 2}, new long[] {3, 4}, new long[] {0, 0});
        assertThat(decode(POINTS_V1, 2)).isEqualTo(pts);
        assertThat(decode(POINTS_V2, 2)).isEqualTo(Points.of(new long[] {1, 2}, new long[] {3, 4}));
        assertThat(decode(UNLIMITED_V2, 2)).isEqualTo(new Hyperslab(new long[] {0, 0}, new long[] {3, 1}, new long[] {DimSet.UNLIMITED, 1}, new long[] {1, 20}));
    }

    @Test
    void encodesWhatLibhdf5Writes() {
        Hyperslab six = new Hyperslab(new long[] {1, 2}, new long[] {4, 5}, new long[] {2, 3}, null);
        assertRoundTrip(six, SelectionCodec.Versions.V18, SIX_BLOCKS_V1);
        assertRoundTrip(six, SelectionCodec.Versions.V112, REGULAR_V3);
        assertRoundTrip(new All(2), SelectionCodec.Versions.V110, ALL);
        assertRoundTrip(new NoneSelection(2), SelectionCodec.Versions.V110, NONE);
        assertRoundTrip(Points.of(new long[] {1, 2}, new long[] {3, 4}, new long[] {0, 0}), SelectionCodec.Versions.V110, POINTS_V1);
        assertRoundTrip(Points.of(new long[] {1, 2}, new long[] {3, 4}), SelectionCodec.Versions.V112, POINTS_V2);
        // the default is the 1.10 low bound: regular hyperslabs of 4 blocks or more are version 2
        assertThat(SelectionCodec.encode(six)[4]).isEqualTo((byte) 2);
        assertThat(SelectionCodec.encode(Selection.box(new long[] {1, 2}, new long[] {1, 1}))[4]).isEqualTo((byte) 1);
        // an empty product is the none selection
        assertThat(HEX.formatHex(SelectionCodec.encode(Selection.product(DimSet.EMPTY, DimSet.interval(0, 3))))).isEqualTo(NONE);
    }

    @Test
    void selectionsThatLibhdf5_1_10CannotStoreAreRefusedUnlessV112() {
        Selection big = BlockUnion.of(2, List.of(new Box(new long[] {0, 0}, new long[] {2, 3}), new Box(new long[] {1L << 33, 5}, new long[] {2, 3})));
        assertThatThrownBy(() -> SelectionCodec.encode(big)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond 2^32");
        assertThat(decode(HEX.formatHex(SelectionCodec.encode(big, SelectionCodec.Versions.V112)), 2)).isEqualTo(big);
        Points far = Points.of(new long[] {1L << 33, 2});
        assertThatThrownBy(() -> SelectionCodec.encode(far)).hasMessageContaining("exceeds 2^32");
        assertThat(decode(HEX.formatHex(SelectionCodec.encode(far, SelectionCodec.Versions.V112)), 2)).isEqualTo(far);
        // a regular one goes to version 2 even for the 1.8 bound
        Hyperslab farBlock = new Hyperslab(new long[] {1L << 33, 2}, null, new long[] {1, 1}, null);
        assertThat(SelectionCodec.encode(farBlock, SelectionCodec.Versions.V18)[4]).isEqualTo((byte) 2);
    }

    // ---- hostile input ---------------------------------------------------------------------

    static H5FormatException rejects(String hex, int rank) {
        try {
            SelectionCodec.decode(cursor(hex), rank);
        } catch (H5FormatException e) {
            assertThat(e.file()).isEqualTo("test.h5");
            assertThat(e.offset()).isBetween(BASE, BASE + hex.length() / 2);
            return e;
        }
        throw new AssertionError("accepted " + hex);
    }

    @Test
    void rejectsUnknownTypesVersionsFlagsAndSizes() {
        assertThat(rejects("07000000" + ALL.substring(8), 2).detail()).contains("unknown selection type 7");
        assertThat(rejects("0300000009000000" + ALL.substring(16), 2).detail()).contains("all selection: unknown version 9");
        assertThat(rejects("0100000003000000", 2).detail()).contains("point selection: unknown version 3");
        assertThat(rejects("0200000004000000", 2).detail()).contains("hyperslab selection: unknown version 4");
        assertThat(rejects(REGULAR_V3.substring(0, 16) + "03" + REGULAR_V3.substring(18), 2).detail()).contains("unknown flags 0x3");
        H5FormatException size = rejects(REGULAR_V3.substring(0, 18) + "03" + REGULAR_V3.substring(20), 2);
        assertThat(size.detail()).contains("unknown encode size 3");
        assertThat(size.offset()).isEqualTo(BASE + 9);
    }

    @Test
    void rejectsBadRanks() {
        assertThat(rejects(ONE_BLOCK.substring(0, 32) + "00000000" + ONE_BLOCK.substring(40), 2).detail()).contains("rank 0 outside 1..32");
        assertThat(rejects(ONE_BLOCK.substring(0, 32) + "21000000" + ONE_BLOCK.substring(40), -1).detail()).contains("rank 33 outside");
        H5FormatException e = rejects(ONE_BLOCK, 3);
        assertThat(e.detail()).contains("rank 2 does not match the dataspace rank 3");
        assertThat(e.offset()).isEqualTo(BASE + 16);
    }

    @Test
    void rejectsCountsTheBytesCannotHold() {
        // v1 hyperslab claiming 2^32 - 1 blocks
        String huge = ONE_BLOCK.substring(0, 40) + "ffffffff" + ONE_BLOCK.substring(48);
        assertThat(rejects(huge, 2).detail()).contains("4294967295 entries of 16 bytes need more than the 16 bytes left");
        // v2 points claiming 2^64 - 1 points
        assertThat(rejects("01000000" + "02000000" + "08" + "02000000" + "ffffffffffffffff" + "0000", 2).detail()).contains("18446744073709551615 entries");
        // truncated
        assertThat(rejects(SIX_BLOCKS_V1.substring(0, SIX_BLOCKS_V1.length() - 8), 2).detail()).contains("6 entries of 16 bytes need more than the 92 bytes left");
        assertThat(rejects(SIX_BLOCKS_V1.substring(0, 20), 2).detail()).contains("structure ends early");
        assertThat(rejects(REGULAR_V3.substring(0, REGULAR_V3.length() - 4), 2).detail()).contains("need more than");
        assertThat(rejects(ONE_BLOCK.substring(0, 24) + "08000000" + ONE_BLOCK.substring(32, 40) + "00000000", 2).detail()).contains("no blocks");
    }

    @Test
    void reservedAndLengthFieldsAreNotReadAsLibhdf5DoesNotReadThem() {
        // H5S__*_deserialize skip them: any value decodes to the same selection (SelectionFieldsOracleTest asks libhdf5)
        String garbage = "efbeadde";
        assertThat(decode(POINTS_V1.substring(0, 16) + garbage + garbage + POINTS_V1.substring(32), 2)).isEqualTo(decode(POINTS_V1, 2));
        assertThat(decode(ONE_BLOCK.substring(0, 16) + garbage + garbage + ONE_BLOCK.substring(32), 2)).isEqualTo(decode(ONE_BLOCK, 2));
        assertThat(decode(UNLIMITED_V2.substring(0, 18) + garbage + UNLIMITED_V2.substring(26), 2)).isEqualTo(decode(UNLIMITED_V2, 2));
        assertThat(decode(ALL.substring(0, 16) + garbage + garbage, 2)).isEqualTo(decode(ALL, 2));
        // a zero stride of an axis with count 1 means nothing (libhdf5's internal select checks it only when count > 1)
        String zeroStride = UNLIMITED_V2.substring(0, 34 + 64) + "0100000000000000" + "0000000000000000" + "0100000000000000" + "1400000000000000";
        assertThat(decode(zeroStride, 2)).isEqualTo(decode(UNLIMITED_V2.substring(0, 34 + 64) + "0100000000000000" + "0100000000000000"
                + "0100000000000000" + "1400000000000000", 2));
        // but none and all exist only in version 1 (H5S_ALL_VERSION_LATEST = H5S_NONE_VERSION_LATEST = 1)
        assertThat(rejects("0300000002000000" + ALL.substring(16), 2).detail()).contains("all selection: unknown version 2 (known: 1)");
        assertThat(rejects("0000000002000000" + ALL.substring(16), 2).detail()).contains("none selection: unknown version 2 (known: 1)");
    }

    @Test
    void rejectsInvalidGeometry() {
        // a block that ends before it starts
        String backwards = ONE_BLOCK.substring(0, 48) + "05000000" + "02000000" + "01000000" + "02000000";
        assertThat(rejects(backwards, 2).detail()).contains("block 0 ends at 1 before it starts at 5 on axis 0");
        // regular v2 with two unlimited axes
        String twoUnlimited = UNLIMITED_V2.substring(0, 34 + 64 + 32) + "ffffffffffffffff" + "0100000000000000";
        assertThat(rejects(twoUnlimited, 2).detail()).contains("only one unlimited axis");
        // regular v2 with overlapping blocks (stride 1 < block 20 and count 2)
        String overlap = UNLIMITED_V2.substring(0, 34) + "0000000000000000" + "0100000000000000" + "0200000000000000" + "1400000000000000" + UNLIMITED_V2.substring(34 + 64);
        assertThat(rejects(overlap, 2).detail()).contains("blocks overlap");
        // a coordinate beyond 2^63
        String beyond = UNLIMITED_V2.substring(0, 34) + "ffffffffffffff8f" + UNLIMITED_V2.substring(50);
        assertThat(rejects(beyond, 2).detail()).contains("exceeds 2^63");
    }

    /** A version 3 irregular hyperslab of rank {@code rank} with 4-byte fields: n blocks, block k from 3k to 3k + 1 on every axis. */
    static ByteBuffer diagonalBlocks(int n, int rank) {
        ByteBuffer b = ByteBuffer.allocate(14 + 4 + n * 8 * rank).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(2).putInt(3).put((byte) 0).put((byte) 4).putInt(rank).putInt(n);
        for (int k = 0; k < n; k++) {
            for (int d = 0; d < rank; d++) b.putInt(3 * k);
            for (int d = 0; d < rank; d++) b.putInt(3 * k + 1);
        }
        return b.flip();
    }

    @Test
    void aLongBlockListCostsASmallMultipleOfItsBytes() {
        SelectionCodec.decode(new Cursor(diagonalBlocks(100, 1), "test.h5", BASE, 8, 8)); // the classes loaded
        for (int rank : new int[] {1, 2}) {
            int n = 100_000;
            ByteBuffer bytes = diagonalBlocks(n, rank);
            long before = org.h5vds.testing.AllocatedBytes.ofThisThread();
            Selection s = SelectionCodec.decode(new Cursor(bytes, "test.h5", BASE, 8, 8));
            long allocated = org.h5vds.testing.AllocatedBytes.ofThisThread() - before;
            assertThat(s.count()).isEqualTo((long) n * (1L << rank));
            assertThat(s.bounds()).isEqualTo(new Box(new long[rank], filled(rank, 3L * (n - 1) + 2)));
            // 16 bytes per block and axis decoded, the span tree (a list per block below axis 0), the
            // builder's levels: a Box object per block and a string per coordinate made 47 and 93 times
            // the bytes at ranks 1 and 2 (now 16 and 33)
            assertThat(allocated).as("bytes allocated decoding %d blocks of rank %d (%d bytes)", n, rank, bytes.limit())
                    .isLessThan(16L * (rank + 1) * bytes.limit());
        }
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
