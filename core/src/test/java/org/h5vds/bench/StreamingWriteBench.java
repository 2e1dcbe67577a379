package org.h5vds.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;

/**
 * Writes a detector-like stream frame by frame and reports time, throughput and Java heap use:
 * <pre>
 *   java -Xmx256m -cp ... org.h5vds.bench.StreamingWriteBench OUT.h5 FRAMES gzip-shuffle|none|lz4 [keep] [copy] [prime]
 *   java -cp ... org.h5vds.bench.StreamingWriteBench patterns FILE
 * </pre>
 * Frames are 512 x 512 uint16 (512 KiB; 8192 frames = 4 GiB), chunks one frame, appended along an
 * unlimited axis 0. The frame values are Poisson-like counts (mostly small numbers, as a photon
 * counting detector gives), so compression has realistic work; the second form writes the 8
 * patterns the frames cycle through to FILE (raw little-endian uint16), so that h5py_stream.py
 * writes the same bytes. Each frame is made as h5py_stream.py makes it: its pattern copied into
 * one buffer the loop reuses (h5py: a new NumPy array per frame, which malloc hands back from
 * the last frame's), the frame index stamped into element 0, and the buffer appended as it is
 * ({@code NdArray.wrap}; h5py passes the NumPy array without copying). With "copy" the loop
 * copies the pattern into a short[] and appends {@code NdArray.ofUnsigned} of it, which copies
 * the values once more into a new 512 KiB array per frame: a humongous allocation under a 256 MiB
 * heap, whose G1 regions are 1 MiB (an object of half a region or more is humongous), and each
 * one counts towards starting a concurrent collection. Heap use is reported two ways: the
 * largest live heap, measured after a full collection every 512 frames (what the writer holds),
 * and the sum of each heap pool's peak (an upper bound that includes garbage not yet collected;
 * the -Xmx given bounds everything anyway). With "prime", as many bytes as the stream's are
 * written to a scratch file and deleted right before it is measured (see {@link #primePageCache}).
 * Prints one line of "key=value" pairs; deletes the file unless "keep" is given.
 */
public final class StreamingWriteBench {
    private StreamingWriteBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("patterns")) {
            writePatterns(Path.of(args[1]));
            return;
        }
        Path out = Path.of(args[0]);
        int frames = Integer.parseInt(args[1]);
        String filters = args[2];
        List<String> flags = List.of(args).subList(3, args.length);
        boolean keep = flags.contains("keep");
        boolean copy = flags.contains("copy");
        DatasetOptions o = DatasetOptions.chunked(1, 512, 512).maxShape(Shape.UNLIMITED, 512, 512);
        o = switch (filters) {
            case "gzip-shuffle" -> o.deflate(4).shuffle();
            case "lz4" -> o.lz4();
            case "bitshuffle-lz4" -> o.bitshuffleLz4();
            case "none" -> o;
            default -> throw new IllegalArgumentException("filters: gzip-shuffle, lz4, bitshuffle-lz4 or none, not " + filters);
        };
        short[][] patterns = patterns();
        // an untimed warm-up stream, so that the figure is the writer's steady speed, not the JIT's first compiles
        Path warmUp = out.resolveSibling(out.getFileName() + ".warm-up");
        stream(warmUp, Math.min(frames, 256), o, patterns, copy, false);
        Files.delete(warmUp);
        long raw = (long) frames * 512 * 512 * 2;
        if (flags.contains("prime")) primePageCache(out.resolveSibling(out.getFileName() + ".prime"), raw);
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
        long[] measured = stream(out, frames, o, patterns, copy, true);
        double seconds = measured[0] / 1e9;
        long maxAfterGc = measured[1];

        long peakSum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peakSum += pool.getPeakUsage().getUsed();
        }
        long size = Files.size(out);
        System.out.printf("frames=%d raw_bytes=%d file_bytes=%d filters=%s values=%s seconds=%.2f MiB_per_s=%.1f max_live_heap_MiB=%.1f "
                        + "heap_pool_peaks_sum_MiB=%.1f max_heap_MiB=%d cores=%d%n", frames, raw, size, filters, copy ? "copy" : "wrap", seconds,
                raw / seconds / (1 << 20),
                maxAfterGc / 1048576.0, peakSum / 1048576.0, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        if (!keep) Files.delete(out);
    }

    /**
     * Appends {@code frames} frames to a new file; returns the nanoseconds taken (without the full
     * collections that measure the live heap, which are not the writer's time) and the largest live heap.
     */
    private static long[] stream(Path out, int frames, DatasetOptions o, short[][] patterns, boolean copy, boolean measure) {
        long maxAfterGc = 0;
        long measuring = 0;
        ByteBuffer[] bytes = new ByteBuffer[patterns.length];
        for (int i = 0; i < patterns.length; i++) bytes[i] = littleEndian(patterns[i]);
        long start = System.nanoTime();
        try (H5File f = H5File.create(out)) {
            Dataset d = f.createDataset("entry/data/data", DType.UINT16, Shape.of(0, 512, 512), o);
            short[] frame = new short[512 * 512];
            ByteBuffer buffer = ByteBuffer.allocate(512 * 512 * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < frames; i++) {
                if (copy) {
                    short[] p = patterns[i % patterns.length];
                    System.arraycopy(p, 0, frame, 0, frame.length);
                    frame[0] = (short) i;
                    d.append(NdArray.ofUnsigned(frame, 512, 512));
                } else {
                    buffer.clear().put(bytes[i % bytes.length].duplicate()).flip();
                    buffer.putShort(0, (short) i);
                    d.append(NdArray.wrap(buffer, DType.UINT16, 512, 512));
                }
                if (measure && i % 512 == 511) {
                    long t = System.nanoTime();
                    maxAfterGc = Math.max(maxAfterGc, liveHeap());
                    measuring += System.nanoTime() - t;
                }
            }
        }
        return new long[] {System.nanoTime() - start - measuring, maxAfterGc};
    }

    /**
     * Writes {@code bytes} to a scratch file and deletes it, right before the measured stream, as
     * h5py_stream.py does before its own: so that both sides write into page-cache pages the
     * kernel has just freed. On a virtual machine that hands freed guest memory back to its host
     * (free page reporting, about 2 s after the pages are freed), a page not recycled at once
     * costs a fault into the host on its first touch: 512 MiB written with dd ran at 0.4-0.6 GB/s
     * 5 s after the last file was deleted and at 1.1-1.9 GB/s right after (3 pairs each). Without
     * this, h5py, which ran right after the h5vds side deleted its file, wrote into recycled pages
     * and h5vds mostly into fresh ones.
     */
    static void primePageCache(Path scratch, long bytes) throws java.io.IOException {
        ByteBuffer block = ByteBuffer.allocateDirect(4 << 20);
        try (var channel = java.nio.channels.FileChannel.open(scratch, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            for (long at = 0; at < bytes; ) {
                block.clear().limit((int) Math.min(block.capacity(), bytes - at));
                while (block.hasRemaining()) at += channel.write(block, at);
            }
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    private static ByteBuffer littleEndian(short[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(values);
        return b;
    }

    /** The 8 patterns, one after the other, as raw little-endian uint16: what h5py_stream.py cycles through. */
    private static void writePatterns(Path file) throws java.io.IOException {
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            for (short[] p : patterns()) {
                ByteBuffer b = littleEndian(p);
                while (b.hasRemaining()) channel.write(b);
            }
        }
    }

    /** The heap in use right after a full collection: what is live. */
    private static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** 8 frames of 512 x 512 Poisson-like counts around the centre, as a photon-counting detector gives. */
    static short[][] patterns() {
        short[][] patterns = new short[8][512 * 512];
        Random rnd = new Random(42);
        for (short[] p : patterns) {
            for (int i = 0; i < p.length; i++) {
                double lambda = 2 + 30 * Math.exp(-((i / 512 - 256) * (i / 512 - 256) + (i % 512 - 256) * (i % 512 - 256)) / 20000.0);
                p[i] = (short) poisson(rnd, lambda);
            }
        }
        return patterns;
    }

    private static int poisson(Random rnd, double lambda) {
        double l = Math.exp(-lambda);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
