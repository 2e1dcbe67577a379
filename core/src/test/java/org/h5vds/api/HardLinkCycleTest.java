package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hard link from a group made in this session back up to its ancestor (h5py's
 * {@code f['a/b/up'] = f['a']}): new objects are written deepest first, each header holding its
 * children's addresses, so such a cycle once never ended (a StackOverflowError, then an
 * OutOfMemoryError once the writer kept a stack of its own) and the file was not written.
 */
class HardLinkCycleTest {
    @TempDir
    Path dir;

    @Test
    void aLinkBackUpToANewGroupIsWrittenAsH5pyWritesIt() {
        Path file = dir.resolve("cycle.h5");
        try (H5File f = H5File.create(file)) {
            Group a = f.createGroup("a");
            Group b = a.createGroup("b");
            b.hardLink("up", a);
            b.hardLink("root", f.root());
            b.createDataset("x", NdArray.of(new int[] {1, 2, 3}, 3));
        }
        try (H5File f = H5File.open(file)) {
            assertThat(f.dataset("a/b/up/b/x").read().toIntArray()).containsExactly(1, 2, 3);
        }
        assertThat(Python.run("""
                import h5py, sys
                with h5py.File(sys.argv[1], 'r') as f:
                    names = []
                    f.visit(names.append)
                    print(f['a/b/up'] == f['a'], f['a/b/root'] == f, h5py.h5o.get_info(f['a'].id).rc, names)
                """, file).trim()).isEqualTo("True True 2 ['a', 'a/b', 'a/b/x']");
    }

    @Test
    void anObjectMadeAndLinkedAgainInOneSessionCountsEveryLink() {
        Path file = dir.resolve("twice.h5");
        try (H5File f = H5File.create(file)) {
            Dataset d = f.createDataset("a", NdArray.of(new int[] {1, 2}, 2));
            f.root().hardLink("b", d);
            f.root().hardLink("c", d);
            f.root().delete("c");
            Group g = f.createGroup("g");
            f.root().hardLink("g2", g);
            Dataset once = f.createDataset("once", NdArray.of(new int[] {5}, 1));
            f.root().hardLink("gone", once);
            f.root().delete("gone");
            // a link back up to a new group commits at once and leaves the group's count to raise at the next commit;
            // that commit (here the next link back up) must not lose the count of an object not written yet
            Group up = f.createGroup("up");
            up.createGroup("in").hardLink("back", up);
            Dataset late = f.createDataset("late", NdArray.of(new int[] {7}, 1));
            f.root().hardLink("late2", late);
            Group up2 = f.createGroup("up2");
            up2.createGroup("in").hardLink("back", up2);
        }
        // libhdf5 counts every hard link in the header (and frees an object whose count a deletion brings to 0):
        // after deleting one link of each, the objects must still read through the other
        assertThat(Python.run("""
                import h5py, sys
                with h5py.File(sys.argv[1], 'r') as f:
                    print([h5py.h5o.get_info(f[n].id).rc for n in ('a', 'b', 'g', 'g2', 'once', 'up', 'late', 'up2')])
                with h5py.File(sys.argv[1], 'r+') as f:
                    del f['a']
                    del f['g']
                with h5py.File(sys.argv[1], 'r') as f:
                    print(f['b'][()].tolist(), list(f['g2'].keys()), sorted(f.keys()))
                """, file).trim()).isEqualTo("[2, 2, 2, 2, 1, 2, 2, 2]\n[1, 2] [] ['b', 'g2', 'late', 'late2', 'once', 'up', 'up2']");
    }
}
