package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * Frames of virtual datasets read by integers ({@code dset[k]}), which go from the mapping that
 * holds the frame to its source's own frame read (a gzip chunk decoded straight into the result)
 * when the frame lies in one box-to-box mapping of the same type: the values h5py reads, and the
 * same values, shapes and errors as the general path ({@code "k,"}) for every frame of every kind
 * of mapping the short way declines: strided and interleaved selections, frames no mapping or
 * several mappings hold, a missing source, a converted type, sources smaller or larger than the
 * mapping says, a source in the same file, contiguous, raw chunked and gzip sources, chunks larger
 * than a frame, and a corrupt chunk.
 */
class VirtualFrameReadsTest {
    private static final String[] NAMES = {"stack", "offset", "rows", "strided", "partial", "overlap", "missing", "converted", "shrunk",
        "grown", "here", "tall", "corrupt", "flat", "elements", "halves"};

    private static Path files() {
        return H5pyVds.make("virtual-frames", """
                rng = np.random.default_rng(21)
                data = rng.integers(0, 60000, (4, 5, 40, 30)).astype('<u2')
                for k in range(4):
                    with h5py.File(f'src_{k}.h5', 'w', libver='latest') as f:
                        f.create_dataset('gzip', data=data[k], chunks=(1, 40, 30), compression='gzip', shuffle=True)
                        f.create_dataset('raw', data=data[k], chunks=(1, 40, 30))
                        f.create_dataset('contiguous', data=data[k])
                        f.create_dataset('pairs', data=data[k], chunks=(2, 40, 30), compression='gzip')
                        f.create_dataset('i2', data=data[k].astype('<i2'), chunks=(1, 40, 30), compression='gzip')
                        f.create_dataset('three', data=data[k][:3], chunks=(1, 40, 30), compression='gzip')
                        f.create_dataset('seven', data=np.concatenate([data[k], data[k][:2]]), chunks=(1, 40, 30), compression='gzip')
                        f.create_dataset('wide', data=np.concatenate([data[k], data[k][:, :10]], axis=1), compression='gzip', chunks=(1, 50, 30))
                        f.create_dataset('wide_flat', data=np.concatenate([data[k], data[k][:, :10]], axis=1))
                with h5py.File('src_bad.h5', 'w', libver='latest') as f:
                    f.create_dataset('gzip', data=data[0], chunks=(1, 40, 30), compression='gzip', shuffle=True)
                    at = f['gzip'].id.get_chunk_info_by_coord((2, 0, 0)).byte_offset
                with open('src_bad.h5', 'r+b') as raw:
                    raw.seek(at + 2)
                    raw.write(bytes([255]) * 64)
                kinds = ['gzip', 'raw', 'contiguous', 'pairs']
                def whole(f, name, file, dataset, shape=(5, 40, 30)):
                    # a virtual dataset of one mapping: all of the source, as the mapping declares it
                    lay = h5py.VirtualLayout(shape, '<u2')
                    lay[0:shape[0]] = h5py.VirtualSource(file, dataset, shape=shape)
                    f.create_virtual_dataset(name, lay, fillvalue=7)
                with h5py.File('vds.h5', 'w', libver='latest') as f:
                    lay = h5py.VirtualLayout((20, 40, 30), '<u2')
                    for k in range(4):
                        lay[5 * k:5 * (k + 1)] = h5py.VirtualSource(f'src_{k}.h5', kinds[k], shape=(5, 40, 30))
                    f.create_virtual_dataset('stack', lay, fillvalue=7)
                    lay = h5py.VirtualLayout((6, 40, 30), '<u2')
                    lay[0:3] = h5py.VirtualSource('src_1.h5', 'gzip', shape=(5, 40, 30))[2:5]
                    lay[3:6] = h5py.VirtualSource('src_2.h5', 'contiguous', shape=(5, 40, 30))[0:3]
                    f.create_virtual_dataset('offset', lay, fillvalue=7)
                    lay = h5py.VirtualLayout((5, 40, 30), '<u2')
                    lay[:, :, :] = h5py.VirtualSource('src_0.h5', 'wide_flat', shape=(5, 50, 30))[:, 5:45, :]
                    f.create_virtual_dataset('rows', lay, fillvalue=7)
                    lay = h5py.VirtualLayout((10, 40, 30), '<u2')
                    lay[0::2] = h5py.VirtualSource('src_0.h5', 'gzip', shape=(5, 40, 30))
                    lay[1::2] = h5py.VirtualSource('src_1.h5', 'gzip', shape=(5, 40, 30))
                    f.create_virtual_dataset('strided', lay, fillvalue=7)
                    lay = h5py.VirtualLayout((8, 40, 30), '<u2')
                    lay[1:4] = h5py.VirtualSource('src_0.h5', 'gzip', shape=(5, 40, 30))[0:3]
                    lay[5, 0:20] = h5py.VirtualSource('src_1.h5', 'gzip', shape=(5, 40, 30))[0, 0:20]
                    f.create_virtual_dataset('partial', lay, fillvalue=7)
                    lay = h5py.VirtualLayout((5, 40, 30), '<u2')
                    lay[0:5] = h5py.VirtualSource('src_0.h5', 'gzip', shape=(5, 40, 30))
                    lay[2:4] = h5py.VirtualSource('src_1.h5', 'gzip', shape=(5, 40, 30))[0:2]
                    f.create_virtual_dataset('overlap', lay, fillvalue=7)
                    lay = h5py.VirtualLayout((10, 40, 30), '<u2')
                    lay[0:5] = h5py.VirtualSource('src_0.h5', 'gzip', shape=(5, 40, 30))
                    lay[5:10] = h5py.VirtualSource('nowhere.h5', 'gzip', shape=(5, 40, 30))
                    f.create_virtual_dataset('missing', lay, fillvalue=7)
                    whole(f, 'converted', 'src_0.h5', 'i2')
                    whole(f, 'shrunk', 'src_0.h5', 'three')
                    whole(f, 'grown', 'src_0.h5', 'seven')
                    f.create_dataset('inside', data=data[3], chunks=(1, 40, 30), compression='gzip', shuffle=True)
                    whole(f, 'here', '.', 'inside')
                    whole(f, 'tall', 'src_2.h5', 'wide', shape=(5, 50, 30))
                    whole(f, 'corrupt', 'src_bad.h5', 'gzip')
                    lay = h5py.VirtualLayout((5, 1200), '<u2')
                    for k in range(5):
                        lay[k] = h5py.VirtualSource('src_3.h5', 'gzip', shape=(5, 40, 30))[k]
                    f.create_virtual_dataset('flat', lay, fillvalue=7)
                    f.create_dataset('line', data=np.arange(1000, 1020, dtype='<u2'))
                    lay = h5py.VirtualLayout((4, 5), '<u2')
                    for i in range(4):
                        for j in range(5):
                            lay[i, j] = h5py.VirtualSource('.', 'line', shape=(20,))[19 - (5 * i + j)]
                    f.create_virtual_dataset('elements', lay, fillvalue=7)
                    lay = h5py.VirtualLayout((10, 600), '<u2')
                    lay[:, :] = h5py.VirtualSource('src_2.h5', 'contiguous', shape=(5, 40, 30))
                    f.create_virtual_dataset('halves', lay, fillvalue=7)
                with h5py.File('vds.h5', 'r') as f:
                    for name in ['stack', 'offset', 'rows', 'strided', 'partial', 'overlap', 'missing', 'converted', 'here', 'tall', 'flat', 'elements', 'halves']:
                        save(name, f[name][()])
                    for name in ['shrunk', 'corrupt']:
                        for k in range(5):
                            try:
                                save(f'{name}_{k}', f[name][k])
                            except Exception:
                                pass
                """);
    }

    @Test
    void framesOfEveryKindOfMappingReadAsH5pyAndTheGeneralPathReadThem() {
        Path dir = files();
        try (H5File f = H5File.open(dir.resolve("vds.h5"))) {
            for (String name : NAMES) {
                Dataset d = f.dataset(name);
                long frames = d.shape().get(0);
                Path whole = dir.resolve(name + ".npy");
                NdArray expected = java.nio.file.Files.exists(whole) ? H5pyVds.expected(dir, name) : null;
                for (long k = -frames; k < frames; k++) {
                    String index = Long.toString(k);
                    NdArray got = FrameReadsTest.integerReadEqualsTheGeneralPath(d, index);
                    if (got == null) continue;
                    long frame = k < 0 ? k + frames : k;
                    Path one = dir.resolve(name + "_" + frame + ".npy");
                    if (expected != null) {
                        assertThat(got).as("%s[%s] as h5py reads it", name, index).isEqualTo(NumpyReference.select(expected, frame + ", :, :"));
                    } else if (java.nio.file.Files.exists(one)) {
                        assertThat(got).as("%s[%s] as h5py reads it", name, index).isEqualTo(H5pyVds.expected(dir, name + "_" + frame));
                    }
                }
            }
        }
    }

    /**
     * Single elements ({@code dset[i, j]}) of a virtual dataset whose mappings each take one
     * element of a 1-D source in reverse order (rank 2 against rank 1: paired in C order), as h5py
     * reads them; and frames whose mapping takes a source frame of another shape ((1200,) from
     * (40, 30)).
     */
    @Test
    void elementsAndFramesOfOtherShapesPairInCOrder() {
        Path dir = files();
        try (H5File f = H5File.open(dir.resolve("vds.h5"))) {
            Dataset d = f.dataset("elements");
            NdArray expected = H5pyVds.expected(dir, "elements");
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 5; j++) {
                    NdArray got = d.read(i + ", " + j);
                    assertThat(got.shape()).isEmpty();
                    assertThat(got).as("elements[%d, %d]", i, j).isEqualTo(NumpyReference.select(expected, i + ", " + j));
                    assertThat(got.getLong()).isEqualTo(1000 + 19 - (5 * i + j));
                }
            }
            NdArray flat = H5pyVds.expected(dir, "flat");
            for (int k = 0; k < 5; k++) assertThat(f.dataset("flat").read(Integer.toString(k))).isEqualTo(NumpyReference.select(flat, k + ", :"));
        }
    }

    /**
     * The errors a frame read meets on the short way are the general path's: a corrupt gzip chunk
     * of a source names the source file and the deflate problem, and a source larger than its
     * mapping says is refused naming the mapping, as {@code "k,"} refuses it.
     */
    @Test
    void aCorruptSourceChunkAndAGrownSourceFailAsTheGeneralPathFails() {
        Path dir = files();
        try (H5File f = H5File.open(dir.resolve("vds.h5"))) {
            Dataset corrupt = f.dataset("corrupt");
            Throwable error = catchThrowable(() -> corrupt.read("2"));
            assertThat(error).isInstanceOf(H5FormatException.class).hasMessageContaining("src_bad.h5").hasMessageContaining("deflate");
            assertThat(error).hasMessage(catchThrowable(() -> corrupt.read("2,")).getMessage());
            assertThat(corrupt.read("3")).isEqualTo(H5pyVds.expected(dir, "corrupt_3"));
            Throwable grown = catchThrowable(() -> f.dataset("grown").read("1"));
            assertThat(grown).isInstanceOf(H5Exception.class).hasMessageContaining("larger than the mapping declares");
        }
    }

    /**
     * A frame loop over a virtual dataset of gzip sources allocates the frames and little else:
     * no selection pair, parts or tasks per frame (about 14.6 KB a frame took the general way).
     * Counted in bytes, not timed.
     */
    @Test
    void frameLoopOverAVirtualDatasetAllocatesLittleBesidesTheFrames() {
        Path dir = files();
        try (H5File f = H5File.open(dir.resolve("vds.h5"))) {
            Dataset d = f.dataset("here");
            long frameBytes = 40 * 30 * 2;
            String[] indexes = {"0", "2", "4", "1", "3"}; // never the next frame: no read-ahead buffers
            long besides = FrameReadsTest.bytesPerFrameBesides(k -> d.read(indexes[k % 5]), frameBytes);
            assertThat(besides).as("bytes allocated per frame besides the frame's %d", frameBytes).isLessThan(4096);
        }
    }
}
