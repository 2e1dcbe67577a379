package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.h5vds.testing.H5Dump;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Dataset#writeStoredChunk}, h5py's {@code id.write_direct_chunk}: chunks compressed
 * elsewhere (here by h5py and hdf5plugin's bitshuffle, as an Eiger detector's stream delivers
 * them) go into the file as they are, and libhdf5 reads them as chunks it wrote itself.
 */
class StoredChunkWritesTest {
    @TempDir
    Path dir;

    /** Frames of 32 x 48 uint16 from h5py, with the given filters and chunks of one frame: their stored chunks, read back with readStoredChunk. */
    private Path h5pyFrames(String name, String filterArgs) {
        Path p = dir.resolve(name);
        Python.run("""
                import h5py, hdf5plugin, numpy as np, sys
                with h5py.File(sys.argv[1], 'w') as f:
                    v = (np.arange(6 * 32 * 48) * 7 %% 1000).astype('<u2').reshape(6, 32, 48)
                    f.create_dataset('frames', data=v, chunks=(1, 32, 48), %s)
                """.formatted(filterArgs), p);
        return p;
    }

    private static String h5pyDump(Path file) {
        return Python.run("""
                import h5py, hdf5plugin, numpy as np, sys
                with h5py.File(sys.argv[1], 'r') as f:
                    d = f['frames']
                    v = d[()]
                    print(d.shape, int(v.astype('i8').sum()), int((v.astype('i8') * np.arange(v.size).reshape(v.shape)).sum() % 1000003))
                    for i in range(d.id.get_num_chunks()):
                        c = d.id.get_chunk_info(i)
                        print(c.chunk_offset, c.filter_mask, c.size)
                """, file).trim();
    }

    @Test
    void chunksCompressedByAnotherProgramAreStoredAsTheyAreAndLibhdf5ReadsThem() {
        DatasetOptions frames = DatasetOptions.chunked(1, 32, 48).maxShape(Shape.UNLIMITED, 32, 48);
        record Case(String name, String h5pyFilters, DatasetOptions options) {
        }
        for (Case c : List.of(new Case("gzip", "compression='gzip', compression_opts=4, shuffle=True", frames.shuffle().deflate(4)),
                new Case("bslz4", "**hdf5plugin.Bitshuffle(nelems=0, lz4=True)", frames.bitshuffleLz4()))) {
            Path source = h5pyFrames(c.name() + "-h5py.h5", c.h5pyFilters());
            Path ours = dir.resolve(c.name() + "-h5vds.h5");
            try (H5File in = H5File.open(source); H5File out = H5File.create(ours)) {
                Dataset from = in.dataset("frames");
                Dataset to = out.createDataset("frames", DType.UINT16, Shape.of(0, 32, 48), c.options());
                assertThat(to.filters()).extracting(Dataset.Filter::id).isEqualTo(from.filters().stream().map(Dataset.Filter::id).toList());
                for (int k = 0; k < 6; k++) {
                    to.resize(k + 1, 32, 48);
                    to.writeStoredChunk(new long[] {k, 0, 0}, from.readStoredChunk(k, 0, 0));
                }
                assertThat(to.read()).isEqualTo(from.read());
            }
            assertThat(h5pyDump(ours)).isEqualTo(h5pyDump(source));
            H5Dump.run(ours).outOrFail();
        }
    }

    @Test
    void aSwmrWriterAppendsStoredChunksThatLibhdf5ReadersFollow() {
        Path source = h5pyFrames("swmr-h5py.h5", "**hdf5plugin.Bitshuffle(nelems=0, lz4=True)");
        Path ours = dir.resolve("swmr-h5vds.h5");
        String follow = """
                import h5py, hdf5plugin, sys
                with h5py.File(sys.argv[1], 'r', swmr=True) as f:
                    d = f['frames']
                    print(d.shape[0], [int(d[k].astype('i8').sum()) for k in range(d.shape[0])])
                """;
        try (H5File in = H5File.open(source); H5File out = H5File.create(ours)) {
            Dataset from = in.dataset("frames");
            Dataset to = out.createDataset("frames", DType.UINT16, Shape.of(0, 32, 48),
                    DatasetOptions.chunked(1, 32, 48).maxShape(Shape.UNLIMITED, 32, 48).bitshuffleLz4());
            out.startSwmrWrite();
            StringBuilder sums = new StringBuilder();
            for (int k = 0; k < 3; k++) {
                to.resize(k + 1, 32, 48);
                to.writeStoredChunk(new long[] {k, 0, 0}, from.readStoredChunk(k, 0, 0));
                to.flush();
                long sum = 0;
                for (long v : from.read(Integer.toString(k)).toLongArray()) sum += v;
                sums.append(sums.length() == 0 ? "" : ", ").append(sum);
                assertThat(Python.run(follow, ours).trim()).isEqualTo((k + 1) + " [" + sums + "]");
            }
        }
    }

    @Test
    void aFilterMaskSaysWhichFiltersTheBytesSkipped() {
        Path file = dir.resolve("mask.h5");
        NdArray frame = NdArray.ofUnsigned(new short[] {1, 2, 3, 4, 5, 6}, 2, 3);
        try (H5File f = H5File.create(file)) {
            Dataset d = f.createDataset("frames", DType.UINT16, Shape.of(2, 2, 3), DatasetOptions.chunked(1, 2, 3).shuffle().deflate(6));
            d.write("0", frame);
            java.nio.ByteBuffer b = frame.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN).buffer();
            byte[] raw = new byte[b.remaining()];
            b.duplicate().get(raw);
            assertThatThrownBy(() -> d.writeStoredChunk(new long[] {1, 0, 0}, java.util.Arrays.copyOf(raw, 6), 0b11))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("skips every filter");
            d.writeStoredChunk(new long[] {1, 0, 0}, raw, 0b11); // neither shuffled nor deflated
            assertThat(d.read("1")).isEqualTo(frame);
            assertThat(d.storedChunk(1, 0, 0).orElseThrow().filterMask()).isEqualTo(3);
        }
        assertThat(Python.run("""
                import h5py, sys
                with h5py.File(sys.argv[1], 'r') as f:
                    d = f['frames']
                    print(d[1].tolist(), d.id.get_chunk_info(1).filter_mask, d[0].tolist())
                """, file).trim()).isEqualTo("[[1, 2, 3], [4, 5, 6]] 3 [[1, 2, 3], [4, 5, 6]]");
    }

    @Test
    void aStoredChunkReplacesWhatWasWrittenOfItBeforeInThisSessionAndInAnEarlierOne() {
        Path file = dir.resolve("replace.h5");
        try (H5File f = H5File.create(file)) {
            Dataset d = f.createDataset("v", DType.INT32, Shape.of(8), DatasetOptions.chunked(4).deflate(1));
            d.write("0:8", NdArray.of(new int[] {1, 1, 1, 1, 1, 1, 1, 1}, 8));
        }
        byte[] fours = storedBytesOf(new int[] {4, 4, 4, 4});
        byte[] nines = storedBytesOf(new int[] {9, 9, 9, 9});
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            Dataset d = f.dataset("v");
            d.write("1", NdArray.of(new int[] {7}, 1)); // the first chunk, partly, still in memory
            d.writeStoredChunk(new long[] {0}, fours);
            d.writeStoredChunk(new long[] {4}, nines); // a chunk committed in the earlier session
            assertThat(d.read().toIntArray()).containsExactly(4, 4, 4, 4, 9, 9, 9, 9);
        }
        assertThat(Python.run("""
                import h5py, sys
                with h5py.File(sys.argv[1], 'r') as f:
                    print(f['v'][()].tolist())
                """, file).trim()).isEqualTo("[4, 4, 4, 4, 9, 9, 9, 9]");
        H5Dump.run(file).outOrFail();
    }

    /** The values deflated as libhdf5's deflate filter stores them (a zlib stream). */
    private static byte[] storedBytesOf(int[] values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putInt(v);
        java.util.zip.Deflater z = new java.util.zip.Deflater(1);
        z.setInput(b.array());
        z.finish();
        byte[] out = new byte[64];
        int n = z.deflate(out);
        z.end();
        return java.util.Arrays.copyOf(out, n);
    }

    @Test
    void whatCannotBeAChunkOfTheDatasetIsRefusedAndNothingIsWritten() {
        Path file = dir.resolve("errors.h5");
        try (H5File f = H5File.create(file)) {
            Dataset raw = f.createDataset("raw", DType.INT32, Shape.of(4, 4), DatasetOptions.chunked(2, 4).maxShape(Shape.UNLIMITED, 4));
            Dataset gz = f.createDataset("gz", DType.INT32, Shape.of(4, 4), DatasetOptions.chunked(2, 4).deflate(4));
            Dataset contiguous = f.createDataset("contiguous", NdArray.of(new int[4], 4));
            byte[] chunk = new byte[32];
            assertThatThrownBy(() -> raw.writeStoredChunk(new long[] {1, 0}, chunk)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not the first element of a chunk");
            // libhdf5 1.10.8 takes an offset equal to the shape (and the chunk stays invisible); h5vds asks for a resize
            assertThatThrownBy(() -> raw.writeStoredChunk(new long[] {4, 0}, chunk)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("resize the dataset first");
            assertThatThrownBy(() -> raw.writeStoredChunk(new long[] {0}, chunk)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("rank");
            // libhdf5 takes any length and reads past a short chunk into whatever follows it
            assertThatThrownBy(() -> raw.writeStoredChunk(new long[] {0, 0}, new byte[16])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("32 bytes, not 16");
            assertThatThrownBy(() -> raw.writeStoredChunk(new long[] {0, 0}, chunk, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("without filters");
            assertThatThrownBy(() -> gz.writeStoredChunk(new long[] {0, 0}, new byte[0])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least one byte");
            // chunks of 32 bytes: the chunk index records sizes in 2 bytes
            assertThatThrownBy(() -> gz.writeStoredChunk(new long[] {0, 0}, new byte[70000])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at most 65535");
            assertThatThrownBy(() -> contiguous.writeStoredChunk(new long[] {0}, new byte[16])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not chunked");
            assertThat(raw.storedChunks()).isEmpty();
            assertThat(gz.storedChunks()).isEmpty();
        }
        try (H5File f = H5File.open(file)) {
            assertThatThrownBy(() -> f.dataset("raw").writeStoredChunk(new long[] {0, 0}, new byte[32])).isInstanceOf(IllegalStateException.class);
        }
        H5Dump.run(file).outOrFail();
    }
}
