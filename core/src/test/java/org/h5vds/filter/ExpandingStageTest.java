package org.h5vds.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.h5vds.api.H5File;
import org.h5vds.io.H5FormatException;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A filter that makes its input larger, before another one: lz4 with one-byte blocks stores five
 * bytes for each (a size and the byte), so the stream deflate gives back on reading is five times
 * the chunk — more than the fixed "twice the chunk plus 64 KiB" a reader once allowed an
 * intermediate stage (a jqwik run found it). The bound now follows the pipeline
 * ({@link Filter#maxEncodedSize}), still never a size field of the stream.
 */
class ExpandingStageTest {
    @TempDir
    Path dir;

    @Test
    void lz4WithOneByteBlocksBeforeDeflateRoundTrips() {
        byte[] raw = ChunkData.noise(40_000, 1, 7);
        long[] dims = {raw.length};
        FilterPipeline p = FilterPipeline.create(List.of(FilterSpec.optional(32004, 1), FilterSpec.optional(1, 4)), 1, dims);
        FilterPipeline.Encoded e = p.encode(ByteBuffer.wrap(raw));
        assertThat(e.filterMask()).isZero();
        ByteBuffer d = p.decode(e.bytes(), e.filterMask(), raw.length, "t.h5", 0);
        byte[] back = new byte[d.remaining()];
        d.get(back);
        assertThat(back).isEqualTo(raw);
        byte[] into = new byte[raw.length + 3];
        p.decodeInto(e.bytes(), e.filterMask(), raw.length, "t.h5", 0, into, 3);
        assertThat(java.util.Arrays.copyOfRange(into, 3, into.length)).isEqualTo(raw);
    }

    @Test
    void aStreamLargerThanThePipelineCanMakeIsStillRefused() {
        // deflate of 1 MiB of zeros where the chunk is 1,000 bytes and lz4's blocks are 1,000 bytes:
        // the lz4 stream can be at most 12 + 4 + 1000 bytes, far less than the inflated megabyte
        byte[] bomb = new byte[1 << 20];
        FilterPipeline deflateOnly = FilterPipeline.create(List.of(FilterSpec.optional(1, 9)), 1, new long[] {bomb.length});
        ByteBuffer stored = deflateOnly.encode(ByteBuffer.wrap(bomb)).bytes();
        FilterPipeline p = FilterPipeline.create(List.of(FilterSpec.optional(32004, 1000), FilterSpec.optional(1, 9)), 1, new long[] {1000});
        assertThatThrownBy(() -> p.decode(stored, 0, 1000, "bomb.h5", 4096))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("bomb.h5").hasMessageContaining("more than");
    }

    @Test
    void libhdf5sLz4WithOneByteBlocksUnderGzipReads() {
        Path file = dir.resolve("lz4-1-gzip.h5");
        Python.run("""
                import sys, h5py, numpy as np, hdf5plugin
                data = np.random.default_rng(3).integers(0, 4, size=(3, 100000), dtype=np.uint8)
                with h5py.File(sys.argv[1], 'w') as f:
                    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                    dcpl.set_chunk((1, 100000))
                    dcpl.set_filter(32004, h5py.h5z.FLAG_MANDATORY, (1,))
                    dcpl.set_deflate(4)
                    space = h5py.h5s.create_simple(data.shape)
                    d = h5py.h5d.create(f.id, b'x', h5py.h5t.NATIVE_UINT8, space, dcpl=dcpl)
                    d.write(h5py.h5s.ALL, h5py.h5s.ALL, data)
                    f.create_dataset('expected', data=data)
                with h5py.File(sys.argv[1], 'r') as f:
                    assert f['x'].id.get_create_plist().get_nfilters() == 2
                    assert (f['x'][...] == data).all()
                """, file);
        try (H5File f = H5File.open(file.toString())) {
            byte[] expected = f.dataset("expected").read().toByteArray();
            assertThat(f.dataset("x").read().toByteArray()).isEqualTo(expected);
        }
    }
}
