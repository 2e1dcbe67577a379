package org.h5vds.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.Index;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where the time of one 512 KiB frame read goes (ReadBench's file, 512x512 uint16 frames): the
 * whole read, new array and reused buffer, of a contiguous and a gzip+shuffle frame, next to its
 * parts and floors: parsing and resolving the index, allocating (zeroing) the result, copying
 * 512 KiB out of the page cache (the mapped file), inflating one stored chunk with
 * java.util.zip alone, and unshuffling it. Run {@code ./bench.sh read} once (it writes the file),
 * then {@code java -cp target/classes:target/test-classes:<deps> org.openjdk.jmh.Main FrameReadBenchmark}
 * in core/. The JVM's default flags, as the launcher uses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameReadBenchmark {
    static final int SIDE = ReadBench.SIDE, FRAMES = ReadBench.FRAMES, FRAME_BYTES = SIDE * SIDE * 2;

    H5File file;
    Dataset contiguous;
    Dataset gzip;
    ByteBuffer reused;
    MappedByteBuffer mapped;
    byte[] stored;
    byte[] inflated;
    byte[] unshuffled;
    int k;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path p = Path.of(System.getProperty("h5vds.bench.file", "target/bench/read-bench.h5"));
        file = H5File.open(p);
        contiguous = file.dataset("contiguous");
        gzip = file.dataset("gzip_shuffle");
        reused = ByteBuffer.allocate(FRAME_BYTES);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        stored = gzip.readStoredChunk(7, 0, 0);
        inflated = new byte[FRAME_BYTES];
        unshuffled = new byte[FRAME_BYTES];
    }

    @TearDown(Level.Trial)
    public void close() {
        file.close();
    }

    private String next() {
        k = (k + 1) % FRAMES;
        return Integer.toString(k);
    }

    @Benchmark
    public Object contiguousFrameNewArray() {
        return contiguous.read(next());
    }

    @Benchmark
    public Object contiguousFrameReusedBuffer() {
        reused.clear();
        return contiguous.readInto(next(), reused);
    }

    @Benchmark
    public Object gzipFrameNewArray() {
        return gzip.read(next());
    }

    @Benchmark
    public Object gzipFrameReusedBuffer() {
        reused.clear();
        return gzip.readInto(next(), reused);
    }

    /** Index text to the shape it selects: the parse and resolve part of every read. */
    @Benchmark
    public Object indexParseAndResolve() {
        return contiguous.shapeOf(Index.parse(next()));
    }

    /** A new zeroed 512 KiB result, which read(index) allocates and a reused buffer does not. */
    @Benchmark
    public Object allocateFrame() {
        return new byte[FRAME_BYTES];
    }

    /** The floor of a contiguous frame: 512 KiB copied out of the mapped file. */
    @Benchmark
    public Object copyFrameFromPageCache() {
        k = (k + 1) % FRAMES;
        byte[] out = reused.array();
        mapped.get((int) ((long) k * FRAME_BYTES % (mapped.capacity() - FRAME_BYTES)), out, 0, FRAME_BYTES);
        return out;
    }

    /** The floor of a gzip frame on one core: java.util.zip inflating one stored chunk. */
    @Benchmark
    public int inflateOneChunk() throws DataFormatException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(stored);
            return inf.inflate(inflated);
        } finally {
            inf.end();
        }
    }

    /** Undoing the shuffle filter of one 512 KiB chunk of 2-byte elements (a plain loop, as its filter does). */
    @Benchmark
    public byte[] unshuffleOneChunk() {
        int n = FRAME_BYTES / 2;
        for (int i = 0; i < n; i++) {
            unshuffled[2 * i] = inflated[i];
            unshuffled[2 * i + 1] = inflated[n + i];
        }
        return unshuffled;
    }
}
