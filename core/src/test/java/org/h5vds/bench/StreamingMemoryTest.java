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
 * Streaming keeps memory bounded: a child JVM whose heap is capped at 64 MiB writes 512 MiB of
 * 512 x 512 uint16 frames compressed (gzip + shuffle) and 1 GiB uncompressed, frame by frame; it
 * could not if the writer held the dataset. (The 4 GiB runs with -Xmx256m are
 * {@link StreamingWriteBench}'s, reported in the writer's notes.)
 */
class StreamingMemoryTest {
    @TempDir
    Path dir;

    private String run(Path out, int frames, String filters) {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-cp", cp,
                StreamingWriteBench.class.getName(), out.toString(), Integer.toString(frames), filters, "keep"));
        return Python.Processes.run(cmd, 600);
    }

    @Test
    void framesStreamToDiskUnderASmallHeap() {
        for (String[] c : new String[][] {{"gzip-shuffle", "1024"}, {"none", "2048"}}) {
            Path out = dir.resolve(c[0] + ".h5");
            int frames = Integer.parseInt(c[1]);
            String report = run(out, frames, c[0]);
            System.out.print(report);
            assertThat(report).contains("frames=" + frames).contains("max_heap_MiB=64");
            try (H5File f = H5File.open(out)) {
                Dataset d = f.dataset("entry/data/data");
                assertThat(d.shape()).isEqualTo(Shape.of(frames, 512, 512));
                assertThat(d.read("%d, 0, 0".formatted(frames - 1)).toIntArray()).containsExactly(frames - 1);
                assertThat(d.read("7, 0, 0").toIntArray()).containsExactly(7);
            }
        }
    }
}
