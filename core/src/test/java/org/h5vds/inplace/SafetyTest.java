package org.h5vds.inplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h5vds.api.DType;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.ReadOptions;
import org.h5vds.io.ChannelStore;
import org.h5vds.api.H5Exception;
import org.h5vds.testing.Python;
import org.h5vds.testing.TreeDump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening for writing what must not be written: read-only files, files another program (libhdf5)
 * has open, files flagged as open for writing by a writer that stopped, a second writer in the
 * same JVM; and a disk that fills up mid-commit. Each fails with a message naming the file and
 * what to do, and leaves the file as it was (or as the last commit left it).
 */
class SafetyTest {
    @TempDir
    Path dir;

    private Path h5pyFile(String name, String libver) {
        Path p = dir.resolve(name);
        Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'w', libver=sys.argv[2]) as f:
                    f.create_dataset('d', data=np.arange(10), chunks=(5,), maxshape=(None,))
                    f.attrs['a'] = 1
                """, p, libver);
        return p;
    }

    /** A Python process holding the file open in h5py {@code mode} until its stdin closes. */
    private Process h5pyHolding(Path file, String mode) throws IOException {
        Path script = Files.writeString(dir.resolve("hold.py"), """
                import h5py, sys
                f = h5py.File(sys.argv[1], sys.argv[2])
                print('open', flush=True)
                sys.stdin.read()
                f.close()
                """);
        Process p = new ProcessBuilder(Python.EXECUTABLE, script.toString(), file.toString(), mode).redirectErrorStream(true).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
        assertThat(line).as("h5py opened " + file).isEqualTo("open");
        return p;
    }

    @Test
    void aReadOnlyFileIsRefusedAndLeftAlone() throws Exception {
        Path p = h5pyFile("ro.h5", "latest");
        byte[] before = Files.readAllBytes(p);
        boolean root = "root".equals(System.getProperty("user.name"));
        // root writes whatever the permissions say: make the file immutable instead
        List<String> lock = root ? List.of("chattr", "+i", p.toString()) : List.of("chmod", "444", p.toString());
        Python.Processes.run(lock, 30);
        try {
            assertThatThrownBy(() -> Files.newOutputStream(p, java.nio.file.StandardOpenOption.APPEND).close())
                    .as("the operating system refuses to write " + p).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> H5File.open(p, H5File.Mode.READ_WRITE)).isInstanceOf(H5Exception.class)
                    .hasMessageContaining(p.toString()).hasMessageContaining("cannot open for writing");
            assertThatThrownBy(() -> H5File.open(p, H5File.Mode.APPEND)).isInstanceOf(H5Exception.class).hasMessageContaining(p.toString());
            try (H5File f = H5File.open(p)) {
                assertThat(f.dataset("d").read().toLongArray()).hasSize(10);
            }
        } finally {
            Python.Processes.run(root ? List.of("chattr", "-i", p.toString()) : List.of("chmod", "644", p.toString()), 30);
        }
        assertThat(Files.readAllBytes(p)).isEqualTo(before);
    }

    @Test
    void aFileLibhdf5HasOpenIsRefusedForWriting() throws Exception {
        Path p = h5pyFile("held.h5", "latest");
        byte[] before = Files.readAllBytes(p);
        for (String mode : List.of("r", "a")) {
            Process h5py = h5pyHolding(p, mode);
            try {
                assertThatThrownBy(() -> H5File.open(p, H5File.Mode.READ_WRITE)).isInstanceOf(H5Exception.class)
                        .hasMessageContaining(p.toString()).hasMessageContaining("locked by another program");
            } finally {
                h5py.getOutputStream().close();
                assertThat(h5py.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(Files.readAllBytes(p)).isEqualTo(before);
        try (H5File f = H5File.open(p, H5File.Mode.READ_WRITE)) {
            f.attrs().put("after", "h5py closed it");
        }
    }

    @Test
    void libhdf5CannotOpenAFileH5vdsIsWriting() {
        Path p = h5pyFile("writing.h5", "earliest");
        try (H5File f = H5File.open(p, H5File.Mode.READ_WRITE)) {
            f.attrs().put("x", 1L);
            Python.Processes.Result r = Python.Processes.runAllowingFailure(List.of(Python.EXECUTABLE, "-c",
                    "import h5py, sys; h5py.File(sys.argv[1], 'r')", p.toString()), 60);
            assertThat(r.exit()).isNotZero();
            assertThat(r.err() + r.out()).contains("unable to lock file");
        }
        String out = Python.run("import h5py, sys; print(h5py.File(sys.argv[1], 'r').attrs['x'])", p);
        assertThat(out.strip()).isEqualTo("1");
    }

    /** A file left flagged as open for writing: h5py opens it in 'a' mode and is killed. */
    private Path flaggedByAKilledWriter(String libver) throws Exception {
        Path p = h5pyFile("flagged_" + libver + ".h5", libver);
        Process h5py = h5pyHolding(p, "a");
        h5py.destroyForcibly();
        h5py.waitFor();
        return p;
    }

    @Test
    void flagsLeftByAKilledWriterAreHonouredAsLibhdf5Does() throws Exception {
        Path v3 = flaggedByAKilledWriter("latest");
        assertThatThrownBy(() -> H5File.open(v3)).isInstanceOf(H5Exception.class).hasMessageContaining(v3.toString())
                .hasMessageContaining("open for writing by another program").hasMessageContaining("h5clear -s");
        try (H5File f = H5File.open(v3, ReadOptions.defaults().ignoreWriterFlags(true))) {
            assertThat(f.dataset("d").read().toLongArray()).hasSize(10);
        }
        assertThatThrownBy(() -> H5File.open(v3, H5File.Mode.READ_WRITE)).isInstanceOf(H5Exception.class).hasMessageContaining("h5clear -s");
        // libhdf5 reads and writes superblocks 0-2 whatever their flags say (files of libhdf5 1.4-1.8 and of programs
        // copied while open hold 0x1 or 0x3 there for good), and so does h5vds
        Path v0 = flaggedByAKilledWriter("earliest");
        assertThat(java.nio.ByteBuffer.wrap(Files.readAllBytes(v0), 20, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() & 1)
                .as("the killed writer's flag").isEqualTo(1);
        try (H5File f = H5File.open(v0)) {
            assertThat(f.dataset("d").read().toLongArray()).hasSize(10);
            assertThat(f.writerState()).isEqualTo(H5File.WriterState.NONE);
        }
        Path copy = Files.copy(v0, v0.resolveSibling("copy_" + v0.getFileName()));
        assertThat(Python.run("import h5py, sys\nwith h5py.File(sys.argv[1], 'a') as f: f['d'].resize((11,)); f['d'][-1] = 7\nprint('written')", copy).strip())
                .as("libhdf5 opens it for writing").isEqualTo("written");
        try (H5File f = H5File.open(v0, H5File.Mode.APPEND)) {
            f.dataset("d").append(NdArray.of(new long[] {7}));
        }
        assertThat(Python.run("import h5py, sys; print(h5py.File(sys.argv[1], 'r')['d'][-1])", v0).strip()).isEqualTo("7");
        for (Path p : List.of(v3, v0)) {
            Python.Processes.run(List.of("/usr/bin/h5clear", "-s", p.toString()), 30);
            try (H5File f = H5File.open(p, H5File.Mode.READ_WRITE)) {
                f.dataset("d").append(NdArray.of(new long[] {10}));
            }
            assertThat(Python.run("import h5py, sys; print(h5py.File(sys.argv[1], 'r')['d'][-1])", p).strip()).isEqualTo("10");
        }
    }

    @Test
    void oneWriterPerFileInThisJvmAndReadersShareIt() {
        Path p = h5pyFile("shared.h5", "latest");
        try (H5File w = H5File.open(p, H5File.Mode.READ_WRITE)) {
            assertThatThrownBy(() -> H5File.open(p, H5File.Mode.READ_WRITE)).isInstanceOf(H5Exception.class)
                    .hasMessageContaining("already open for writing in this program");
            w.dataset("d").append(NdArray.of(new long[] {42}));
            w.createGroup("g").attrs().put("seen", "yes");
            try (H5File r = H5File.open(p)) {
                // a reader of a file open for writing here sees the writer's objects as they are now
                assertThat(r.dataset("d").shape().toArray()).containsExactly(11);
                assertThat(r.group("g").attr("seen").string()).isEqualTo("yes");
                assertThat(r.isWritable()).isFalse();
                assertThatThrownBy(() -> r.createGroup("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("open for reading");
            }
            w.attrs().put("still", "writable");
        }
        try (H5File r = H5File.open(p)) {
            assertThatThrownBy(() -> H5File.open(p, H5File.Mode.READ_WRITE)).isInstanceOf(H5Exception.class)
                    .hasMessageContaining("open for reading elsewhere in this program");
        }
        try (H5File w = H5File.open(p, H5File.Mode.READ_WRITE)) {
            assertThat(w.attrs().get("still").string()).isEqualTo("writable");
        }
    }

    @Test
    void aDiskThatFillsUpMidCommitFailsClearlyAndKeepsTheLastCommit() throws Exception {
        Path p = Oracles.copyOfBase("latest", dir);
        long[] budget = {Long.MAX_VALUE};
        Path watched = p.toAbsolutePath();
        ChannelStore.observeWrites(new ChannelStore.WriteObserver() {
            @Override
            public void write(Path file, long position, ByteBuffer bytes) {
                if (!file.toAbsolutePath().equals(watched)) return;
                budget[0] -= bytes.remaining();
                if (budget[0] < 0) throw new UncheckedIOException(new IOException("No space left on device"));
            }

            @Override
            public void sync(Path file) {
            }
        });
        com.fasterxml.jackson.databind.node.ObjectNode committed;
        try {
            H5File f = H5File.open(p, H5File.Mode.READ_WRITE);
            f.createGroup("first").attrs().put("n", 1L);
            f.flush();
            Path copy = dir.resolve("committed.h5");
            Files.copy(p, copy);
            Python.Processes.run(List.of("/usr/bin/h5clear", "-s", copy.toString()), 30);
            committed = TreeDump.of(copy);
            budget[0] = 30_000;   // the disk fills up while the next dataset is written
            f.group("big").createGroup("more");
            assertThatThrownBy(() -> f.createDataset("second", NdArray.zeros(DType.FLOAT64, 100, 100), DatasetOptions.contiguous()))
                    .isInstanceOf(H5Exception.class).hasMessageContaining(p.toString()).hasMessageContaining("No space left on device");
            assertThatThrownBy(f::flush).isInstanceOf(IllegalStateException.class).hasMessageContaining("earlier write failed");
            assertThatThrownBy(() -> f.createGroup("third")).hasMessageContaining("earlier write failed");
            budget[0] = Long.MAX_VALUE;   // space again: closing clears the flag, keeping the last commit
            assertThatThrownBy(f::close).isInstanceOf(H5Exception.class).hasMessageContaining("were not written");
        } finally {
            ChannelStore.observeWrites(null);
        }
        assertThat(TreeDump.differences(committed, TreeDump.of(p))).as("the file as the last commit left it").isEmpty();
        try (H5File f = H5File.open(p, H5File.Mode.READ_WRITE)) {
            f.createGroup("after");
        }
    }

    @Test
    void aDamagedPersistentFreeSpaceManagerIsRefusedAndLeftAlone() throws IOException {
        // free space libhdf5 keeps across sessions is taken over at open (PersistentFreeSpaceTest); a section list
        // that does not check out could hand out space in use, so the file is not opened for writing
        Path p = dir.resolve("persist.h5");
        Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'w', libver='latest', fs_strategy='fsm', fs_persist=True, fs_threshold=1) as f:
                    f['d'] = np.arange(4)
                    f['gone'] = np.arange(1000)
                with h5py.File(sys.argv[1], 'a') as f:
                    del f['gone']
                """, p);
        byte[] bytes = Files.readAllBytes(p);
        int list = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("FSSE");
        assertThat(list).as("a free-space section list in " + p).isPositive();
        bytes[list + 14] ^= 0x40;   // a byte of the first section record
        Files.write(p, bytes);
        assertThatThrownBy(() -> H5File.open(p, H5File.Mode.READ_WRITE)).isInstanceOf(H5Exception.class)
                .hasMessageContaining(p.toString()).hasMessageContaining("free-space section list");
        assertThat(Files.readAllBytes(p)).as("nothing written").isEqualTo(bytes);
        try (H5File f = H5File.open(p)) {
            assertThat(f.dataset("d").read().toLongArray()).containsExactly(0, 1, 2, 3);
        }
    }
}
