package org.h5vds.inplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h5vds.api.DType;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;
import org.h5vds.testing.Python;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class SmokeInPlaceTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"earliest", "v108", "latest"})
    void addToAFileH5pyWrote(String libver) {
        Path p = dir.resolve("f.h5");
        Python.run("""
                import h5py, numpy as np, sys
                lib = sys.argv[2]
                lib = ('v108', 'v108') if lib == 'v108' else lib
                with h5py.File(sys.argv[1], 'w', libver=lib) as f:
                    f.create_dataset('a', data=np.arange(10))
                    g = f.create_group('g')
                    for i in range(5): g.create_dataset('d%d' % i, data=np.arange(i + 1))
                    f.create_dataset('e', data=np.arange(12).reshape(3, 4), chunks=(1, 4), maxshape=(None, 4), compression='gzip')
                    f.attrs['x'] = 1
                """, p, libver);
        try (H5File f = H5File.open(p, H5File.Mode.READ_WRITE)) {
            f.createGroup("new/sub").attrs().put("NX_class", "NXentry");
            f.createDataset("g/z", NdArray.of(new int[] {7, 8, 9}));
            f.attrs().put("added", "yes");
            f.dataset("e").append(NdArray.of(new long[] {100, 101, 102, 103}));
            f.dataset("a").write("0:3", NdArray.of(new long[] {-1, -2, -3}));
        }
        String out = Python.run("""
                import h5py, sys
                f = h5py.File(sys.argv[1], 'r')
                print(sorted(f.keys()), sorted(f['g'].keys()))
                print(f['new/sub'].attrs['NX_class'], f.attrs['added'], f.attrs['x'])
                print(f['g/z'][()].tolist(), f['e'].shape, f['e'][-1].tolist(), f['a'][:4].tolist())
                """, p);
        assertThat(out).contains("['a', 'e', 'g', 'new'] ['d0', 'd1', 'd2', 'd3', 'd4', 'z']")
                .contains("NXentry yes 1").contains("[7, 8, 9] (4, 4) [100, 101, 102, 103] [-1, -2, -3, 3]");
        String again = Python.run("""
                import h5py, sys
                with h5py.File(sys.argv[1], 'a') as f:
                    f['g'].create_dataset('after', data=[1, 2])
                    f['e'].resize((5, 4))
                    f['new'].attrs['more'] = 3
                with h5py.File(sys.argv[1], 'r') as f:
                    print(sorted(f['g'].keys()), f['e'].shape, f['new'].attrs['more'])
                """, p);
        assertThat(again).contains("'after'").contains("(5, 4) 3");
    }
}
