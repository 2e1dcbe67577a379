package org.h5vds.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
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
 * The mapping list of a 100,000-mapping virtual dataset ({@code ./bench.sh vds}'s file, written
 * here by {@link VdsBenchmark#createBig}: element k of a (1000, 100) int32 dataset takes element
 * 99,999 - k of a source in the same file), at the micro level: opening the file and the dataset
 * and asking its shape (the 8 MB block decoded in one pass, the plan and the index made), the same
 * plus reading one element (one mapping found and read), reading all of it with the file kept open
 * (every mapping's piece), and the caller's side of a create: 100,000 {@code layout.set} calls.
 * Run in core/ after {@code mvn test-compile}:
 * {@code java -cp target/classes:target/test-classes:<deps> org.openjdk.jmh.Main MappingDecodeBenchmark [-prof gc]}
 * ({@code -prof gc} adds the bytes allocated per operation: on a VM, fresh memory costs a page
 * fault per 4 KiB the first time the JVM's heap uses it). The JVM's default flags.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MappingDecodeBenchmark {
    Path dir;
    Path big;
    H5File open;
    Dataset openDataset;

    @Setup(Level.Trial)
    public void write() throws IOException {
        dir = Files.createTempDirectory("mapping-bench");
        big = dir.resolve("big.h5");
        VdsBenchmark.createBig(big);
        open = H5File.open(big);
        openDataset = open.dataset("v");
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        open.close();
        Files.deleteIfExists(big);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public Object openAndShape() {
        try (H5File f = H5File.open(big)) {
            return f.dataset("v").shape();
        }
    }

    @Benchmark
    public Object openAndReadOneElement() {
        try (H5File f = H5File.open(big)) {
            return f.dataset("v").read("512, 37");
        }
    }

    @Benchmark
    public Object readAllFileOpen() {
        return openDataset.read();
    }

    @Benchmark
    public Object layoutOf100000Mappings() {
        return VdsBenchmark.layoutOfBig();
    }
}
