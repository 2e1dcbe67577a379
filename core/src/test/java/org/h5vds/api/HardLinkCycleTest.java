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
}
