package org.h5vds.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.Shape;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Materializing streams: a child JVM whose heap is capped at 64 MiB flattens a 512 MiB virtual
 * dataset (8 sources of 128 frames of 512 x 512 uint16); it could not if the copy held the data.
 * (The 4 GiB run under 256 MiB is {@code ./bench.sh materialize stream 8192}, reported in the notes.)
 */
class MaterializeMemoryTest {
    @TempDir
    Path dir;

    @Test
    void aLargeVirtualDatasetFlattensUnderASmallHeap() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-cp", cp,
                MaterializeBench.class.getName(), "stream", dir.toString(), "1024", "keep"));
        String report = Python.Processes.run(cmd, 600);
        System.out.print(report);
        assertThat(report).contains("frames=1024").contains("max_heap_MiB=64");
        try (H5File f = H5File.open(dir.resolve("flat.h5"))) {
            Dataset d = f.dataset("data");
            assertThat(d.isVirtual()).isFalse();
            assertThat(d.shape()).isEqualTo(Shape.of(1024, 512, 512));
            assertThat(d.read("1023, 0, 0:8").toIntArray()).containsExactly(1023, 1024, 1025, 1026, 1027, 1028, 1029, 1023);
            assertThat(d.read("7, 511, 511").toIntArray()).containsExactly(7 + (512 * 512 - 1) % 7);
        }
    }
}
