package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files libhdf5 writes through drivers other than its default one (the driver information block of superblocks 0 and 1). */
class DriverFilesTest {
    @TempDir
    Path dir;

    /**
     * A split file's metadata member lists its objects, but their data lies in the raw member at
     * addresses the multi driver maps: h5vds refuses it at opening, naming the driver, as libhdf5
     * does without that driver ("multi driver should be used"), rather than listing it and failing
     * its reads at impossible addresses.
     */
    @Test
    void multiDriverFilesAreRefusedAtOpening() {
        Path meta = dir.resolve("split-m.h5");
        String h5py = Python.run("""
                import sys, h5py, numpy as np
                base = sys.argv[1][:-len('-m.h5')]
                with h5py.File(base, 'w', driver='split') as f:
                    f.create_dataset('x', data=np.arange(300, dtype='<i4'))
                try:
                    h5py.File(sys.argv[1], 'r')
                except OSError as e:
                    print(e)
                """, meta);
        assertThat(h5py).contains("multi driver should be used");
        Throwable t = catchThrowable(() -> H5File.open(meta));
        assertThat(t).isInstanceOf(H5FormatException.class).hasMessageContaining("multi (or split) file driver").hasMessageContaining("NCSAmult");
    }

    /** A family file whose first member holds everything reads as one file (libhdf5 wants its family driver for it). */
    @Test
    void aFamilyOfOneMemberReads() {
        Python.run("""
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1] + '/fam%d.h5', 'w', driver='family', memb_size=1 << 20) as f:
                    f.create_dataset('x', data=np.arange(10, dtype='<i4'))
                """, dir);
        try (H5File f = H5File.open(dir.resolve("fam0.h5"))) {
            assertThat(f.dataset("x").read().toIntArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        }
    }
}
