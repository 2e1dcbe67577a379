package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.h5vds.testing.AllocatedBytes;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.HeapBlocks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A mapping list of many minimal entries (two one-letter names, ALL to ALL: 36 bytes each) in a
 * virtual dataset of rank 32, the most axes HDF5 allows, and of rank 1. Memory that grew with
 * entries x rank (two boxes of 32 longs per entry, twice: 2 KB per 36-byte entry) or with the
 * pairs of overlapping mappings (every entry selects the whole dataset) would let such a block,
 * written by anyone, exhaust the reader's heap; the open must allocate a small multiple of the
 * block's bytes, and a read a bounded amount per mapping, whatever the rank. Values as h5py
 * (libhdf5 1.10) reads them: the mappings alternate between sources {@code a} and {@code b}, and
 * the last mapping ({@code b}) wins.
 */
class HostileMappingBlockTest {
    /** Entries per dataset: a 720 KB block. */
    static final int N = 20_000;
    static Path dir;

    @BeforeAll
    static void write() {
        dir = H5pyVds.folder("hostile-mappings");
        for (int rank : new int[] {1, 32}) {
            write(dir.resolve("rank" + rank + ".h5"), rank, N);
            write(dir.resolve("warm" + rank + ".h5"), rank, 16);
        }
        H5pyVds.run(dir, """
                for rank in (1, 32):
                    with h5py.File(f'rank{rank}.h5', 'r') as f:
                        save(f'v{rank}', f['v'][...])
                """);
    }

    /** A dataset of rank {@code rank}, shape (1, ..., 1, 3), and {@code n} mappings ALL to ALL, alternating sources a and b, the last from b. */
    static void write(Path file, int rank, int n) {
        long[] dims = new long[rank];
        Arrays.fill(dims, 1);
        dims[rank - 1] = 3;
        try (H5File f = H5File.create(file)) {
            f.createDataset("a", NdArray.of(new int[] {1, 2, 3}, dims));
            f.createDataset("b", NdArray.of(new int[] {-7, 8, -9}, dims));
            VirtualLayout layout = new VirtualLayout(Shape.of(dims), DType.INT32);
            for (int k = 0; k < n; k++) {
                layout.map(Region.all(rank), ".", (n - 1 - k) % 2 == 0 ? "b" : "a", Region.all(rank), Shape.of(dims));
            }
            f.createVirtualDataset("v", layout);
        }
    }

    private static long allocated() {
        return AllocatedBytes.ofThisThread();
    }

    /** Bytes allocated by opening the file and the dataset and asking its shape. */
    private static long allocatedByOpen(Path file) {
        long before = allocated();
        try (H5File f = H5File.open(file)) {
            f.dataset("v").shape();
        }
        return allocated() - before;
    }

    @Test
    void theBlockHoldsMinimalEntries() {
        for (int rank : new int[] {1, 32}) {
            // version 0, Num Entries, then per entry "." "a" ALL ALL (4 + 4 + 4 + 4 bytes each), and a checksum
            assertThat(HeapBlocks.of(dir.resolve("rank" + rank + ".h5"), "v")).hasSize(1 + 8 + N * 36 + 4);
        }
    }

    @Test
    void openingAllocatesASmallMultipleOfTheBlockWhateverTheRank() {
        long block = 1 + 8 + N * 36L + 4;
        for (int rank : new int[] {1, 32}) {
            allocatedByOpen(dir.resolve("warm" + rank + ".h5")); // the classes loaded, the caches made
            long bytes = allocatedByOpen(dir.resolve("rank" + rank + ".h5"));
            // the block read (once), then per entry: names, kinds, source bounds, plan and index
            // entries, about 55 bytes (2.6 x the block in all); a box slot per entry made 2 x 512
            // bytes per entry at rank 32 (60 x), and 8.6 x at rank 1
            assertThat(bytes).as("bytes allocated opening %d ALL mappings (a %d-byte block) at rank %d", N, block, rank)
                    .isLessThan(4 * block);
        }
    }

    @Test
    void readsWhatH5pyReadsWithBoundedWorkPerMapping() {
        for (int rank : new int[] {1, 32}) {
            try (H5File f = H5File.open(dir.resolve("rank" + rank + ".h5"))) {
                Dataset v = f.dataset("v");
                long[] dims = new long[rank];
                Arrays.fill(dims, 1);
                dims[rank - 1] = 3;
                assertThat(v.shape()).isEqualTo(Shape.of(dims));
                v.read(); // the first read decodes what the mappings need
                long before = allocated();
                NdArray values = v.read();
                long bytes = allocated() - before;
                assertThat(values).isEqualTo(H5pyVds.expected(dir, "v" + rank));
                assertThat(values.toIntArray()).containsExactly(-7, 8, -9);
                // every mapping overlaps every other: testing each pair for overlap made N^2 / 2
                // intersections (20,000 mappings: 400 GB allocated per read at rank 32)
                assertThat(bytes / N).as("bytes allocated per mapping reading %d overlapping mappings at rank %d", N, rank)
                        .isLessThan(64 * 1024);
            }
        }
    }
}
