package org.h5vds.select;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The selection work of one read, on an 8x100x256x256 dataset: restricting a mapping to a chunk,
 * and the runs of a restricted pair. Run with
 * {@code java -cp target/test-classes:target/classes:<deps> org.openjdk.jmh.Main SelectionBenchmark}.
 * There is no h5py counterpart to measure against: libhdf5 does this work inside H5Dread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SelectionBenchmark {
    static final long[] SHAPE = {8, 100, 256, 256};

    SelectionPair aligned;
    SelectionPair reshaped;
    ProductSelection virtual;
    ProductSelection flatSource;
    ProductSelection request;
    ProductSelection half;
    Box chunk;

    @Setup
    public void setup() {
        virtual = Selection.box(new long[4], SHAPE);
        aligned = new SelectionPair(virtual, Selection.box(new long[] {8, 0, 0, 0}, SHAPE));
        flatSource = Selection.box(new long[] {0}, new long[] {8L * 100 * 256 * 256});
        reshaped = new SelectionPair(virtual, flatSource);
        request = IndexExpression.parse("1:7, 5:95:3, 100:200, :").resolve(SHAPE).selection();
        half = Selection.box(new long[4], new long[] {4, 50, 256, 256});
        chunk = new Box(new long[] {2, 30, 64, 128}, new long[] {1, 10, 64, 64});
    }

    @Benchmark
    public SelectionPair restrictAlignedToChunk() {
        return aligned.restrictA(chunk);
    }

    @Benchmark
    public SelectionPair restrictReshapedToChunk() {
        return reshaped.restrictA(chunk);
    }

    @Benchmark
    public void runsOfAlignedPairRestrictedToHalf(Blackhole bh) {
        aligned.restrictA(half).forEachRun((a, b, n) -> bh.consume(n));
    }

    @Benchmark
    public void runsOfReshapedPairRestrictedToHalf(Blackhole bh) {
        reshaped.restrictA(half).forEachRun((a, b, n) -> bh.consume(n));
    }

    @Benchmark
    public void vdsProjectionRuns(Blackhole bh) {
        VdsProjection.project(virtual, flatSource, request).forEachRun((a, b, n) -> bh.consume(n));
    }
}
