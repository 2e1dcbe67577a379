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

    /**
     * Frame loops over the gzip dataset, which the chunk reader decodes ahead when they go forward:
     * forward, backward, in a random order, forward with jumps and from several threads at once,
     * every frame as h5py reads it; and a corrupt chunk met by a loop fails for the caller exactly as
     * without read-ahead (naming the chunk), after which the loop goes on.
     */
    @Test
    void frameLoopsReadAheadExactly() throws Exception {
        Path dir = H5pyVds.make("frame-loops", """
                rng = np.random.default_rng(5)
                data = rng.integers(0, 60000, (40, 64, 48)).astype('<u2')
                with h5py.File('loops.h5', 'w', libver='latest') as f:
                    f.create_dataset('gzip', data=data, chunks=(1, 64, 48), compression='gzip', shuffle=True)
                    f.create_dataset('broken', data=data, chunks=(1, 64, 48), compression='gzip', shuffle=True)
                    at = f['broken'].id.get_chunk_info_by_coord((7, 0, 0)).byte_offset
                with open('loops.h5', 'r+b') as raw:
                    raw.seek(at + 2)
                    raw.write(bytes([255]) * 64)
                save('expected', data)
                """);
        NdArray expected = H5pyVds.expected(dir, "expected");
        int n = 40;
        java.util.List<Integer> order = new java.util.ArrayList<>();
        for (int k = 0; k < n; k++) order.add(k);
        for (int k = n - 1; k >= 0; k--) order.add(k);
        java.util.List<Integer> shuffled = new java.util.ArrayList<>(order.subList(0, n));
        java.util.Collections.shuffle(shuffled, new java.util.Random(11));
        order.addAll(shuffled);
        for (int k = 0; k < n; k += 3) order.add(k);
        for (int k = 10; k < 20; k++) order.add(k);
        try (H5File f = H5File.open(dir.resolve("loops.h5"))) {
            Dataset d = f.dataset("gzip");
            ByteBuffer reused = ByteBuffer.allocate(64 * 48 * 2);
            for (int i = 0; i < order.size(); i++) {
                int k = order.get(i);
                NdArray want = NumpyReference.select(expected, k + ", :, :");
                if (i % 2 == 0) {
                    assertThat(d.read(Integer.toString(k))).as("frame %d (step %d)", k, i).isEqualTo(want);
                } else {
                    reused.clear();
                    Shape shape = d.readInto(Integer.toString(k), reused);
                    reused.flip();
                    assertThat(NdArray.wrap(reused, d.dtype(), shape.toArray())).as("frame %d into (step %d)", k, i).isEqualTo(want);
                }
                // a part of the frame after the whole one: the chunk is the same, read again
                assertThat(d.read(k + ", 3:9, 5")).isEqualTo(NumpyReference.select(expected, k + ", 3:9, 5"));
            }
            // several threads looping forward over the same dataset at once
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                java.util.List<java.util.concurrent.Future<?>> loops = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int start = t * 5;
                    loops.add(pool.submit(() -> {
                        for (int round = 0; round < 3; round++) {
                            for (int k = start; k < n; k++) {
                                assertThat(d.read(Integer.toString(k))).as("frame %d", k)
                                        .isEqualTo(NumpyReference.select(expected, k + ", :, :"));
                            }
                        }
                    }));
                }
                for (var l : loops) l.get();
            } finally {
                pool.shutdown();
            }
            Dataset broken = f.dataset("broken");
            for (int k = 0; k < n; k++) {
                if (k == 7) {
                    int frame = k;
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> broken.read(Integer.toString(frame)))
                            .isInstanceOf(H5FormatException.class)
                            .hasMessageContaining("loops.h5").hasMessageContaining("deflate");
                } else {
                    assertThat(broken.read(Integer.toString(k))).as("broken[%d]", k)
                            .isEqualTo(NumpyReference.select(expected, k + ", :, :"));
                }
            }
        }
    }

    /**
     * Reads by integers on the leading axes ({@code dset[k]}, {@code dset[k, j]}) of contiguous
     * datasets, and of unfiltered chunked ones whose chunks hold whole trailing axes, go straight
     * from the layout into the result (no selection): the same elements,
     * shapes and errors as the same positions read the general way ({@code "k,"}, NumPy's tuple of
     * one, which the parser reads), into new
     * arrays and into a buffer at a position; storage never written (fill value), big-endian
     * elements, a converted member type, frames longer than the reader's slab and a 1-D dataset
     * (one element, shape ()) included.
     */
    @Test
    void integerReadsOfContiguousDatasetsEqualTheGeneralPath() {
        Path dir = H5pyVds.make("frame-integers", """
                rng = np.random.default_rng(8)
                with h5py.File('ints.h5', 'w', libver='latest') as f:
                    f.create_dataset('u2', data=rng.integers(0, 60000, (5, 40, 30)).astype('<u2'))
                    f.create_dataset('be', data=rng.integers(-2**31, 2**31, (4, 3, 20, 10)).astype('>i4'))
                    f.create_dataset('f8', data=rng.random((6, 17)))
                    f.create_dataset('line', data=np.arange(11, dtype='<i8'))
                    f.create_dataset('wide', data=rng.integers(0, 255, (3, 1100, 1000)).astype('u1'))
                    f.create_dataset('unwritten', shape=(4, 8, 8), dtype='<u2', fillvalue=77)
                    f.create_dataset('pairs', data=np.array([[(1, 2.5), (3, 4.5)], [(5, 6.5), (7, 8.5)]], dtype=[('a', '<i2'), ('b', '<f4')]))
                    f.create_dataset('empty', shape=(3, 0, 4), dtype='<u2')
                    f.create_dataset('k2', data=f['u2'][()], chunks=(2, 40, 30))
                    f.create_dataset('k4', data=f['be'][()], chunks=(3, 1, 20, 10))
                    f.create_dataset('ksplit', data=f['u2'][()], chunks=(2, 20, 30))
                    f.create_dataset('kunwritten', shape=(4, 8, 8), dtype='<u2', chunks=(1, 8, 8), fillvalue=77)
                    f.create_dataset('kgzip', data=f['u2'][()], chunks=(1, 40, 30), compression='gzip')
                """);
        String[] indexes = {"0", "1", "-1", "-2", "2", "3", "1, 2", "-1, -1", "0, 1, 2", "2, 3, 4, 5", "5", "-7", "1, 40", "0, 0, 0, 0, 0"};
        try (H5File f = H5File.open(dir.resolve("ints.h5"))) {
            for (String name : new String[] {"u2", "be", "f8", "line", "wide", "unwritten", "pairs", "empty", "k2", "k4", "ksplit", "kunwritten",
                    "kgzip"}) {
                Dataset d = f.dataset(name);
                for (String index : indexes) integerReadEqualsTheGeneralPath(d, index);
            }
        }
    }

    /**
     * Reads {@code index} (integers) of {@code d} by the short way and checks it against the same
     * positions read the general way ({@code "index,"}, NumPy's tuple of one): the same error
     * (message and class), or the same values and shape, also into a buffer at a position with the
     * bytes around untouched, and a buffer one byte short refused with nothing written. Returns
     * what was read, or null when both ways failed.
     */
    static NdArray integerReadEqualsTheGeneralPath(Dataset d, String index) {
        Throwable generalError = org.assertj.core.api.Assertions.catchThrowable(() -> d.read(index + ","));
        if (generalError != null) {
            Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> d.read(index));
            assertThat(error).as("%s[%s]", d.path(), index).isNotNull().hasMessage(generalError.getMessage());
            assertThat(error.getClass()).as("%s[%s]", d.path(), index).isEqualTo(generalError.getClass());
            return null;
        }
        NdArray want = d.read(index + ",");
        NdArray got = d.read(index);
        assertThat(got).as("%s[%s]", d.path(), index).isEqualTo(want);
        assertThat(got.shape()).as("%s[%s]", d.path(), index).isEqualTo(want.shape());
        ByteBuffer into = ByteBuffer.allocate(3 + (int) (want.size() * d.dtype().size()) + 5);
        while (into.hasRemaining()) into.put((byte) 0x5A);
        into.position(3);
        Shape shape = d.readInto(index, into);
        assertThat(into.position()).isEqualTo(3 + (int) (want.size() * d.dtype().size()));
        assertThat(into.get(0)).isEqualTo((byte) 0x5A);
        assertThat(into.get(into.capacity() - 1)).isEqualTo((byte) 0x5A);
        ByteBuffer read = into.duplicate().position(3).limit(into.position()).slice().order(d.dtype().order());
        assertThat(NdArray.wrap(read, d.dtype(), shape.toArray())).as("%s[%s] into a buffer", d.path(), index).isEqualTo(want);
        if (want.size() > 0) {
            // one byte short: refused, nothing written, as the general path refuses it
            ByteBuffer small = ByteBuffer.allocate((int) (want.size() * d.dtype().size()) - 1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.readInto(index, small))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(d.path() + "[" + index + "]: " + (small.capacity() + 1) + " bytes do not fit the buffer's "
                            + small.capacity() + " remaining");
            assertThat(small.position()).isZero();
            while (small.hasRemaining()) assertThat(small.get()).isZero();
        }
        return got;
    }

    /**
     * A frame loop over a contiguous dataset allocates the frames and little else: no selection,
     * slab list or pieces per frame (4.4 KB a frame before reads by integers took the short way,
     * ~450 bytes now). Counted in bytes, not timed.
     */
    @Test
    void frameLoopOverContiguousDataAllocatesLittleBesidesTheFrames() {
        Path dir = frames();
        try (H5File f = H5File.open(dir.resolve("frames.h5"))) {
            Dataset d = f.dataset("contiguous");
            long frameBytes = 128 * 160 * 2;
            long besides = bytesPerFrameBesides(k -> d.read(Integer.toString(k % 8)), frameBytes);
            assertThat(besides).as("bytes allocated per frame besides the frame's %d", frameBytes).isLessThan(1024);
        }
    }

    /**
     * The fewest bytes this thread allocates per call of {@code read} (given the call's number)
     * beyond {@code frameBytes}, over 5 rounds of 100 calls after 200 warm-up calls.
     */
    static long bytesPerFrameBesides(java.util.function.IntConsumer read, long frameBytes) {
        for (int k = 0; k < 200; k++) read.accept(k);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = org.h5vds.testing.AllocatedBytes.ofThisThread();
            for (int k = 0; k < 100; k++) read.accept(k);
            best = Math.min(best, (org.h5vds.testing.AllocatedBytes.ofThisThread() - before) / 100 - frameBytes);
        }
        return best;
    }
}
