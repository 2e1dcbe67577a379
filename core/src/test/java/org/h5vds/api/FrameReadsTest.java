package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * Frames and blocks of rows large enough to take the reads' fast paths (runs of at least 16 KiB
 * joined into one copy, or read from the file straight into the result): an unfiltered chunked
 * dataset, a gzip+shuffle one and a contiguous one, read as h5py reads them, with {@code read}
 * and with {@code readInto} a reused buffer; frames never written read as the fill value into a
 * buffer that held other bytes.
 */
class FrameReadsTest {
    private static final String[] INDEXES = {"3, :, :", "0, :, :", "7, :, :", "2:5, :, :", "1, 10:100, :", "4, :, 64:", "1:3, 5:120, :", ":, :, 17", "5, 100, :"};

    private static Path frames() {
        return H5pyVds.make("frames", """
                rng = np.random.default_rng(3)
                data = rng.integers(0, 60000, (8, 128, 160)).astype('<u2')
                with h5py.File('frames.h5', 'w', libver='latest') as f:
                    f.create_dataset('chunked', data=data, chunks=(2, 128, 160))
                    f.create_dataset('gzip', data=data, chunks=(1, 128, 160), compression='gzip', shuffle=True)
                    f.create_dataset('contiguous', data=data)
                    f.create_dataset('sparse', shape=data.shape, dtype='<u2', chunks=(1, 128, 160), fillvalue=9)
                    f['sparse'][2] = data[2]
                save('expected', data)
                """);
    }

    @Test
    void framesAndRowBlocksReadAsH5pyReadsThem() {
        Path dir = frames();
        NdArray expected = H5pyVds.expected(dir, "expected");
        try (H5File f = H5File.open(dir.resolve("frames.h5"))) {
            ByteBuffer reused = ByteBuffer.allocate(8 * 128 * 160 * 2);
            for (String name : new String[] {"chunked", "gzip", "contiguous"}) {
                Dataset d = f.dataset(name);
                for (String index : INDEXES) {
                    NdArray want = NumpyReference.select(expected, index);
                    assertThat(d.read(index)).as("%s[%s]", name, index).isEqualTo(want);
                    reused.clear();
                    while (reused.hasRemaining()) reused.put((byte) 0x5A);
                    reused.clear();
                    Shape shape = d.readInto(index, reused);
                    reused.flip();
                    assertThat(NdArray.wrap(reused, d.dtype(), shape.toArray())).as("%s[%s] into a reused buffer", name, index).isEqualTo(want);
                }
            }
            // frame 2 written, the others the fill value, whatever the reused buffer held
            Dataset sparse = f.dataset("sparse");
            for (int k = 0; k < 8; k++) {
                reused.clear();
                while (reused.hasRemaining()) reused.put((byte) 0x5A);
                reused.clear();
                Shape shape = sparse.readInto(Integer.toString(k), reused);
                reused.flip();
                NdArray want = k == 2 ? NumpyReference.select(expected, "2, :, :") : NdArray.full(DType.UINT16, 9, 128, 160);
                assertThat(NdArray.wrap(reused, sparse.dtype(), shape.toArray())).as("sparse[%d]", k).isEqualTo(want);
            }
        }
    }
}
