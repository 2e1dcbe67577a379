package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.h5vds.testing.H5Dump;
import org.h5vds.testing.Project;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * h5vds as a SWMR writer ({@link H5File#startSwmrWrite()}, {@link Dataset#flush()}) followed by
 * libhdf5 1.10.8's SWMR readers: three h5py processes ({@code h5py.File(path, 'r', swmr=True)},
 * {@code refresh()} in a loop, {@code swmr_follower.py}) check every row they see while frames are
 * appended, uncompressed (chunks of one and of four frames), gzip and bitshuffle-lz4 (a plugin
 * filter), and h5dump reads snapshots taken while the writer writes. Through a virtual dataset
 * too. Plus what is refused in SWMR mode, and a killed SWMR writer's file.
 */
class SwmrWriteTest {
    static final int H = 16;
    static final int W = 32;
    static final int FRAMES = 100;
    static final List<String> DATASETS = List.of("plain", "plain4", "gzip", "bslz4", "btree2");

    @TempDir
    Path dir;

    static NdArray frame(long r) {
        int[] v = new int[H * W];
        for (int k = 0; k < v.length; k++) v[k] = (int) (r * 1000 + k);
        return NdArray.of(v, H, W);
    }

    static void createFrames(H5File f, String name, long chunkRows, DatasetOptions filters) {
        f.createDataset(name, DType.INT32, Shape.of(0, H, W), filters.withChunkShape(chunkRows, H, W).maxShape(Shape.UNLIMITED, H, W).fillValue(-1));
    }

    @Test
    void h5pyReadersFollowAnH5vdsSwmrWriter() throws Exception {
        Path live = dir.resolve("live.h5");
        Path done = dir.resolve("done");
        try (H5File f = H5File.create(live)) {
            createFrames(f, "plain", 1, DatasetOptions.chunked(1));
            createFrames(f, "plain4", 4, DatasetOptions.chunked(1));
            createFrames(f, "gzip", 1, DatasetOptions.chunked(1).deflate(4));
            createFrames(f, "bslz4", 1, DatasetOptions.chunked(1).bitshuffleLz4());
            // two unlimited axes: a version 2 B-tree chunk index, as libhdf5 makes
            f.createDataset("btree2", DType.INT32, Shape.of(0, H, W), DatasetOptions.chunked(1, H, W).maxShape(Shape.UNLIMITED, Shape.UNLIMITED, W)
                    .deflate(1).fillValue(-1));
            f.attrs().put("instrument", "test");
            assertThat(Files.exists(live)).isFalse();
            f.startSwmrWrite();
            assertThat(f.isSwmrWrite()).isTrue();
            assertThat(Files.exists(live)).as("a SWMR writer's new file is in place").isTrue();
            byte[] head = Files.readAllBytes(live);
            assertThat(head[8]).as("superblock version").isEqualTo((byte) 3);
            assertThat(head[11]).as("file consistency flags of a SWMR writer").isEqualTo((byte) 0x05);
            assertThat(f.writerState()).isEqualTo(H5File.WriterState.SWMR_WRITING);

            List<Process> readers = new ArrayList<>();
            for (int k = 0; k < 3; k++) readers.add(follower(live, done, FRAMES, DATASETS));
            awaitFollowers(live, readers, 3);
            Snapshots snapshots = new Snapshots(live);
            snapshots.start();
            // and an h5vds reader in this JVM (its own handle on the file, read as a SWMR writer's)
            AtomicReference<Throwable> ownFailure = new AtomicReference<>();
            AtomicInteger ownRows = new AtomicInteger();
            Thread own = new Thread(() -> {
                try (H5File r = H5File.open(live)) {
                    Dataset d = r.dataset("gzip");
                    long seen = 0;
                    while (!Files.exists(done) || seen < FRAMES) {
                        long n = d.refresh().shape().get(0);
                        if (n > seen) {
                            int[] v = d.read(seen + ":" + n).toIntArray();
                            for (long row = seen; row < n; row++) {
                                for (int k = 0; k < H * W; k++) assertThat(v[(int) ((row - seen) * H * W + k)]).isEqualTo((int) (row * 1000 + k));
                            }
                            seen = n;
                            ownRows.set((int) n);
                        }
                        Thread.sleep(2);
                    }
                } catch (Throwable e) {
                    ownFailure.set(e);
                }
            }, "h5vds-swmr-reader");
            own.start();
            List<Dataset> ds = new ArrayList<>();
            for (String name : DATASETS) ds.add(f.dataset(name));
            for (int r = 0; r < FRAMES; r++) {
                for (Dataset d : ds) d.append(frame(r));
                ds.get(r % ds.size()).flush();
                Thread.sleep(10);
            }
            Files.writeString(done, "done\n");
            snapshots.stop();
            own.join(120_000);
            if (ownFailure.get() != null) throw new AssertionError("the h5vds reader: " + ownFailure.get(), ownFailure.get());
            assertThat(ownRows.get()).isEqualTo(FRAMES);
            for (Process p : readers) assertFollowerOk(p);
            assertThat(snapshots.checked.get()).as("h5dump snapshots read").isGreaterThan(0);
        }
        assertThat(Files.readAllBytes(live)[11]).as("flags cleared at close").isZero();
        // after the writer, libhdf5 and h5vds read every frame
        for (String name : DATASETS) {
            try (H5File f = H5File.open(live)) {
                NdArray a = f.dataset(name).read();
                assertThat(a.shape()).containsExactly(FRAMES, H, W);
                int[] v = a.toIntArray();
                for (int r = 0; r < FRAMES; r++) assertThat(v[r * H * W + 7]).isEqualTo(r * 1000 + 7);
            }
            assertThat(dumpFrames(live, "/" + name)).isEqualTo(FRAMES);
        }
    }

    @Test
    void anExistingVersion3FileBecomesSwmrAndAVersion2OneIsRefusedAsLibhdf5RefusesIt() throws Exception {
        Path latest = dir.resolve("latest.h5");
        Path v108 = dir.resolve("v108.h5");
        Python.run("""
                import h5py, sys
                for p, lib in ((sys.argv[1], 'latest'), (sys.argv[2], 'v108')):
                    with h5py.File(p, 'w', libver=lib) as f:
                        f.create_dataset('d', (0, 16, 32), maxshape=(None, 16, 32), chunks=(1, 16, 32), dtype='<i4', fillvalue=-1)
                """, latest, v108);
        try (H5File f = H5File.open(v108, H5File.Mode.READ_WRITE)) {
            assertThatThrownBy(f::startSwmrWrite).isInstanceOf(H5Exception.class)
                    .hasMessageContaining(v108.toString()).hasMessageContaining("version 2 superblock").hasMessageContaining("should be at least 3");
            f.dataset("d").append(frame(0)); // still open for ordinary writing
        }
        try (H5File f = H5File.open(latest, H5File.Mode.APPEND)) {
            f.startSwmrWrite();
            assertThat(Files.readAllBytes(latest)[11]).isEqualTo((byte) 0x05);
            // libhdf5's SWMR readers take a shared flock: the writer no longer holds libhdf5 out
            Process reader = follower(latest, dir.resolve("done"), 30, List.of("d"));
            awaitFollowers(latest, List.of(reader), 1);
            Dataset d = f.dataset("d");
            for (int r = 0; r < 30; r++) {
                d.append(frame(r));
                d.flush();
                // paced as the other followed writers here: 30 flushes of 2 KB frames now take a few
                // milliseconds, less than the reader's polling, which must see the dataset grow
                Thread.sleep(5);
            }
            Files.writeString(dir.resolve("done"), "done\n");
            assertFollowerOk(reader);
            assertThatThrownBy(f::startSwmrWrite).isInstanceOf(IllegalStateException.class).hasMessageContaining("already in SWMR write mode");
        }
        assertThat(dumpFrames(latest, "/d")).isEqualTo(30);
    }

    /**
     * A version 3 file whose dataset has a version 1 B-tree chunk index (made by libhdf5 with
     * libver bounds (earliest, latest)): libhdf5 1.10.8's SWMR writer appends to it (checked
     * below), so h5vds does too; each commit writes the index anew and switches to it in the
     * checksummed header, so readers never follow a B-tree node (which has no checksum) being
     * rewritten. Its neighbour has an extensible array.
     */
    @Test
    void aVersion1BTreeIndexedDatasetIsAppendedInSwmrModeAsLibhdf5Does() throws Exception {
        Path p = dir.resolve("v1btree.h5");
        Path byLibhdf5 = dir.resolve("v1btree-libhdf5.h5");
        String made = Python.run("""
                import ctypes, h5py, sys
                lib = ctypes.CDLL('libhdf5_serial.so.103')
                lib.H5Fset_libver_bounds.argtypes = [ctypes.c_int64, ctypes.c_int, ctypes.c_int]
                for p in sys.argv[1:]:
                    with h5py.File(p, 'w', libver='latest') as f:
                        assert lib.H5Fset_libver_bounds(f.id.id, 0, 2) >= 0
                        f.create_dataset('old', (0, 16, 32), maxshape=(None, 16, 32), chunks=(1, 16, 32), dtype='<i4', fillvalue=-1)
                        assert lib.H5Fset_libver_bounds(f.id.id, 2, 2) >= 0
                        f.create_dataset('new', (0, 16, 32), maxshape=(None, 16, 32), chunks=(1, 16, 32), dtype='<i4', fillvalue=-1)
                # libhdf5's own SWMR writer appends to the v1 B-tree dataset
                with h5py.File(sys.argv[2], 'a') as f:
                    f.swmr_mode = True
                    d = f['old']
                    d.resize((2, 16, 32))
                    d[:] = 5
                    d.flush()
                with h5py.File(sys.argv[2], 'r') as f:
                    print(int(f['old'][:].sum()))
                """, p, byLibhdf5);
        assertThat(made.strip()).isEqualTo(String.valueOf(2 * 16 * 32 * 5));
        assertThat(layoutVersion(p, "/old")).isEqualTo(3);
        try (H5File f = H5File.open(p, H5File.Mode.READ_WRITE)) {
            f.startSwmrWrite();
            Process reader = follower(p, dir.resolve("done"), 40, List.of("old", "new"));
            awaitFollowers(p, List.of(reader), 1);
            for (int r = 0; r < 40; r++) {
                f.dataset("old").append(frame(r));
                f.dataset("new").append(frame(r));
                f.dataset("old").flush();
                Thread.sleep(5);
            }
            Files.writeString(dir.resolve("done"), "done\n");
            assertFollowerOk(reader);
        }
        assertThat(layoutVersion(p, "/old")).as("still a version 1 B-tree").isEqualTo(3);
        assertThat(dumpFrames(p, "/old")).isEqualTo(40);
        assertThat(dumpFrames(p, "/new")).isEqualTo(40);
    }

    /** The version of the dataset's Data Layout message as h5debug prints it (3: v1 B-tree chunk index; 4: the 1.10 indexes). */
    private static int layoutVersion(Path file, String dataset) {
        String address = Python.run("""
                import h5py, sys
                with h5py.File(sys.argv[1], 'r') as f:
                    print(h5py.h5o.get_info(f[sys.argv[2]].id).addr)
                """, file, dataset).strip();
        String dump = Python.Processes.run(List.of("/usr/bin/h5debug", file.toString(), address), 60);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`layout'[\\s\\S]*?Version:\\s+(\\d+)").matcher(dump);
        assertThat(m.find()).as("h5debug shows the layout message:\n%s", dump).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void objectCreationAndStructureChangesAreRefusedInSwmrMode() throws Exception {
        Path p = dir.resolve("refuse.h5");
        try (H5File f = H5File.create(p)) {
            createFrames(f, "d", 1, DatasetOptions.chunked(1));
            f.createGroup("g");
            f.attrs().put("a", 1);
            f.startSwmrWrite();
            List<Runnable> refused = List.of(
                    () -> f.createGroup("g2"),
                    () -> f.createDataset("d2", NdArray.of(new int[] {1, 2}, 2)),
                    () -> f.attrs().put("b", 2),
                    () -> f.attrs().put("a", 5),
                    () -> f.dataset("d").attrs().put("units", "counts"),
                    () -> f.attrs().remove("a"),
                    () -> f.root().softLink("s", "/d"),
                    () -> f.delete("g"),
                    () -> f.move("g", "g3"));
            for (Runnable r : refused) {
                assertThatThrownBy(r::run).isInstanceOf(IllegalStateException.class).hasMessageContaining(p.toString())
                        .hasMessageContaining("SWMR write mode");
            }
            Dataset d = f.dataset("d");
            d.append(frame(0));
            d.flush();
        }
        String tree = Python.run("""
                import h5py, sys
                with h5py.File(sys.argv[1], 'r') as f:
                    print(sorted(f.keys()), dict(f.attrs), f['d'].shape, int(f['d'][0, 0, 5]))
                """, p);
        assertThat(tree.strip()).isEqualTo("['d', 'g'] {'a': 1} (1, 16, 32) 5");
    }

    /** A file keeping its free space across sessions (persistent free-space managers, rewritten at each commit) is not written in SWMR mode. */
    @Test
    void aFileWithPersistentFreeSpaceIsNotSwitchedToSwmr() {
        Path p = dir.resolve("fsm.h5");
        Python.run("""
                import h5py, sys
                with h5py.File(sys.argv[1], 'w', libver='latest', fs_strategy='fsm', fs_persist=True) as f:
                    f.create_dataset('d', (0, 16, 32), maxshape=(None, 16, 32), chunks=(1, 16, 32), dtype='<i4')
                """, p);
        try (H5File f = H5File.open(p, H5File.Mode.READ_WRITE)) {
            assertThatThrownBy(f::startSwmrWrite).isInstanceOf(H5Exception.class).hasMessageContaining(p.toString())
                    .hasMessageContaining("free space across sessions");
            assertThat(f.isSwmrWrite()).isFalse();
        }
    }

    @Test
    void startSwmrWriteNeedsAFileOpenForWriting() throws Exception {
        Path p = dir.resolve("ro.h5");
        try (H5File f = H5File.create(p)) {
            createFrames(f, "d", 1, DatasetOptions.chunked(1));
        }
        try (H5File f = H5File.open(p)) {
            assertThatThrownBy(f::startSwmrWrite).isInstanceOf(IllegalStateException.class).hasMessageContaining(p.toString())
                    .hasMessageContaining("open for reading");
            assertThatThrownBy(() -> f.dataset("d").flush()).isInstanceOf(IllegalStateException.class);
        }
        H5File closed = H5File.open(p, H5File.Mode.READ_WRITE);
        closed.close();
        assertThatThrownBy(closed::startSwmrWrite).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    /**
     * A killed SWMR writer leaves its file in place with the SWMR flags set: after
     * {@code h5clear -s}, h5py reads every frame flushed before the kill.
     */
    @Test
    void aKilledSwmrWriterLeavesEveryFlushedFrame() throws Exception {
        Path p = dir.resolve("killed.h5");
        Path log = dir.resolve("flushed.log");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), KilledSwmrWriter.class.getName(), p.toString(), log.toString());
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (countLines(log) < 40) {
                if (!child.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the writer did not flush 40 frames:\n" + Files.readString(dir.resolve("child.out")));
                }
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        long flushed = countLines(log);
        assertThat(Files.readAllBytes(p)[11]).as("left flagged by the killed writer").isEqualTo((byte) 0x05);
        Python.Processes.run(List.of("/usr/bin/h5clear", "-s", p.toString()), 60);
        String out = Python.run("""
                import h5py, sys, numpy as np
                with h5py.File(sys.argv[1], 'r') as f:
                    d = f['d']
                    for r in range(d.shape[0]):
                        assert (d[r].reshape(-1) == np.arange(16 * 32) + r * 1000).all(), r
                    print(d.shape[0])
                """, p);
        assertThat(Long.parseLong(out.strip())).as("frames after h5clear").isGreaterThanOrEqualTo(flushed);
    }

    /** The child of {@link #aKilledSwmrWriterLeavesEveryFlushedFrame}: appends and flushes frames, logging each, until killed. */
    public static final class KilledSwmrWriter {
        public static void main(String[] args) throws Exception {
            Path log = Path.of(args[1]);
            try (H5File f = H5File.create(Path.of(args[0]))) {
                createFrames(f, "d", 1, DatasetOptions.chunked(1).deflate(1));
                f.startSwmrWrite();
                Dataset d = f.dataset("d");
                for (int r = 0; r < 100_000; r++) {
                    d.append(frame(r));
                    d.flush();
                    Files.writeString(log, r + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                }
            }
        }
    }

    // ---- a VDS over h5vds-written SWMR sources, read live by h5py --------------------------

    @Test
    void h5pyFollowsAVirtualDatasetOverH5vdsSwmrSources() throws Exception {
        int frames = 60;
        Path vds = dir.resolve("vds.h5");
        Path done = dir.resolve("done");
        try (H5File v = H5File.create(vds)) {
            VirtualLayout interleaved = new VirtualLayout(Shape.of(0, H, W), DType.INT32, Shape.of(Shape.UNLIMITED, H, W));
            for (int k = 0; k < 3; k++) {
                interleaved.set(k + ":UNLIMITED:3", new VirtualSource("s" + k + ".h5", "data", Shape.of(0, H, W), DType.INT32,
                        Shape.of(Shape.UNLIMITED, H, W)).slice("0:UNLIMITED"));
            }
            v.createVirtualDataset("interleaved", interleaved, -1);
            VirtualLayout blocks = new VirtualLayout(Shape.of(0, H, W), DType.INT32, Shape.of(Shape.UNLIMITED, H, W));
            blocks.set("MultiBlockSlice(start=0, stride=4, count=UNLIMITED, block=4)", new VirtualSource("p_%b.h5", "data", Shape.of(4, H, W)));
            v.createVirtualDataset("blocks", blocks, -1);
        }
        List<H5File> sources = new ArrayList<>();
        try {
            for (int k = 0; k < 3; k++) {
                H5File s = H5File.create(dir.resolve("s" + k + ".h5"));
                sources.add(s);
                createFrames(s, "data", 1, DatasetOptions.chunked(1).deflate(1));
                s.startSwmrWrite();
            }
            // (each reader opens a virtual dataset once: libhdf5 1.10.8 stops refreshing one opened twice with two views,
            // whoever the writer is — seen with its own SWMR writer too)
            List<Process> readers = List.of(follower(vds, done, frames, List.of("interleaved:first", "blocks:last")),
                    follower(vds, done, frames, List.of("interleaved:last", "blocks:first")));
            awaitFollowers(vds, readers, 2);
            for (int r = 0; r < frames; r++) {
                Dataset d = sources.get(r % 3).dataset("data");
                d.append(frame(r));
                d.flush();
                if (r % 4 == 3) {
                    long b = r / 4;
                    // (a new file appears under its name complete, when closed)
                    try (H5File p = H5File.create(dir.resolve("p_" + b + ".h5"))) {
                        int[] all = new int[4 * H * W];
                        for (int i = 0; i < 4; i++) System.arraycopy(frame(4 * b + i).toIntArray(), 0, all, i * H * W, H * W);
                        p.createDataset("data", NdArray.of(all, 4, H, W));
                    }
                }
                Thread.sleep(10);
            }
            Files.writeString(done, "done\n");
            for (Process p : readers) assertFollowerOk(p);
        } finally {
            for (H5File s : sources) s.close();
        }
    }

    /**
     * A new file's dataset appended to after a flush (what SWMR writing of a new file starts with):
     * the flush finished the dataset's first writer, and the next append starts another on what
     * was written (it failed with "the dataset's storage is already finished" before).
     */
    @Test
    void aNewFilesDatasetIsAppendedToAfterAFlush() {
        Path p = dir.resolve("flushed.h5");
        try (H5File f = H5File.create(p)) {
            createFrames(f, "d", 1, DatasetOptions.chunked(1).deflate(1));
            Dataset d = f.dataset("d");
            d.append(frame(0));
            f.flush();
            d.append(frame(1));
            f.flush();
            d.append(frame(2));
        }
        String out = Python.run("""
                import h5py, sys, numpy as np
                with h5py.File(sys.argv[1], 'r') as f:
                    d = f['d']
                    print(d.shape[0], all((d[r].reshape(-1) == np.arange(16 * 32) + r * 1000).all() for r in range(d.shape[0])))
                """, p);
        assertThat(out.strip()).isEqualTo("3 True");
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Starts swmr_follower.py on {@code file}. */
    static Process follower(Path file, Path done, int frames, List<String> datasets) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Python.EXECUTABLE, Project.dir().resolve("src/test/python/swmr_follower.py").toString(),
                file.toString(), done.toString(), String.valueOf(frames)));
        cmd.addAll(datasets);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HDF5_PLUGIN_PATH", Python.PLUGIN_PATH);
        return pb.start();
    }

    /** Waits until {@code n} followers of {@code file} have opened it (each leaves FILE.follower-PID). */
    static void awaitFollowers(Path file, List<Process> readers, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            long opened;
            try (var s = Files.list(file.getParent())) {
                opened = s.filter(x -> x.getFileName().toString().startsWith(file.getFileName() + ".follower-")).count();
            }
            if (opened >= n) return;
            for (Process p : readers) {
                if (!p.isAlive()) throw new AssertionError("an h5py SWMR reader ended before following:\n" + new String(p.getInputStream().readAllBytes()));
            }
            if (System.nanoTime() > deadline) throw new AssertionError("h5py SWMR readers did not open " + file);
            Thread.sleep(20);
        }
    }

    static void assertFollowerOk(Process p) throws Exception {
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("an h5py SWMR reader did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as("h5py SWMR reader: %s", out).isZero();
        assertThat(out).contains("\"rows\"");
    }

    private static long countLines(Path p) throws IOException {
        if (!Files.exists(p)) return 0;
        return Files.readAllLines(p).size();
    }

    /** The frames h5dump reads from {@code dataset} of a closed file, each checked. */
    static long dumpFrames(Path file, String dataset) throws IOException {
        Path bin = Files.createTempFile(file.getParent(), "dump", ".bin");
        H5Dump.Result r = H5Dump.run(file, "-d", dataset, "-b", "LE", "-o", bin.toString());
        if (r.exit() != 0) throw new AssertionError("h5dump " + dataset + " failed:\n" + r.err());
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(bin)).order(ByteOrder.LITTLE_ENDIAN);
        Files.delete(bin);
        long frames = b.remaining() / (4L * H * W);
        assertThat(b.remaining() % (4 * H * W)).isZero();
        for (long f = 0; f < frames; f++) {
            for (int k = 0; k < H * W; k++) {
                int v = b.getInt();
                if (v != f * 1000 + k) throw new AssertionError(file + " " + dataset + ": frame " + f + " element " + k + " is " + v);
            }
        }
        return frames;
    }

    /**
     * h5dump (libhdf5 1.10.8 has no SWMR reading in its tools: it refuses a file flagged for SWMR
     * writing, as it refuses h5py's) reads copies of the file taken while the writer writes, after
     * {@code h5clear -s --increment=0} (flags cleared, EOA set to the copy's length): each copy must
     * hold only complete, correct frames. A copy is read byte by byte over time, so a rewrite may
     * tear it; a copy h5dump cannot open is taken again (3 tries).
     */
    final class Snapshots {
        final Path live;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger checked = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread;

        Snapshots(Path live) {
            this.live = live;
        }

        void start() {
            thread = new Thread(() -> {
                int round = 0;
                try {
                    while (!stop.get()) {
                        String name = "/" + DATASETS.get(round++ % DATASETS.size());
                        for (int attempt = 1; ; attempt++) {
                            Path snap = dir.resolve("snapshot.h5");
                            Files.copy(live, snap, StandardCopyOption.REPLACE_EXISTING);
                            Python.Processes.run(List.of("/usr/bin/h5clear", "-s", "--increment=0", snap.toString()), 60);
                            try {
                                dumpFrames(snap, name);
                                checked.incrementAndGet();
                                break;
                            } catch (AssertionError e) {
                                if (attempt == 3 || e.getMessage().contains("frame")) throw e;
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "h5dump-snapshots");
            thread.start();
        }

        void stop() throws InterruptedException {
            stop.set(true);
            thread.join(120_000);
            if (failure.get() != null) throw new AssertionError("h5dump on a snapshot: " + failure.get().getMessage(), failure.get());
        }
    }
}
