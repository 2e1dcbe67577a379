package org.h5vds.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.MaterializeOptions;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;
import org.h5vds.api.VirtualLayout;
import org.h5vds.api.VirtualSource;
import org.h5vds.testing.Python;

/**
 * Materializing virtual datasets:
 * <pre>
 *   java -cp ... org.h5vds.bench.MaterializeBench compare
 *   java -Xmx256m -cp ... org.h5vds.bench.MaterializeBench stream DIR FRAMES [keep]
 * </pre>
 * {@code compare} flattens the 8-source compressed virtual dataset of {@code ./bench.sh vds}
 * (800 x 256 x 256 uint16, chunked by frame, gzip + shuffle) into a new file with h5vds (its default
 * storage: the sources' chunks and filters) and with an h5py loop doing the same (read the virtual
 * dataset in slabs of frames, write a dataset chunked by frame with gzip + shuffle), best of 3
 * after a warm-up each, and prints MiB/s of raw data and the ratio (h5vds / h5py).
 *
 * <p>{@code stream} builds 8 sources of FRAMES / 8 frames of 512 x 512 uint16 each (chunked by frame,
 * uncompressed; FRAMES = 8192 is 4 GiB), a virtual dataset stacking them, flattens it and reports
 * time, throughput and heap use (the largest live heap after a full collection, sampled while the
 * copy runs, and the sum of the heap pools' peaks); the -Xmx given bounds it all.
 */
public final class MaterializeBench {
    private MaterializeBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "compare" -> compare();
            case "stream" -> stream(Path.of(args[1]), Integer.parseInt(args[2]), args.length > 3 && args[3].equals("keep"));
            default -> throw new IllegalArgumentException("compare or stream DIR FRAMES [keep], not " + args[0]);
        }
    }

    private static void compare() throws Exception {
        Path frames = VdsBenchmark.frameFiles();
        Path ours = frames.resolveSibling("materialized_h5vds.h5");
        Path theirs = frames.resolveSibling("materialized_h5py.h5");
        long raw = 800L * 256 * 256 * 2;
        materialize(frames, ours);
        double best = Double.MAX_VALUE;
        for (int k = 0; k < 3; k++) {
            long t0 = System.nanoTime();
            materialize(frames, ours);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        String py = Python.run(H5PY_LOOP, frames, theirs);
        double h5py = Double.parseDouble(py.strip());
        String same = Python.run("""
                import h5py, numpy as np, sys
                a = h5py.File(sys.argv[1], 'r')['data']
                b = h5py.File(sys.argv[2], 'r')['data']
                assert not a.is_virtual and a.chunks == (1, 256, 256) and a.compression == 'gzip' and a.shuffle, (a.chunks, a.compression)
                print(np.array_equal(a[()], b[()]))
                """, ours, theirs);
        if (!same.strip().equals("True")) throw new AssertionError("h5vds and h5py copies differ");
        double oursMiB = raw / best / (1 << 20);
        double theirsMiB = raw / h5py / (1 << 20);
        System.out.printf("%-60s %12s %12s %8s%n", "materialize, " + Runtime.getRuntime().availableProcessors() + " cores", "h5vds MiB/s",
                "h5py MiB/s", "ratio");
        System.out.printf("%-60s %12.1f %12.1f %7.2fx%n", "8 sources x 100 frames 256x256 u16 gzip+shuffle -> gzip+shuffle", oursMiB, theirsMiB,
                oursMiB / theirsMiB);
        Files.deleteIfExists(ours);
        Files.deleteIfExists(theirs);
    }

    private static void materialize(Path vds, Path out) {
        try (H5File in = H5File.open(vds); H5File made = H5File.create(out)) {
            in.dataset("data").materialize(made.root(), "data");
        }
    }

    private static final String H5PY_LOOP = """
            import h5py, sys, time
            src, out = sys.argv[1], sys.argv[2]
            def run():
                with h5py.File(src, 'r') as f, h5py.File(out, 'w', libver='latest') as g:
                    v = f['data']
                    d = g.create_dataset('data', v.shape, v.dtype, chunks=(1, 256, 256), compression='gzip', compression_opts=4, shuffle=True)
                    for i in range(0, v.shape[0], 64):
                        d[i:i + 64] = v[i:i + 64]
            run()
            best = float('inf')
            for _ in range(3):
                t0 = time.perf_counter()
                run()
                best = min(best, time.perf_counter() - t0)
            print(best)
            """;

    private static void stream(Path dir, int frames, boolean keep) throws Exception {
        Files.createDirectories(dir);
        int per = frames / 8;
        VirtualLayout layout = new VirtualLayout(Shape.of(8L * per, 512, 512), DType.UINT16);
        for (int s = 0; s < 8; s++) {
            Path src = dir.resolve("source_" + s + ".h5");
            if (!Files.exists(src)) {
                try (H5File f = H5File.create(src)) {
                    Dataset d = f.createDataset("data", DType.UINT16, Shape.of(per, 512, 512), DatasetOptions.chunked(1, 512, 512));
                    short[] frame = new short[512 * 512];
                    for (int i = 0; i < per; i++) {
                        int k = s * per + i;
                        for (int p = 0; p < frame.length; p++) frame[p] = (short) (k + p % 7);
                        d.write(Integer.toString(i), NdArray.ofUnsigned(frame, 512, 512));
                    }
                }
            }
            layout.set((s * per) + ":" + ((s + 1) * per), new VirtualSource(src.getFileName().toString(), "data", Shape.of(per, 512, 512)));
        }
        Path vds = dir.resolve("stack.h5");
        try (H5File f = H5File.create(vds)) {
            f.createVirtualDataset("data", layout);
        }
        Path out = dir.resolve("flat.h5");
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
        long[] maxLive = {0};
        long[] nextSample = {0};
        long t0 = System.nanoTime();
        long[] gcNanos = {0};
        try (H5File in = H5File.open(vds); H5File made = H5File.create(out)) {
            in.dataset("data").materialize(made.root(), "data", MaterializeOptions.defaults().progress(done -> {
                if (done >= nextSample[0]) {
                    // a full collection now and then shows what the copy holds (not counted as its time)
                    long g0 = System.nanoTime();
                    System.gc();
                    Runtime r = Runtime.getRuntime();
                    maxLive[0] = Math.max(maxLive[0], r.totalMemory() - r.freeMemory());
                    gcNanos[0] += System.nanoTime() - g0;
                    nextSample[0] = done + (256L << 20);
                }
            }));
        }
        double seconds = (System.nanoTime() - t0 - gcNanos[0]) / 1e9;
        long peakSum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peakSum += pool.getPeakUsage().getUsed();
        }
        long raw = 8L * per * 512 * 512 * 2;
        System.out.printf("frames=%d raw_bytes=%d seconds=%.2f MiB_per_s=%.1f max_live_heap_MiB=%.1f heap_pool_peaks_sum_MiB=%.1f max_heap_MiB=%d%n",
                8 * per, raw, seconds, raw / seconds / (1 << 20), maxLive[0] / 1048576.0, peakSum / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
        if (!keep) {
            Files.deleteIfExists(out);
            for (int s = 0; s < 8; s++) Files.deleteIfExists(dir.resolve("source_" + s + ".h5"));
            Files.deleteIfExists(vds);
        }
    }
}
