package org.h5vds.inplace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;
import org.h5vds.format.FileContext;
import org.h5vds.format.FreeSpaceManagerHeader;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.Superblock;
import org.h5vds.format.message.FileSpaceInfoMessage;
import org.h5vds.io.ChannelStore;
import org.h5vds.io.Cursor;
import org.h5vds.testing.Mirror;
import org.h5vds.testing.Python;
import org.h5vds.testing.TreeDump;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files whose free space libhdf5 tracks across sessions (File Space Info message with persist,
 * free-space managers in the file) and files allocated in pages (paged aggregation), changed in
 * place: h5vds takes over the managers' free space, reuses it, records what is still free in
 * managers of its own at close, and leaves a File Space Info message libhdf5 1.10.8 (h5py), 1.14
 * (JNI) and 2.0 (h5wasm) accept; libhdf5 then goes on writing and freeing space in the file, and
 * h5vds changes the file again.
 */
class PersistentFreeSpaceTest {
    @TempDir
    Path dir;

    /** h5py's file-creation keywords per strategy under test. */
    static String options(String strategy) {
        return switch (strategy) {
            case "fsm-persist" -> "fs_strategy='fsm', fs_persist=True, fs_threshold=1";
            case "page" -> "fs_strategy='page', fs_page_size=4096";
            case "page-persist" -> "fs_strategy='page', fs_persist=True, fs_threshold=1, fs_page_size=4096";
            case "page-persist-512" -> "fs_strategy='page', fs_persist=True, fs_threshold=1, fs_page_size=512";
            default -> throw new IllegalArgumentException(strategy);
        };
    }

    /** A file written by libhdf5 with the strategy, then objects deleted by libhdf5 so that its managers hold free space. */
    private Path libhdf5File(String strategy) {
        Path p = dir.resolve(strategy + ".h5");
        Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'w', libver='latest', %s) as f:
                    for i in range(6):
                        f.create_dataset('d%%d' %% i, data=np.arange(2000, dtype='i4') * (i + 1), chunks=(250,), maxshape=(None,),
                                         compression='gzip', shuffle=True)
                        g = f.create_group('g%%d' %% i)
                        g.attrs['x'] = i
                        g['v'] = np.arange(300, dtype='f8') + i
                    f.create_dataset('contiguous', data=np.arange(3000, dtype='i2'))
                    f.create_dataset('fixed', data=np.arange(64, dtype='i4').reshape(8, 8), chunks=(4, 4))
                with h5py.File(sys.argv[1], 'a') as f:
                    del f['d1'], f['d3'], f['g2'], f['contiguous']
                """.formatted(options(strategy)), p);
        return p;
    }

    private static NdArray ints(int seed, int n) {
        int[] v = new int[n];
        long x = seed * 2654435761L;
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            v[i] = seed % 2 == 0 ? (int) (x >>> 40) : seed * 100 + i;   // incompressible or compressible
        }
        return NdArray.of(v, n);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fsm-persist", "page", "page-persist", "page-persist-512"})
    void changedInPlaceAndLibhdf5KeepsWritingIt(String strategy) throws IOException {
        Path file = libhdf5File(strategy);
        long trackedBefore = trackedFreeSpace(file);
        if (strategy.contains("persist")) {
            assertThat(trackedBefore).as("libhdf5's managers in " + file + " hold the space its deletes freed").isPositive();
            assertThat(sectionBytes(file)).as("the sections h5vds reads against h5stat -S").isEqualTo(trackedBefore);
        }
        long sizeBefore = Files.size(file);
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            f.createDataset("/reused", ints(1, 20), DatasetOptions.contiguous());
        }
        if (strategy.contains("persist")) {
            long offset = Long.parseLong(Python.run("""
                    import h5py, sys
                    with h5py.File(sys.argv[1], 'r') as f:
                        print(f['reused'].id.get_offset())
                    """, file).strip());
            assertThat(offset + 80).as("a small dataset goes into the space libhdf5's managers held, inside the file as it was").isLessThanOrEqualTo(sizeBefore);
        }

        changeTwice(file, 1);
        ObjectNode after = TreeDump.of(file);
        Oracles.allReadersAgree(file, after);
        pagedFileIsWholePages(file, strategy);
        // what is still free at close goes back into managers (RecordedFreeSpaceTest), which libhdf5 reads
        assertThat(trackedFreeSpace(file)).as("h5stat -S against the managers h5vds wrote at close").isEqualTo(sectionBytes(file));
        if (strategy.contains("persist")) {
            // (measured up to the managers h5vds wrote back at close: in a paged file they take a page per block)
            assertThat(RecordedFreeSpaceTest.Managers.of(file).eoaBefore()).as("h5vds reused the managers' space, so the file grew by less than it wrote")
                    .isLessThan(sizeBefore + 60_000);
        }

        // libhdf5 writes on the file, deletes (its managers record free space again), and reopens it
        Oracles.libhdf5KeepsWriting(file);
        Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'a') as f:
                    del f['g0'], f['d0']
                    f['by_h5py_after'] = np.arange(5000)
                    f['d2'][0:10] = 7
                with h5py.File(sys.argv[1], 'a') as f:
                    f['by_h5py_again'] = np.arange(10)
                    del f['by_h5py_after']
                with h5py.File(sys.argv[1], 'r') as f:
                    f.visititems(lambda n, o: o[()] if isinstance(o, h5py.Dataset) else None)
                """, file);
        if (strategy.contains("persist")) {
            assertThat(trackedFreeSpace(file)).as("libhdf5 tracks free space in the file again").isPositive();
            assertThat(sectionBytes(file)).isEqualTo(trackedFreeSpace(file));
        }

        // and h5vds changes it again, taking over the managers libhdf5 wrote
        changeTwice(file, 2);
        ObjectNode again = TreeDump.of(file);
        Oracles.allReadersAgree(file, again);
        pagedFileIsWholePages(file, strategy);
        Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'a') as f:
                    for name in ('r2s0', 'r2s1', 'g1', '/'):
                        f[name].create_dataset('by_h5py_last', data=np.arange(100))
                        f[name].attrs['h5py_last'] = 3
                    del f['r2s1/after_delete']
                    f['d2'].resize((4000,))
                    f['d2'][3000:] = 9
                with h5py.File(sys.argv[1], 'r') as f:
                    f.visititems(lambda n, o: o[()] if isinstance(o, h5py.Dataset) else None)
                    assert (f['d2'][3000:] == 9).all()
                """, file);
        assertThat(org.h5vds.testing.H5Dump.run(file).exit()).as("h5dump after h5py wrote on").isZero();
    }

    /** Two sessions, each with several commits: adds, overwrites of compressed chunks (which move), appends, deletes. */
    private static void changeTwice(Path file, int round) {
        for (int session = 0; session < 2; session++) {
            ObjectNode before = TreeDump.of(file);
            Mirror m;
            try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
                m = new Mirror(f, before);
                String tag = "r" + round + "s" + session;
                m.createGroup("/" + tag);
                m.setAttribute("/" + tag, "note", "added by h5vds");
                m.createDataset("/" + tag + "/big", ints(round * 10 + session, 3000),
                        DatasetOptions.chunked(500).maxShape(Shape.UNLIMITED).deflate(4));
                m.createDataset("/" + tag + "/small", ints(3, 20), DatasetOptions.contiguous());
                f.flush();
                m.write("/d2", "0:2000", ints(2 * session + round * 4, 2000));   // incompressible: every chunk moves
                m.append("/d2", ints(7, 300));
                m.setAttribute("/g1", "y" + tag, 1.5);
                f.flush();
                m.write("/d2", "0:600", ints(2 * session + 1, 600));            // compressible again: shrinks in place or moves
                if (session == 1) m.delete("/" + "r" + round + "s0" + "/big");
                m.createDataset("/" + tag + "/after_delete", ints(5, 1000), DatasetOptions.chunked(250).deflate(1));
                m.write("/fixed", "0:4, 0:4", NdArray.of(new int[16], 4, 4));
            }
            Oracles.matchesModel(file, m);
        }
    }

    private static void pagedFileIsWholePages(Path file, String strategy) throws IOException {
        if (strategy.startsWith("page")) {
            long page = strategy.endsWith("512") ? 512 : 4096;
            assertThat(Files.size(file) % page).as("a paged file ends on a page boundary, as libhdf5 leaves it").isZero();
        }
    }

    /** "Amount ... of tracked free space" as h5stat -S reports it (libhdf5 1.10.8 loading the file's managers). */
    static long trackedFreeSpace(Path file) {
        String out = Python.Processes.run(List.of("h5stat", "-S", file.toString()), 60);
        Matcher m = Pattern.compile("tracked free space: (\\d+) bytes").matcher(out);
        assertThat(m.find()).as("h5stat -S of " + file + ":\n" + out).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The bytes in the sections of the file's free-space managers, as h5vds reads them. */
    private static long sectionBytes(Path file) {
        try (ChannelStore store = ChannelStore.open(file)) {
            Superblock sb = Superblock.read(store);
            FileContext ctx = sb.context();
            FileSpaceInfoMessage info = ObjectHeader.read(ctx, sb.superblockExtensionAddress()).find(FileSpaceInfoMessage.class);
            long n = 0;
            for (long a : info.managerAddresses()) {
                if (a == Cursor.UNDEFINED) continue;
                for (FreeSpaceManagerHeader.Section s : FreeSpaceManagerHeader.read(ctx, a).sections(ctx, a)) n += s.size();
            }
            return n;
        }
    }

}
