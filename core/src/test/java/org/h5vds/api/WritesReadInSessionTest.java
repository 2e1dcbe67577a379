package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writes h5py makes that h5vds refused: a dataset read back in the session that wrote part of
 * it (contiguous storage with the default fill value ends past the file's end until the file is
 * closed; libhdf5 reads zeros there), and fixed-length byte strings written into variable-length
 * string datasets (h5py's own conversion: each string without its NUL padding). h5py makes the same
 * writes into a twin, and the two files must read the same.
 */
class WritesReadInSessionTest {
    @TempDir
    Path dir;

    @Test
    void elementsNotWrittenYetReadAsFillInTheWritingSession() {
        Path ours = dir.resolve("ours.h5");
        try (H5File f = H5File.create(ours)) {
            Dataset i = f.createDataset("i", DType.INT32, Shape.of(5), DatasetOptions.contiguous());
            i.write("1:3", NdArray.of(new int[] {1, 2}));
            assertThat(i.read().toIntArray()).containsExactly(0, 1, 2, 0, 0);
            Dataset s = f.createDataset("s", DType.string(), Shape.of(3), DatasetOptions.contiguous());
            s.write("0", NdArray.ofStrings("a"));
            assertThat(s.read().strings()).containsExactly("a", "", "");
            Dataset c = f.createDataset("c", DType.FLOAT64, Shape.of(4, 4), DatasetOptions.chunked(2, 2));
            c.write("0, 0", NdArray.scalar(DType.FLOAT64, 1.5));
            assertThat(c.read("0, :").toDoubleArray()).containsExactly(1.5, 0, 0, 0);
        }
        String out = Python.run("""
                import h5py, sys
                f = h5py.File(sys.argv[1], 'r')
                print(f['i'][()].tolist(), f['s'][()].tolist(), f['c'][0].tolist())
                """, ours);
        assertThat(out.trim()).isEqualTo("[0, 1, 2, 0, 0] [b'a', b'', b''] [1.5, 0.0, 0.0, 0.0]");
    }

    @Test
    void fixedLengthStringsIntoVariableLengthStringsAsH5pyWritesThem() {
        Path ours = dir.resolve("ours.h5");
        try (H5File f = H5File.create(ours)) {
            Dataset u = f.createDataset("u", DType.string(), Shape.of(4), DatasetOptions.defaults());
            // NUL padding ends a string, spaces stay, bytes are stored as they are; a NUL before other bytes is refused
            byte[] raw = {'a', 'b', 0, 0, 'c', 'd', 'e', 'f', ' ', 'x', ' ', 0, (byte) 0xc3, (byte) 0xa9, 0, 0};
            u.write(NdArray.wrap(java.nio.ByteBuffer.wrap(raw), DType.bytes(4), 4));
            byte[] inner = {'c', 0, 'd', 0};
            assertThatThrownBy(() -> u.write("1", NdArray.wrap(java.nio.ByteBuffer.wrap(inner), DType.bytes(4))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/u").hasMessageContaining("NUL");
            Dataset a = f.createDataset("a", DType.string(DType.Charset.ASCII), Shape.of(2),
                    DatasetOptions.defaults());
            a.write("0:2", NdArray.ofFixedStrings("xy", "z"));
            Dataset fx = f.createDataset("f", DType.bytes(4), Shape.of(2), DatasetOptions.defaults());
            // the other way libhdf5 has no conversion, and h5py fails too
            assertThatThrownBy(() -> fx.write(NdArray.ofStrings("xy", "z"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("/f");
        }
        String out = Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[2], 'w') as f:
                    u = f.create_dataset('u', (4,), dtype=h5py.string_dtype())
                    u[...] = np.array([b'ab', b'cdef', b' x ', b'\\xc3\\xa9'], dtype='S4')
                    a = f.create_dataset('a', (2,), dtype=h5py.string_dtype('ascii'))
                    a[0:2] = np.array([b'xy', b'z'])
                ours, theirs = h5py.File(sys.argv[1], 'r'), h5py.File(sys.argv[2], 'r')
                for k in ['u', 'a']:
                    x, y = ours[k][()].tolist(), theirs[k][()].tolist()
                    print(k, x == y, x, y)
                """, ours, dir.resolve("theirs.h5"));
        assertThat(out.lines().filter(l -> !l.isBlank()).toList()).hasSize(2)
                .allSatisfy(l -> assertThat(l.split(" ")[1]).as(l).isEqualTo("True"));
    }
}
