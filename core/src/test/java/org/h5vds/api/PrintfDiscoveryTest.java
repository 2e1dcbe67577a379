package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Printf ({@code %b}) sources are found by listing folders and groups once, not by trying block
 * numbers one by one: the extent and values match libhdf5's (h5py) for ordinary gaps, with
 * {@code %b} in a file name, in a folder name and in a dataset name, and a gap of 2^63 - 1 (which
 * libhdf5 would spend forever on) gives the same answer as any gap wider than the holes.
 */
class PrintfDiscoveryTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang guard, not a performance claim
    void blocksAreFoundByListingOnce() {
        // blocks 0, 1, 4 and 9 exist (holes of 2 and 4); each block is 2 elements of the virtual axis
        Python.run("""
                import sys, os, h5py, numpy as np
                from h5py import h5s, h5p, h5d, h5t
                d = sys.argv[1]
                os.chdir(d)
                for b in (0, 1, 4, 9):
                    with h5py.File(f"part_{b}.h5", "w") as f:
                        f.create_dataset("data", data=np.arange(2, dtype="<i4") + 10 * b)
                    os.makedirs(f"run_{b}", exist_ok=True)
                    with h5py.File(f"run_{b}/data.h5", "w") as f:
                        f.create_dataset("data", data=np.arange(2, dtype="<i4") + 10 * b)
                with h5py.File("vds.h5", "w", libver="latest") as f:
                    for b in (0, 1, 4, 9):
                        f.create_dataset(f"data_{b}", data=np.arange(2, dtype="<i4") + 10 * b)
                    for name, src, dset in [("files", b"part_%b.h5", b"data"), ("folders", b"run_%b/data.h5", b"data"),
                                            ("datasets", b".", b"/data_%b")]:
                        vspace = h5s.create_simple((2,), (h5s.UNLIMITED,))
                        vspace.select_hyperslab((0,), (h5s.UNLIMITED,), stride=(2,), block=(2,))
                        dcpl = h5p.create(h5p.DATASET_CREATE)
                        dcpl.set_fill_value(np.array(-1, dtype="<i4"))
                        dcpl.set_virtual(vspace, src, dset, h5s.create_simple((2,)))
                        h5d.create(f.id, name.encode(), h5t.STD_I32LE, vspace, dcpl=dcpl)
                """, dir);
        for (String name : new String[] {"files", "folders", "datasets"}) {
            for (long gap : new long[] {0, 1, 2, 3, 4, 10}) {
                assertThat(readH5vds(name, gap)).as("%s, gap %d", name, gap).isEqualTo(readH5py(name, gap));
            }
            String all = readH5py(name, 10);
            assertThat(all).contains("90, 91");
            assertThat(readH5vds(name, Long.MAX_VALUE)).as("%s, gap 2^63 - 1", name).isEqualTo(all);
        }
    }

    private String readH5vds(String name, long gap) {
        ReadOptions o = ReadOptions.defaults().virtualView(VirtualView.LAST_AVAILABLE).printfGap(gap);
        try (H5File f = H5File.open(dir.resolve("vds.h5"), o)) {
            return Arrays.toString(f.dataset(name).read().toIntArray());
        }
    }

    private String readH5py(String name, long gap) {
        return Python.run("""
                import sys, os, h5py
                from h5py import h5p, h5d
                os.chdir(sys.argv[1])
                with h5py.File("vds.h5", "r") as f:
                    dapl = h5p.create(h5p.DATASET_ACCESS)
                    dapl.set_virtual_view(h5d.VDS_LAST_AVAILABLE)
                    dapl.set_virtual_printf_gap(int(sys.argv[3]))
                    d = h5py.Dataset(h5d.open(f.id, sys.argv[2].encode(), dapl=dapl))
                    print("[" + ", ".join(str(int(v)) for v in d[...]) + "]")
                """, dir, name, gap).strip();
    }
}
