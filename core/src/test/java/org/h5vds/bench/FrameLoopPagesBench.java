package org.h5vds.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;

/**
 * The row "contiguous, frame by frame" of {@code ./bench.sh read} seen from the heap: 20 rounds of
 * reading the 200 frames of {@code /contiguous} (512 KiB each) into new arrays, printing each
 * round's milliseconds and minor page faults (from /proc/self/stat) and, at the end, the heap
 * the collector committed. A round whose arrays land on pages the JVM never used before shows
 * thousands of faults (a 4 KiB page each; one 2 MiB huge page each under
 * -XX:+UseTransparentHugePages). {@code ./bench.sh heap} runs it in fresh JVMs with the default
 * flags, with G1 and -Xmn64m, and with the launcher's flags (jvm-flags.sh).
 */
public final class FrameLoopPagesBench {
    private static final int ROUNDS = 20;

    private FrameLoopPagesBench() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        if (!Files.exists(file)) ReadBench.generate(file);
        StringBuilder rounds = new StringBuilder();
        long totalFaults = 0;
        try (H5File f = H5File.open(file)) {
            Dataset d = f.dataset("/contiguous");
            long frames = d.shape().get(0);
            for (int r = 0; r < ROUNDS; r++) {
                long faults0 = minorFaults(), t0 = System.nanoTime();
                for (long k = 0; k < frames; k++) d.read(Long.toString(k));
                long ns = System.nanoTime() - t0, faults = minorFaults() - faults0;
                totalFaults += faults;
                rounds.append(String.format(Locale.ROOT, " %.0f/%d", ns / 1e6, faults));
            }
        }
        System.out.printf(Locale.ROOT, "%-44s committed %5d MB, faults %7d; ms/faults per round:%s%n", args.length > 1 ? args[1] : "",
                Runtime.getRuntime().totalMemory() >> 20, totalFaults, rounds);
    }

    /** This process's minor page faults so far: field 10 of /proc/self/stat. */
    private static long minorFaults() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[7]);
    }
}
