package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Random datasets (dtype, rank, layout, maximum shape, chunk shape, filters, fill value, chunk
 * cache from one chunk up) under random sequences of hyperslab writes in any order, resizes that
 * grow and shrink, and appends — compared with an in-memory model. A tiny cache forces chunks
 * out before they are complete, so they are written with fill, read back, patched and rewritten.
 * The property reads the files back with our reader; a fixed batch of seeds is also read by h5py.
 */
class RandomWritesTest {
    static final List<DType> TYPES = List.of(DType.INT8, DType.UINT16.bigEndian(), DType.INT32, DType.FLOAT32, DType.FLOAT64.bigEndian(),
            DType.UINT64, DType.COMPLEX64, DType.BOOL, DType.FLOAT16);

    /** One generated dataset and what it should hold after its operations. */
    record Generated(String description, ExpectedArray model, NdArray fill, String layout, long[] chunks, long[] maxShape, List<int[]> filters) {
    }

    static Generated generate(H5File f, String path, long seed) {
        Random r = new Random(seed);
        DType t = TYPES.get(r.nextInt(TYPES.size()));
        int rank = 1 + r.nextInt(3);
        int kind = r.nextInt(10);
        String layout = kind < 7 ? "chunked" : kind < 9 ? "contiguous" : "compact";
        long[] dims = new long[rank];
        long[] max = new long[rank];
        long[] chunks = null;
        DatasetOptions o;
        List<int[]> filters = new ArrayList<>();
        StringBuilder desc = new StringBuilder("seed " + seed + ": " + t + " " + layout);
        if (layout.equals("chunked")) {
            chunks = new long[rank];
            for (int d = 0; d < rank; d++) {
                boolean unlimited = r.nextInt(3) == 0;
                dims[d] = unlimited ? r.nextInt(6) : 1 + r.nextInt(9);
                max[d] = unlimited ? Shape.UNLIMITED : dims[d] + (r.nextBoolean() ? 0 : r.nextInt(5));
                chunks[d] = 1 + r.nextInt((int) Math.min(5, unlimited ? 5 : max[d]));
            }
            o = DatasetOptions.chunked(chunks).maxShape(max);
            switch (r.nextInt(4)) {
                case 1 -> {
                    o = o.deflate(r.nextInt(10));
                    filters.add(new int[] {1, 1});
                }
                case 2 -> {
                    o = o.shuffle().deflate().fletcher32();
                    filters.addAll(List.of(new int[] {2, 1}, new int[] {1, 1}, new int[] {3, 0}));
                }
                case 3 -> {
                    o = o.lzf();
                    filters.add(new int[] {32000, 1});
                }
                default -> {
                }
            }
            long chunkBytes = t.size();
            for (long c : chunks) chunkBytes *= c;
            long cache = r.nextBoolean() ? 1 : chunkBytes * (1 + r.nextInt(4));
            o = o.chunkCacheBytes(cache);
            desc.append(" chunks ").append(Shape.format(chunks)).append(" max ").append(Shape.format(max)).append(" cache ").append(cache)
                    .append(" filters ").append(filters.stream().map(x -> x[0]).toList());
        } else {
            for (int d = 0; d < rank; d++) dims[d] = max[d] = 1 + r.nextInt(layout.equals("compact") ? 4 : 9);
            o = layout.equals("compact") ? DatasetOptions.compact() : DatasetOptions.contiguous();
        }
        NdArray fill = r.nextBoolean() ? TestValues.scalar(t, 0) : TestValues.scalar(t, 1 + r.nextInt(100));
        o = o.fillValue(fill);
        desc.append(" shape ").append(Shape.format(dims)).append(" fill ").append(fill);
        Dataset ds = f.createDataset(path, t, Shape.of(dims), o);
        ExpectedArray m = new ExpectedArray(t, dims, fill);
        int ops = 1 + r.nextInt(12);
        for (int k = 0; k < ops; k++) {
            int op = r.nextInt(10);
            long[] cur = m.dims();
            if (op < 6 || !layout.equals("chunked")) {
                if (TestValues.count(cur) == 0) continue;
                StringBuilder index = new StringBuilder();
                long[][] positions = new long[rank][];
                List<Long> shape = new ArrayList<>();
                for (int d = 0; d < rank; d++) {
                    long n = cur[d];
                    if (d > 0) index.append(", ");
                    if (r.nextInt(4) == 0) {
                        long i = r.nextInt((int) n);
                        boolean negative = r.nextBoolean();
                        index.append(negative ? i - n : i);
                        positions[d] = new long[] {i};
                    } else {
                        long start = r.nextInt((int) n + 1);
                        long stop = start + r.nextInt((int) (n - start) + 1);
                        long step = 1 + r.nextInt(3);
                        index.append(start).append(':').append(stop).append(':').append(step);
                        positions[d] = ExpectedArray.range(start, stop, step);
                        shape.add((long) positions[d].length);
                    }
                }
                long[] s = shape.stream().mapToLong(Long::longValue).toArray();
                NdArray v = TestValues.of(t, s, (int) (seed * 31 + k));
                ds.write(index.toString(), v);
                m.set(positions, v);
                desc.append("; [").append(index).append("] = ").append(Shape.format(s));
            } else if (op < 8) {
                long[] next = new long[rank];
                for (int d = 0; d < rank; d++) next[d] = max[d] == Shape.UNLIMITED ? r.nextInt(10) : r.nextInt((int) max[d] + 1);
                ds.resize(next);
                m.resize(next);
                desc.append("; resize ").append(Shape.format(next));
            } else {
                if (max[0] != Shape.UNLIMITED && cur[0] >= max[0]) continue;
                long room = max[0] == Shape.UNLIMITED ? 3 : Math.min(3, max[0] - cur[0]);
                long k0 = 1 + r.nextInt((int) room);
                long[] frames = cur.clone();
                frames[0] = k0;
                NdArray v = TestValues.of(t, frames, (int) (seed * 17 + k));
                ds.append(v);
                long[] grown = cur.clone();
                grown[0] += k0;
                m.resize(grown);
                long[] start = new long[rank];
                start[0] = cur[0];
                m.setBox(start, frames, v);
                desc.append("; append ").append(Shape.format(frames));
            }
        }
        return new Generated(desc.toString(), m, fill, layout, chunks, max, filters);
    }

    @Property(tries = 200)
    void randomWritesReadBackAsTheModelSays(@ForAll long seed) throws IOException {
        Path dir = Files.createTempDirectory("h5vds-random");
        Path file = dir.resolve("r.h5");
        Generated g;
        try {
            try (H5File f = H5File.create(file)) {
                g = generate(f, "d", seed);
            }
            try (H5File f = H5File.open(file)) {
                NdArray got = f.dataset("d").read();
                assertThat(got).as(g.description()).isEqualTo(g.model().toArray());
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void h5pyReadsABatchOfRandomDatasets() {
        Path dir;
        try {
            dir = Files.createTempDirectory("h5vds-random-h5py");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WrittenFiles files = new WrittenFiles(dir);
        for (int batch = 0; batch < 3; batch++) {
            Path file = dir.resolve("batch" + batch + ".h5");
            try (H5File f = H5File.create(file)) {
                for (long seed = batch * 40L; seed < batch * 40L + 40; seed++) {
                    Generated g = generate(f, "d" + seed, seed);
                    files.dataset(new WrittenFiles.DatasetCase(file, "/d" + seed, g.model().toArray(), g.fill(), g.layout(), g.chunks(),
                            g.maxShape(), g.filters(), null, null));
                }
            }
        }
        assertThat(files.checkWithH5py()).isEqualTo(120);
        files.checkWithOurReader();
    }

    /**
     * Shrinking right after chunks were handed to the encoding threads: every chunk the new extent
     * cuts must be found, wherever it is (a race once let one slip between "in flight" and
     * "stored" about once in a hundred runs).
     */
    @Test
    void shrinkingWhileChunksAreInFlight() throws IOException {
        Path dir = Files.createTempDirectory("h5vds-shrink");
        int wrong = 0;
        for (int k = 0; k < 200; k++) {
            Path p = dir.resolve("s.h5");
            NdArray fill = TestValues.scalar(DType.FLOAT16, 5);
            NdArray v = TestValues.of(DType.FLOAT16, new long[] {8, 8}, k);
            try (H5File f = H5File.create(p)) {
                Dataset d = f.createDataset("d", DType.FLOAT16, Shape.of(8, 8),
                        DatasetOptions.chunked(3, 3).maxShape(Shape.UNLIMITED, 8).fillValue(fill).deflate(6));
                d.write(v);
                d.resize(4, 8);
                d.resize(9, 8);
            }
            ExpectedArray m = new ExpectedArray(DType.FLOAT16, new long[] {8, 8}, fill);
            m.setBox(new long[] {0, 0}, new long[] {8, 8}, v);
            m.resize(new long[] {4, 8});
            m.resize(new long[] {9, 8});
            try (H5File f = H5File.open(p)) {
                if (!f.dataset("d").read().equals(m.toArray())) wrong++;
            }
            Files.delete(p);
        }
        Files.delete(dir);
        assertThat(wrong).as("runs with elements beyond the shrunk extent surviving").isZero();
    }
}
