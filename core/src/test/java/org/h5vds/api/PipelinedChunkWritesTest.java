package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer reuses its chunk arrays and its encoders' output arrays from chunk to chunk, and
 * copies a whole chunk given in one run into such an array so that the executor encodes and
 * writes it while the caller goes on (frames appended, stacks of frames); a chunk covered whole
 * but not in one run (half a frame's columns) is copied run by run into an array it does not fill
 * first. None of that may let one chunk's bytes reach another, nor
 * keep the caller's values: every frame here has its own values, the caller's buffer is filled
 * with junk right after each call, partial chunks (in arrays that held whole frames before) must
 * show the fill value where nothing was written, and h5py compares every element with what was
 * written.
 */
class PipelinedChunkWritesTest {
    @TempDir
    Path dir;

    static final int FRAMES = 96, SIDE = 64;

    /** Element (y, x) of frame k: no two frames alike, no element equal to the fill value 7 in a written place that matters. */
    static short value(int k, int y, int x) {
        return (short) (k * 4099 + y * 67 + x * 3 + 1000);
    }

    static void fillFrame(ByteBuffer b, int k, int fromRow, int toRow) {
        b.clear();
        for (int y = fromRow; y < toRow; y++) {
            for (int x = 0; x < SIDE; x++) b.putShort(value(k, y, x));
        }
        b.flip();
    }

    static void junk(ByteBuffer b) {
        b.clear();
        while (b.hasRemaining()) b.put((byte) 0x5A);
    }

    private static final String CHECK = """
            import sys, h5py, numpy as np
            f = h5py.File(sys.argv[1], 'r')
            frames, side = int(sys.argv[2]), int(sys.argv[3])
            k, y, x = np.meshgrid(np.arange(frames), np.arange(side), np.arange(side), indexing='ij')
            full = ((k * 4099 + y * 67 + x * 3 + 1000) % 65536).astype('<u2')
            for name in sys.argv[4:]:
                d = f[name]
                want = full.copy()
                if name.startswith('rows'):
                    # frames k % 3 == 1: rows 0..31 written first, rows 32..47 patched in at the end; the rest is fill
                    for i in range(1, frames, 3):
                        want[i, 48:, :] = 7
                got = d[...]
                bad = int(np.count_nonzero(got != want)) if got.shape == want.shape else -1
                print(name, d.shape, d.compression, d.shuffle, d.fletcher32, 'mismatches', bad)
            """;

    @Test
    void everyFrameReadsBackExactlyThroughEveryWritePath() {
        Path file = dir.resolve("pipelined.h5");
        ByteBuffer buf = ByteBuffer.allocate(SIDE * SIDE * 2).order(ByteOrder.LITTLE_ENDIAN);
        try (H5File f = H5File.create(file)) {
            DatasetOptions frames = DatasetOptions.chunked(1, SIDE, SIDE).maxShape(Shape.UNLIMITED, SIDE, SIDE);
            UnaryOperator<DatasetOptions> none = o -> o;
            record Case(String name, UnaryOperator<DatasetOptions> filters) {
            }
            Case[] cases = {new Case("raw", none), new Case("gzip_shuffle", o -> o.shuffle().deflate(4)),
                    new Case("shuffle_gzip_fletcher32", o -> o.shuffle().deflate(1).fletcher32()), new Case("lzf", DatasetOptions::lzf)};
            for (Case c : cases) {
                // one frame per append, from one buffer the caller overwrites at once
                Dataset d = f.createDataset("append_" + c.name, DType.UINT16, Shape.of(0, SIDE, SIDE), c.filters.apply(frames));
                for (int k = 0; k < FRAMES; k++) {
                    fillFrame(buf, k, 0, SIDE);
                    d.append(NdArray.wrap(buf, DType.UINT16, SIDE, SIDE));
                    junk(buf);
                }
                // chunks of half a frame's columns: each covered whole, but not in one run of the values
                Dataset h = f.createDataset("halves_" + c.name, DType.UINT16, Shape.of(0, SIDE, SIDE),
                        c.filters.apply(DatasetOptions.chunked(1, SIDE, SIDE / 2).maxShape(Shape.UNLIMITED, SIDE, SIDE)));
                for (int k = 0; k < FRAMES; k++) {
                    fillFrame(buf, k, 0, SIDE);
                    h.append(NdArray.wrap(buf, DType.UINT16, SIDE, SIDE));
                    junk(buf);
                }
                // several frames per call: several chunks, each one run of the values
                Dataset s = f.createDataset("stacks_" + c.name, DType.UINT16, Shape.of(0, SIDE, SIDE), c.filters.apply(frames));
                for (int k = 0; k < FRAMES; k += 4) {
                    short[] stack = new short[4 * SIDE * SIDE];
                    for (int j = 0; j < 4; j++) {
                        for (int y = 0; y < SIDE; y++) {
                            for (int x = 0; x < SIDE; x++) stack[(j * SIDE + y) * SIDE + x] = value(k + j, y, x);
                        }
                    }
                    s.append(NdArray.ofUnsigned(stack, 4, SIDE, SIDE));
                }
                // whole frames, half frames and frames row by row, with a fill value and a cache of
                // one chunk, so that half-written chunks leave it, in arrays whole frames used before
                Dataset r = f.createDataset("rows_" + c.name, DType.UINT16, Shape.of(FRAMES, SIDE, SIDE),
                        c.filters.apply(DatasetOptions.chunked(1, SIDE, SIDE)).fillValue(7).chunkCacheBytes(SIDE * SIDE * 2));
                for (int k = 0; k < FRAMES; k++) {
                    if (k % 3 == 0) {
                        fillFrame(buf, k, 0, SIDE);
                        r.write("%d".formatted(k), NdArray.wrap(buf, DType.UINT16, SIDE, SIDE));
                    } else if (k % 3 == 1) {
                        fillFrame(buf, k, 0, 32);
                        r.write("%d, 0:32".formatted(k), NdArray.wrap(buf, DType.UINT16, 32, SIDE));
                    } else {
                        for (int y = 0; y < SIDE; y++) {
                            fillFrame(buf, k, y, y + 1);
                            r.write("%d, %d".formatted(k, y), NdArray.wrap(buf, DType.UINT16, SIDE));
                            junk(buf);
                        }
                    }
                    junk(buf);
                }
                // patched afterwards: read back (from the file or from a write still under way) and rewritten
                for (int k = 1; k < FRAMES; k += 3) {
                    fillFrame(buf, k, 32, 48);
                    r.write("%d, 32:48".formatted(k), NdArray.wrap(buf, DType.UINT16, 16, SIDE));
                    junk(buf);
                }
            }
        }
        String[] names = java.util.stream.Stream.of("append_", "halves_", "stacks_", "rows_")
                .flatMap(p -> java.util.stream.Stream.of("raw", "gzip_shuffle", "shuffle_gzip_fletcher32", "lzf").map(p::concat))
                .toArray(String[]::new);
        Object[] args = new Object[3 + names.length];
        args[0] = file;
        args[1] = FRAMES;
        args[2] = SIDE;
        System.arraycopy(names, 0, args, 3, names.length);
        String out = Python.run(CHECK, args);
        assertThat(out.lines()).hasSize(names.length).allSatisfy(line -> assertThat(line).endsWith("mismatches 0"));
        // and our own reader agrees, element by element
        try (H5File f = H5File.open(file)) {
            for (String name : names) {
                short[] got = f.dataset(name).read().toShortArray();
                for (int k = 0; k < FRAMES; k++) {
                    for (int y = 0; y < SIDE; y++) {
                        for (int x = 0; x < SIDE; x++) {
                            short want = name.startsWith("rows") && k % 3 == 1 && y >= 48 ? 7 : value(k, y, x);
                            int at = (k * SIDE + y) * SIDE + x;
                            if (got[at] != want) throw new AssertionError(name + " [" + k + ", " + y + ", " + x + "] is " + got[at] + ", not " + want);
                        }
                    }
                }
            }
        }
    }
}
