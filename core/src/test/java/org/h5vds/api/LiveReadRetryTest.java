package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.testing.Python;
import org.h5vds.testing.SwmrWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read of a dataset in a file a SWMR writer has open that meets a chunk index block the writer
 * is rewriting (its checksum fails for a moment) is repeated until the block is whole again, as
 * libhdf5's SWMR reader repeats it: element reads ({@code d[k]}), slices, and reads into a
 * caller's buffer. The CI failure this comes from: {@code h5vds read live.h5 gzip --select "-1, 0, 0:2"}
 * reported "extensible array data block: checksum mismatch" while h5py appended frames.
 */
class LiveReadRetryTest {
    static final int ROWS = 160;
    static final int W = 4;

    @TempDir
    Path dir;

    /** h5py's SWMR writer stopped without closing the file (its superblock keeps the writer flags); rows in extensible array data blocks. */
    private Path liveFile() {
        return SwmrWriter.killedH5py(dir.resolve("live.h5"),
                "f.create_dataset('d', data=np.arange(%d * %d, dtype='<i4').reshape(%d, %d), chunks=(1, %d), maxshape=(None, %d))"
                        .formatted(ROWS, W, ROWS, W, W, W));
    }

    /** The offsets of the extensible array data blocks ("EADB") in the file. */
    private static List<Long> dataBlocks(byte[] bytes) {
        List<Long> at = new ArrayList<>();
        for (int i = 0; i + 4 <= bytes.length; i++) {
            if (bytes[i] == 'E' && bytes[i + 1] == 'A' && bytes[i + 2] == 'D' && bytes[i + 3] == 'B') at.add((long) i);
        }
        return at;
    }

    /** Flips (or flips back) a byte covered by each data block's checksum: its block offset, after signature, version, class and header address. */
    private static void flip(Path p, List<Long> blocks) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (long b : blocks) {
                ByteBuffer one = ByteBuffer.allocate(1);
                ch.read(one, b + 14);
                one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
                ch.write(one, b + 14);
            }
        }
    }

    /** The writer finishing its write of the blocks 100 ms from now (well inside the ~1.7 s of attempts), while the read that began meanwhile repeats them. */
    private static Thread restoreSoon(Path p, List<Long> blocks) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(100);
                flip(p, blocks);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        t.start();
        return t;
    }

    @Test
    void aReadMeetingABlockBeingRewrittenIsRepeatedUntilTheBlockIsWhole() throws Exception {
        Path p = liveFile();
        List<Long> blocks = dataBlocks(Files.readAllBytes(p));
        assertThat(blocks).as("rows 4 on are indexed by data blocks").isNotEmpty();
        flip(p, blocks);

        // damaged for good: every attempt fails, and the last one is reported
        try (H5File f = H5File.open(p)) {
            Dataset d = f.dataset("d");
            assertThatThrownBy(() -> d.read("10")).isInstanceOf(H5FormatException.class).hasMessageContaining("checksum mismatch")
                    .hasMessageContaining("/d");
        }

        for (String index : new String[] {"10", "10:12", "-1, 0:2"}) {
            try (H5File f = H5File.open(p)) {
                Dataset d = f.dataset("d");
                Thread restore = restoreSoon(p, blocks);
                NdArray a = d.read(index);
                restore.join();
                int first = index.startsWith("-1") ? (ROWS - 1) * W : 10 * W;
                int[] v = a.toIntArray();
                assertThat(v).as(index).hasSize(index.equals("10:12") ? 2 * W : index.equals("10") ? W : 2);
                for (int i = 0; i < v.length; i++) assertThat(v[i]).as(index).isEqualTo(first + i);
            }
            flip(p, blocks); // damaged again for the next read
        }

        try (H5File f = H5File.open(p)) {
            Dataset d = f.dataset("d");
            ByteBuffer into = ByteBuffer.allocate(W * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            Thread restore = restoreSoon(p, blocks);
            d.readInto("20", into);
            restore.join();
            into.flip();
            assertThat(new int[] {into.getInt(0), into.getInt(4), into.getInt(8), into.getInt(12)}).containsExactly(80, 81, 82, 83);
        }
    }

    @Test
    void aVirtualDatasetRepeatsTheReadOfASourceBeingRewritten() throws Exception {
        Path p = liveFile();
        Path vds = dir.resolve("vds.h5");
        Python.run("""
                import sys, h5py
                layout = h5py.VirtualLayout(shape=(%d, %d), dtype='<i4')
                src = h5py.VirtualSource(sys.argv[2], 'd', shape=(%d, %d))
                for r in range(src.shape[0]):  # a mapping per row: reads of many rows gather them per source
                    layout[r] = src[r]
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                    f.create_virtual_dataset('v', layout, fillvalue=-7)
                """.formatted(ROWS, W, ROWS, W), vds, p);
        List<Long> blocks = dataBlocks(Files.readAllBytes(p));
        for (String index : new String[] {"10", "10:12", "::3, 1", "10:150"}) {
            flip(p, blocks);
            try (H5File f = H5File.open(vds)) {
                Dataset v = f.dataset("v");
                Thread restore = restoreSoon(p, blocks);
                int[] got = v.read(index).toIntArray();
                restore.join();
                int[] expected;
                try (H5File g = H5File.open(p)) {
                    expected = g.dataset("d").read(index).toIntArray();
                }
                assertThat(got).as(index).containsExactly(expected);
                assertThat(got).as(index).doesNotContain(-7);
            }
        }
    }

    @Test
    void chunkQueriesRepeatWhatMeetsABlockBeingRewritten() throws Exception {
        Path p = liveFile();
        List<Long> blocks = dataBlocks(Files.readAllBytes(p));
        StoredChunk expected;
        byte[] expectedBytes;
        List<StoredChunk> expectedAll;
        try (H5File f = H5File.open(p)) {
            Dataset d = f.dataset("d");
            expected = d.storedChunk(10, 0).orElseThrow();
            expectedBytes = d.readStoredChunk(10, 0);
            expectedAll = d.storedChunks();
        }
        assertThat(expectedAll).hasSize(ROWS);

        flip(p, blocks);
        try (H5File f = H5File.open(p)) {
            Thread restore = restoreSoon(p, blocks);
            StoredChunk got = f.dataset("d").storedChunk(10, 0).orElseThrow();
            restore.join();
            assertThat(got).isEqualTo(expected);
        }
        flip(p, blocks);
        try (H5File f = H5File.open(p)) {
            Thread restore = restoreSoon(p, blocks);
            byte[] got = f.dataset("d").readStoredChunk(10, 0);
            restore.join();
            assertThat(got).containsExactly(expectedBytes);
        }
        flip(p, blocks);
        try (H5File f = H5File.open(p)) {
            Thread restore = restoreSoon(p, blocks);
            List<StoredChunk> visited = new ArrayList<>();
            f.dataset("d").forEachStoredChunk(visited::add);
            restore.join();
            visited.sort((a, b) -> java.util.Arrays.compare(a.offset(), b.offset()));
            assertThat(visited).as("each chunk visited once").isEqualTo(expectedAll);
        }
    }
}
