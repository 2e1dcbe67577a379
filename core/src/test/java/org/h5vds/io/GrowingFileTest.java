package org.h5vds.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that grows while open (a SWMR writer appends to it): reads past the length read at
 * opening see the new bytes, through the mapped windows (mapped again once the file has grown
 * well past them) and through pread.
 */
class GrowingFileTest {
    @TempDir
    Path dir;

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed);
        return b;
    }

    private static void append(Path p, byte[] b) throws IOException {
        Files.write(p, b, StandardOpenOption.APPEND);
    }

    private static byte[] read(Store s, long at, int n) {
        ByteBuffer b = s.read(at, n, "test bytes");
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    @Test
    void readsPastTheLengthAtOpeningSeeWhatWasAppended() throws IOException {
        Path p = dir.resolve("grow.bin");
        byte[] first = bytes(1000, 1);
        Files.write(p, first);
        try (FileStore s = FileStore.open(p)) {
            assertThat(read(s, 0, 100)).isEqualTo(java.util.Arrays.copyOf(first, 100));
            assertThat(s.size()).isEqualTo(1000);
            byte[] small = bytes(500, 2);
            append(p, small);
            // 24 bytes of the old window, 76 of the appended bytes: pread past the short window
            byte[] across = read(s, 976, 100);
            assertThat(java.util.Arrays.copyOfRange(across, 0, 24)).isEqualTo(java.util.Arrays.copyOfRange(first, 976, 1000));
            assertThat(java.util.Arrays.copyOfRange(across, 24, 100)).isEqualTo(java.util.Arrays.copyOf(small, 76));
            assertThat(s.size()).as("the length read again").isEqualTo(1500);
            byte[] big = bytes((int) FileStore.REMAP_STEP + 4096, 3);
            append(p, big);
            long at = 1500 + FileStore.REMAP_STEP;
            assertThat(read(s, at, 4096)).isEqualTo(java.util.Arrays.copyOfRange(big, (int) FileStore.REMAP_STEP, big.length));
            assertThat(read(s, 1000, 500)).isEqualTo(small);
            assertThat(read(s, 0, 1000)).isEqualTo(first);
        }
    }

    @Test
    void aRangePastTheFileStillFailsNamingTheFile() throws IOException {
        Path p = dir.resolve("short.bin");
        Files.write(p, bytes(100, 4));
        try (FileStore s = FileStore.open(p)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.read(90, 20, "a structure"))
                    .isInstanceOf(H5FormatException.class).hasMessageContaining(p.toString()).hasMessageContaining("runs past the end of the file (100 bytes)");
        }
    }
}
