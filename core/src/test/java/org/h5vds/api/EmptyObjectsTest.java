package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.h5vds.testing.H5Dump;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets and attributes with a null dataspace (h5py's {@code Empty}) that h5vds writes: h5py reads
 * them as {@code Empty} of their dtype, h5dump shows the storage libhdf5 gives them, and h5vds reads
 * them back as null.
 */
class EmptyObjectsTest {
    @Test
    void h5pyReadsWhatH5vdsWritesAsEmpty(@TempDir Path dir) throws Exception {
        Path ours = dir.resolve("ours.h5");
        try (H5File f = H5File.create(ours)) {
            Dataset e = f.createEmptyDataset("e", DType.parse("<f4"));
            assertThat(e.isNull()).isTrue();
            assertThatThrownBy(() -> e.write(NdArray.of(new float[] {1}))).hasMessageContaining("null dataspace");
            f.createEmptyDataset("g/s", DType.string());
            e.attrs().putEmpty("none", DType.parse(">i8"));
            f.group("g").attrs().putEmpty("text", DType.string());
        }
        assertThat(Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r') as f:
                    print(f['e'][()], f['e'].shape, f['g/s'][()], f['e'].attrs['none'], f['g'].attrs['text'])
                """, ours).trim()).isEqualTo("Empty(dtype=dtype('<f4')) None Empty(dtype=dtype('O')) Empty(dtype=dtype('>i8')) "
                + "Empty(dtype=dtype('O'))");
        Path theirs = dir.resolve("theirs.h5");
        Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'w') as f:
                    f.create_dataset('e', data=h5py.Empty('<f4'))
                    f['e'].attrs['none'] = h5py.Empty('>i8')
                """, theirs);
        // the dataspace and storage as libhdf5 makes them: NULL, contiguous, no address, size 0
        assertThat(body(H5Dump.properties(ours, "e"))).isEqualTo(body(H5Dump.properties(theirs, "e")));
        try (H5File f = H5File.open(ours)) {
            assertThat(f.dataset("e").isNull()).isTrue();
            assertThat(f.dataset("e").dtype()).isEqualTo(DType.parse("<f4"));
            assertThatThrownBy(() -> f.dataset("e").read()).hasMessageContaining("null dataspace");
            assertThatThrownBy(() -> f.dataset("e").attr("none").value()).hasMessageContaining("null dataspace");
        }
    }

    /** h5dump's output without the line naming the file. */
    private static String body(String dump) {
        return dump.substring(dump.indexOf('\n') + 1);
    }
}
