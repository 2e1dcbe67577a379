package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that is a box aligned with the chunk grid, each of whose chunks is one run of the
 * values (frames appended with chunks of one frame, stacks of them, blocks of whole rows), takes
 * a short path that finds its chunks by arithmetic; every other write takes the general one, and
 * so does an aligned box over a chunk partly written and still in the writer's cache. And an
 * append grows the extent and writes its frames as one step, so appends from several threads
 * each get frames of their own. h5py reads every element back.
 */
class AlignedChunkWritesTest {
    @TempDir
    Path dir;

    private static ByteBuffer shorts(int n, java.util.function.IntUnaryOperator value) {
        ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) b.putShort((short) value.applyAsInt(i));
        return b.flip();
    }

    /** Writes box [start, start + count) of a (8, 8, 8) uint16 dataset, element (z, y, x) valued 1 + z * 64 + y * 8 + x. */
    private static void writeBox(Dataset d, long[] start, long[] count) {
        int n = (int) (count[0] * count[1] * count[2]);
        ByteBuffer b = shorts(n, i -> {
            long z = start[0] + i / (count[1] * count[2]), y = start[1] + i / count[2] % count[1], x = start[2] + i % count[2];
            return (int) (1 + z * 64 + y * 8 + x);
        });
        d.write(start[0] + ":" + (start[0] + count[0]) + "," + start[1] + ":" + (start[1] + count[1]) + ","
                + start[2] + ":" + (start[2] + count[2]), NdArray.wrap(b, DType.UINT16, count));
        b.clear();
        while (b.hasRemaining()) b.put((byte) 0x5A); // the caller's array may change once write returns
    }

    private static final String CHECK_BOXES = """
            import sys, h5py, numpy as np
            f = h5py.File(sys.argv[1], 'r')
            z, y, x = np.meshgrid(np.arange(8), np.arange(8), np.arange(8), indexing='ij')
            full = (1 + z * 64 + y * 8 + x).astype('<u2')
            for name in sys.argv[2:]:
                d = f[name]
                want = np.full((8, 8, 8), 7, dtype='<u2')
                for spec in d.attrs['boxes'].split(';'):
                    a = [int(v) for v in spec.split(',')]
                    s = tuple(slice(a[i], a[i] + a[i + 3]) for i in range(3))
                    want[s] = full[s]
                print(name, d.chunks, 'mismatches', int(np.count_nonzero(d[...] != want)))
            """;

    @Test
    void alignedBoxesAndTheWritesAroundThemReadBackExactly() {
        Path file = dir.resolve("aligned.h5");
        record Case(String name, int[] chunks, long[][] boxes) {
        }
        Case[] cases = {
            // chunks of one plane: boxes of whole planes (one chunk, several chunks), then a plane in two halves
            new Case("planes", new int[] {1, 8, 8}, new long[][] {{0, 0, 0, 1, 8, 8}, {2, 0, 0, 3, 8, 8}, {6, 0, 0, 1, 4, 8}, {6, 4, 0, 1, 4, 8}}),
            // chunks of half a plane's rows: a box of two planes' lower halves is two chunks, each one run
            new Case("half_planes", new int[] {1, 4, 8}, new long[][] {{3, 4, 0, 2, 4, 8}, {0, 0, 0, 2, 8, 8}}),
            // chunks of two planes: a box of four planes is two chunks, each one run; a one-plane box is not aligned
            new Case("plane_pairs", new int[] {2, 8, 8}, new long[][] {{4, 0, 0, 4, 8, 8}, {1, 0, 0, 1, 8, 8}}),
            // chunks (2, 4, 8): a box (4, 8, 8) is aligned but its chunks are not runs of it (general path)
            new Case("blocks", new int[] {2, 4, 8}, new long[][] {{2, 0, 0, 4, 8, 8}, {7, 3, 5, 1, 1, 1}}),
            // one element written first stays in the cache; the aligned box over its chunk must merge, not skip it
            new Case("cached_first", new int[] {1, 8, 8}, new long[][] {{5, 2, 3, 1, 1, 1}, {4, 0, 0, 3, 8, 8}, {0, 0, 0, 1, 2, 2}}),
            // columns: chunks (8, 8, 1) of one column each are covered whole but not in one run
            new Case("columns", new int[] {8, 8, 1}, new long[][] {{0, 0, 2, 8, 8, 2}}),
        };
        try (H5File f = H5File.create(file)) {
            for (Case c : cases) {
                for (DatasetOptions filters : new DatasetOptions[] {null, DatasetOptions.chunked(c.chunks[0], c.chunks[1], c.chunks[2]).deflate(1)}) {
                    DatasetOptions o = filters != null ? filters : DatasetOptions.chunked(c.chunks[0], c.chunks[1], c.chunks[2]);
                    String name = c.name + (filters != null ? "_gzip" : "");
                    Dataset d = f.createDataset(name, DType.UINT16, Shape.of(8, 8, 8), o.fillValue(7));
                    List<String> specs = new ArrayList<>();
                    for (long[] b : c.boxes) {
                        writeBox(d, new long[] {b[0], b[1], b[2]}, new long[] {b[3], b[4], b[5]});
                        specs.add(b[0] + "," + b[1] + "," + b[2] + "," + b[3] + "," + b[4] + "," + b[5]);
                    }
                    d.attrs().put("boxes", String.join(";", specs));
                }
            }
        }
        List<Object> args = new ArrayList<>(List.of(file));
        for (Case c : cases) {
            args.add(c.name);
            args.add(c.name + "_gzip");
        }
        String out = Python.run(CHECK_BOXES, args.toArray());
        assertThat(out.lines()).hasSize(2 * cases.length).allSatisfy(line -> assertThat(line).endsWith("mismatches 0"));
    }

    private static final String CHECK_FRAMES = """
            import sys, h5py, numpy as np
            f = h5py.File(sys.argv[1], 'r')
            d = f[sys.argv[2]]
            a = d[...]
            ids = sorted(int(v) for v in a[:, 0, 0])
            want = [int(v) for v in sys.argv[3].split(',')]
            # element (y, x) of frame id is id + 16 y + x: a frame holding parts of two frames is torn
            pos = (np.arange(16)[:, None] * 16 + np.arange(16)[None, :]).astype(np.int64)
            torn = sum(1 for k in range(a.shape[0]) if not np.array_equal(a[k].astype(np.int64) - a[k, 0, 0], pos))
            print(d.shape, 'ids', ids == want, 'torn', torn)
            """;

    @Test
    void appendsFromSeveralThreadsEachGetFramesOfTheirOwn() throws Exception {
        Path file = dir.resolve("threads.h5");
        int threads = 4, appends = 60;
        List<Integer> ids = new ArrayList<>();
        try (H5File f = H5File.create(file)) {
            for (String filters : new String[] {"raw", "gzip"}) {
                DatasetOptions o = DatasetOptions.chunked(1, 16, 16).maxShape(Shape.UNLIMITED, 16, 16);
                Dataset d = f.createDataset(filters, DType.UINT16, Shape.of(0, 16, 16), filters.equals("gzip") ? o.deflate(1) : o);
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                try {
                    List<Future<?>> done = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        int thread = t;
                        done.add(pool.submit(() -> {
                            ByteBuffer b = ByteBuffer.allocate(2 * 16 * 16 * 2).order(ByteOrder.LITTLE_ENDIAN);
                            for (int i = 0; i < appends; i++) {
                                // every third append is a stack of two frames
                                int k = i % 3 == 2 ? 2 : 1;
                                int id = (thread * appends + i) * 2;
                                b.clear();
                                for (int j = 0; j < k; j++) for (int e = 0; e < 256; e++) b.putShort((short) (id + j + e));
                                b.flip();
                                d.append(NdArray.wrap(b, DType.UINT16, k == 1 ? new long[] {16, 16} : new long[] {k, 16, 16}));
                                b.clear();
                                while (b.hasRemaining()) b.put((byte) 0x5A);
                            }
                        }));
                    }
                    for (Future<?> x : done) x.get();
                } finally {
                    pool.shutdown();
                }
            }
        }
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < appends; i++) {
                int id = (t * appends + i) * 2;
                ids.add(id);
                if (i % 3 == 2) ids.add(id + 1);
            }
        }
        ids.sort(null);
        String expected = String.join(",", ids.stream().map(String::valueOf).toList());
        for (String name : new String[] {"raw", "gzip"}) {
            String out = Python.run(CHECK_FRAMES, file, name, expected);
            assertThat(out.strip()).isEqualTo("(" + ids.size() + ", 16, 16) ids True torn 0");
        }
    }
}
