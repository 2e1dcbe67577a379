package org.h5vds.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.format.message.Dataspace;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.FixedPointType;
import org.h5vds.io.FileSink;
import org.h5vds.select.Selection;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one SWMR flush of an appended frame costs in file operations, and what it leaves for a
 * killed writer: libhdf5 1.10.8's SWMR writer (strace of h5py's, one chunk per frame, extensible
 * array index) makes four writes per flush — the chunk, the array's data block and header, the
 * object header — and reads nothing back. h5vds must make no more than that in the common case,
 * read nothing back either (it goes on from the index and header chunk it wrote), and rewrite the superblock only
 * when its End of File Address, kept ahead of the data with the file as long as it says, runs out:
 * so that a copy of the file taken after any flush (what a killed writer leaves) opens in libhdf5
 * after {@code h5clear -s} with every flushed frame readable.
 */
class SwmrFlushCostTest {
    private static final Datatype I4 = FixedPointType.of(4, true, Datatype.ByteOrder.LITTLE_ENDIAN);
    /** 64 KiB frames: 300 of them pass the End of File Address kept ahead many times. */
    private static final int WIDTH = 16384;
    private static final int FRAMES = 300;

    @TempDir
    Path dir;

    @Test
    void aSwmrFlushMakesLibhdf5sWritesReadsBackNoIndexAndKeepsTheEndOfFileAheadOfTheData() throws IOException {
        Path p = dir.resolve("swmr.h5");
        List<Path> snapshots = new ArrayList<>();
        List<Integer> snapshotFrames = new ArrayList<>();
        int fourWrites = 0;
        int endMoves = 0;
        long lastEnd = -1;
        try (OpenFile w = OpenFile.create(p, false, NodeOptions.defaults())) {
            DatasetNode d = w.root().createDataset("d", new DatasetDefinition(I4, new long[] {0, WIDTH}, new long[] {Dataspace.UNLIMITED, WIDTH},
                    DatasetDefinition.Layout.CHUNKED, new long[] {1, WIDTH}, List.of(), null));
            w.startSwmrWrite();
            FileSink sink = (FileSink) w.session().store();
            for (int i = 0; i < FRAMES; i++) {
                long writes = sink.writesMade();
                long reads = sink.readsMade();
                d.resize(new long[] {i + 1, WIDTH});
                d.write(Selection.box(new long[] {i, 0}, new long[] {1, WIDTH}), frame(i));
                w.flushForReaders();
                long wrote = sink.writesMade() - writes;
                long read = sink.readsMade() - reads;
                long end = endOfFileAddress(p);
                assertThat(Files.size(p)).as("after flush %d the file is exactly as long as its End of File Address says", i).isEqualTo(end);
                if (end != lastEnd) endMoves++;
                lastEnd = end;
                if (i < 2) continue; // the first flushes make the array's index block and first data block
                // + a new data block and the index block pointing to it now and then, + the superblock and the file's extension
                assertThat(wrote).as("writes of flush %d", i).isBetween(4L, 8L);
                if (wrote == 4) fourWrites++;
                // from the third flush on the writer goes on from the last one's index and header chunk (HeaderPatch)
                assertThat(read).as("reads of flush %d: nothing read back (libhdf5 reads nothing either)", i).isZero();
                if (i == 40 || i == 150 || i == FRAMES - 1) {
                    Path copy = dir.resolve("killed-after-" + i + ".h5");
                    Files.copy(p, copy);
                    snapshots.add(copy);
                    snapshotFrames.add(i + 1);
                }
            }
        }
        assertThat(fourWrites).as("flushes with libhdf5's four writes").isGreaterThan(FRAMES * 8 / 10);
        // FRAMES * 64 KiB = 19 MiB: 1 MiB steps up to 8 MiB, then an eighth of the file each
        assertThat(endMoves).as("superblock rewrites (End of File Address moves)").isBetween(2, 30);
        assertThat(Files.size(p)).as("at close the file ends where its data does").isEqualTo(endOfFileAddress(p));
        for (int k = 0; k < snapshots.size(); k++) {
            Path s = snapshots.get(k);
            assertThat(Files.readAllBytes(s)[11]).as("flagged as a SWMR writer's file").isEqualTo((byte) 0x05);
            Python.Processes.run(List.of("/usr/bin/h5clear", "-s", s.toString()), 60);
            assertThat(framesH5pyReads(s)).as("frames h5py reads in %s", s.getFileName()).isEqualTo(snapshotFrames.get(k));
        }
        assertThat(framesH5pyReads(p)).isEqualTo(FRAMES);
    }

    /**
     * {@link HeaderPatch}: the header chunk a flush writes by patching the last one's dimensions
     * and checksum is what the general path (header read back, {@code HeaderRewrite}) writes. Two
     * acquisitions of the same frames, one forced onto the general path at every flush, leave
     * byte-identical files after every flush (chunk of two frames: half the flushes rewrite a
     * chunk in place too; a fill value).
     */
    @Test
    void aPatchedHeaderIsWhatTheGeneralPathWrites() throws IOException {
        Path patched = dir.resolve("patched.h5");
        Path general = dir.resolve("general.h5");
        int width = 64;
        try (OpenFile a = OpenFile.create(patched, false, NodeOptions.defaults());
             OpenFile b = OpenFile.create(general, false, NodeOptions.defaults())) {
            DatasetNode da = dataset(a, width);
            DatasetNode db = dataset(b, width);
            a.startSwmrWrite();
            b.startSwmrWrite();
            int patches = 0;
            for (int i = 0; i < 120; i++) {
                for (DatasetNode d : List.of(da, db)) {
                    d.resize(new long[] {i + 1, width});
                    d.write(Selection.box(new long[] {i, 0}, new long[] {1, width}), frame(i, width));
                }
                if (da.record.dataset.headerPatch() != null) patches++;
                db.record.dataset.headerPatch(null); // the general path for b
                a.flushForReaders();
                b.flushForReaders();
                assertThat(Files.readAllBytes(patched)).as("after flush %d", i).isEqualTo(Files.readAllBytes(general));
            }
            assertThat(patches).as("flushes that patched the header").isGreaterThan(100);
        }
        assertThat(Files.readAllBytes(patched)).isEqualTo(Files.readAllBytes(general));
    }

    private static DatasetNode dataset(OpenFile f, int width) {
        byte[] fill = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(-1).array();
        return f.root().createDataset("d", new DatasetDefinition(I4, new long[] {0, width}, new long[] {Dataspace.UNLIMITED, width},
                DatasetDefinition.Layout.CHUNKED, new long[] {2, width}, List.of(), fill));
    }

    /** Reads every frame with h5py, checking each element; returns how many there are. */
    private static int framesH5pyReads(Path file) {
        String out = Python.run("""
                import h5py, sys, numpy as np
                with h5py.File(sys.argv[1], 'r') as f:
                    d = f['d']
                    for r in range(d.shape[0]):
                        assert (d[r] == np.arange(%d) + r * 100000).all(), r
                    print(d.shape[0])
                """.formatted(WIDTH), file);
        return Integer.parseInt(out.strip());
    }

    private static ByteBuffer frame(int i) {
        return frame(i, WIDTH);
    }

    private static ByteBuffer frame(int i, int width) {
        ByteBuffer b = ByteBuffer.allocate(4 * width).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < width; j++) b.putInt(i * 100000 + j);
        return b.flip();
    }

    /** The End of File Address of a version 2 or 3 superblock (signature, versions and sizes, base and extension addresses before it). */
    private static long endOfFileAddress(Path file) throws IOException {
        byte[] head = new byte[48];
        try (var in = Files.newInputStream(file)) {
            assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(head.length);
        }
        assertThat(head[8]).as("superblock version").isIn((byte) 2, (byte) 3);
        return ByteBuffer.wrap(head, 28, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
