package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h5vds.cli.Main;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * External links followed as libhdf5 follows them, checked against h5py: every path component after
 * an external link resolves in the target file, read with that file's own superblock sizes; links to
 * groups and to datasets; chains of links, each resolved relative to the folder of the file that
 * holds it; soft links inside the target; dangling links (no file, no object) failing as h5py's
 * KeyError does; the search order with HDF5_EXT_PREFIX and the working directory (in child
 * processes, which can have their own environment and folder).
 */
class ExternalLinksTest {
    static Path dir;

    @BeforeAll
    static void write() {
        dir = H5pyVds.make("external-links", """
                os.makedirs('a/hop', exist_ok=True); os.makedirs('prefix', exist_ok=True); os.makedirs('work', exist_ok=True)
                with h5py.File('a/src.h5', 'w', libver='latest') as f:
                    f['dset'] = np.arange(3)                          # decoys: what a path that stays in src.h5 would find
                    f.create_group('group')['dset'] = np.arange(100, 103)
                    f['ext'] = h5py.ExternalLink('tar.h5', '/group')
                    f['extd'] = h5py.ExternalLink('tar.h5', '/group/dset')
                    f['chain'] = h5py.ExternalLink('hop/hop1.h5', '/to_tar')
                    f['chain2'] = h5py.ExternalLink('hop/hop1.h5', '/to_far')
                    f['old'] = h5py.ExternalLink('old4.h5', '/g')
                    f['dangling'] = h5py.ExternalLink('nowhere.h5', '/x')
                    f['badobj'] = h5py.ExternalLink('tar.h5', '/nothing')
                    f['viaprefix'] = h5py.ExternalLink('pre.h5', '/d')
                    f['viacwd'] = h5py.ExternalLink('cwdonly.h5', '/d')
                    f['abs'] = h5py.ExternalLink(os.path.abspath('a/tar.h5'), '/group/dset')
                    f['absgone'] = h5py.ExternalLink('/no/such/folder/tar.h5', '/group/dset')
                with h5py.File('a/tar.h5', 'w') as f:                 # h5py's default format: superblock 0, symbol tables
                    g = f.create_group('group')
                    g['dset'] = np.arange(10, 15)
                    g['soft'] = h5py.SoftLink('/group/dset')
                    g.create_group('sub')['deeper'] = np.arange(6).reshape(2, 3)
                    f['d'] = np.arange(50, 53)
                with h5py.File('a/hop/hop1.h5', 'w', libver='latest') as f:
                    f['to_tar'] = h5py.ExternalLink('../tar.h5', '/group/dset')   # relative to hop1's folder
                    f['to_far'] = h5py.ExternalLink('far.h5', '/v')               # only in hop/, not in a/
                with h5py.File('a/hop/far.h5', 'w') as f:
                    f['v'] = np.arange(7.5, 9.5)
                fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
                fcpl.set_sizes(4, 4)                                             # 4-byte addresses and lengths
                with h5py.File(h5py.h5f.create(b'a/old4.h5', h5py.h5f.ACC_TRUNC, fcpl=fcpl), 'r+') as f:
                    f.create_group('g')['x'] = np.arange(-4, 0, dtype='i2')
                with h5py.File('a/pre.h5', 'w') as f:
                    f['d'] = np.arange(3)
                with h5py.File('prefix/pre.h5', 'w') as f:
                    f['d'] = np.arange(20, 23)
                with h5py.File('prefix/tar.h5', 'w') as f:
                    f.create_group('group')['dset'] = np.arange(30, 35)
                with h5py.File('work/cwdonly.h5', 'w') as f:
                    f['d'] = np.arange(40, 44)
                with h5py.File('a/src.h5', 'r') as f:
                    for k, path in enumerate(['ext/dset', 'extd', 'ext/soft', 'ext/sub/deeper', 'chain', 'chain2', 'old/x', 'abs', 'absgone']):
                        save(f'plain_{k}', f[path][()])
                    for name in ['dangling', 'badobj', 'viacwd', 'dangling/x']:
                        try:
                            f[name]
                            raise AssertionError(name + ' opened')
                        except KeyError:
                            pass
                """);
    }

    @Test
    void pathsAfterAnExternalLinkResolveInTheTargetFileAsH5pyResolvesThem() {
        String[] paths = {"ext/dset", "extd", "ext/soft", "ext/sub/deeper", "chain", "chain2", "old/x", "abs", "absgone"};
        try (H5File f = H5File.open(dir.resolve("a/src.h5"))) {
            for (int k = 0; k < paths.length; k++) {
                assertThat(f.dataset(paths[k]).read()).as(paths[k]).isEqualTo(H5pyVds.expected(dir, "plain_" + k));
            }
            assertThat(f.dataset("ext/dset").read().toLongArray()).as("tar.h5:/group/dset, not src.h5:/group/dset").containsExactly(10, 11, 12, 13, 14);
            assertThat(f.group("ext").keys()).containsExactly("dset", "soft", "sub");
            assertThat(f.dataset("old/x").dtype()).isEqualTo(DType.INT16);
        }
    }

    @Test
    void danglingLinksAreNoObjectAsInH5py() {
        try (H5File f = H5File.open(dir.resolve("a/src.h5"))) {
            for (String name : new String[] {"dangling", "badobj", "viacwd"}) {
                assertThat(catchThrowable(() -> f.get(name))).as(name).isInstanceOf(NoSuchObjectException.class);
            }
            Throwable noFile = catchThrowable(() -> f.dataset("dangling"));
            assertThat(noFile).isInstanceOf(NoSuchObjectException.class)
                    .hasMessageContaining("src.h5").hasMessageContaining("/dangling").hasMessageContaining("nowhere.h5:/x").hasMessageContaining("not found");
            Throwable noObject = catchThrowable(() -> f.dataset("badobj"));
            assertThat(noObject).isInstanceOf(NoSuchObjectException.class).hasMessageContaining("/badobj")
                    .hasMessageContaining("tar.h5:/nothing").hasMessageContaining("does not exist in");
            assertThat(catchThrowable(() -> f.dataset("dangling/deeper"))).isInstanceOf(NoSuchObjectException.class);
        }
    }

    @Test
    void theSearchOrderWithHdf5ExtPrefixAndTheWorkingDirectoryIsLibhdf5s() throws Exception {
        Path work = dir.resolve("work");
        String prefix = dir.resolve("prefix").toAbsolutePath().toString();
        // [HDF5_EXT_PREFIX, path]: each folder of the variable before the linking file's folder, in
        // turn; ${ORIGIN} taken literally; the working directory after the linking file's folder
        String[][] cases = {
            {prefix, "viaprefix"},
            {"/no/such/folder:" + prefix, "ext/dset"},
            {"${ORIGIN}/../prefix", "viaprefix"},
            {"", "viacwd"},
            {"", "ext/dset"},
        };
        for (int k = 0; k < cases.length; k++) {
            String env = cases[k][0];
            String path = cases[k][1];
            Path theirs = work.resolve("h5py_" + k + ".npy");
            Path ours = work.resolve("ours_" + k + ".npy");
            run(work, env, List.of(Python.EXECUTABLE, "-c", "import h5py, numpy as np, sys\n"
                    + "with h5py.File(sys.argv[1], 'r') as f:\n    np.save(sys.argv[3], f[sys.argv[2]][()])\n",
                    dir.resolve("a/src.h5").toAbsolutePath().toString(), path, theirs.toString()));
            run(work, env, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath(), Main.class.getName(),
                    "read", dir.resolve("a/src.h5").toAbsolutePath().toString(), path, "--npy", ours.toString()));
            assertThat(Npy.read(ours)).as("HDF5_EXT_PREFIX=%s, %s", env, path).isEqualTo(Npy.read(theirs));
        }
        assertThat(Npy.read(work.resolve("ours_0.npy")).toLongArray()).containsExactly(20, 21, 22);
        assertThat(Npy.read(work.resolve("ours_1.npy")).toLongArray()).containsExactly(30, 31, 32, 33, 34);
        assertThat(Npy.read(work.resolve("ours_2.npy")).toLongArray()).containsExactly(0, 1, 2);
        assertThat(Npy.read(work.resolve("ours_3.npy")).toLongArray()).containsExactly(40, 41, 42, 43);
    }

    /** Runs {@code cmd} in {@code cwd} with HDF5_EXT_PREFIX set to {@code env} (unset when empty); fails on a non-zero exit. */
    private static void run(Path cwd, String env, List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().remove("HDF5_EXT_PREFIX");
        if (!env.isEmpty()) pb.environment().put("HDF5_EXT_PREFIX", env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        if (p.exitValue() != 0) throw new AssertionError("exit " + p.exitValue() + ": " + cmd + "\n" + new String(out, StandardCharsets.UTF_8));
    }

    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp;
    }

    @Test
    void corruptTargetsAreSkippedLikeFilesThatDoNotOpen() throws IOException {
        Path d = Files.createDirectories(dir.resolve("skip"));
        Files.writeString(d.resolve("tar.h5"), "not HDF5");
        Files.copy(dir.resolve("a/src.h5"), d.resolve("src.h5"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (H5File f = H5File.open(d.resolve("src.h5"))) {
            Throwable t = catchThrowable(() -> f.dataset("extd"));
            assertThat(t).isInstanceOf(H5Exception.class).hasMessageContaining("tar.h5").hasMessageContaining("does not open");
        }
    }
}
