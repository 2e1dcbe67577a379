package org.h5vds.inplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import org.h5vds.api.H5Exception;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reading handle dropped without {@code close()} counts as open (the file cannot be opened for
 * writing, as libhdf5 refuses a file a process still has open read-only) only while it can still
 * be used: once the garbage collector finds it, the JVM closes its descriptor, and its count goes
 * too. Without that, the next file to get the dropped file's inode was refused as "open for
 * reading elsewhere".
 */
class DroppedReaderTest {
    @Test
    void aDroppedReaderStopsCountingOnceCollected(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("f.h5");
        try (H5File f = H5File.create(p)) {
            f.createDataset("x", NdArray.of(new int[] {1, 2, 3}, 3));
        }
        H5File reader = H5File.open(p);
        assertThat(catchThrowable(() -> H5File.open(p, H5File.Mode.READ_WRITE).close()))
                .isInstanceOf(H5Exception.class).hasMessageContaining("open for reading elsewhere");
        reader = null; // dropped without close
        Throwable last = null;
        for (int attempt = 0; attempt < 200; attempt++) {
            System.gc();
            Thread.sleep(10);
            try (H5File w = H5File.open(p, H5File.Mode.READ_WRITE)) {
                w.attrs().put("written", 1);
                last = null;
                break;
            } catch (H5Exception e) {
                last = e;
            }
        }
        assertThat(last).as("still refused after the dropped handle was collected").isNull();
        try (H5File f = H5File.open(p)) {
            assertThat(f.attrs().get("written").value().toLongArray()).containsExactly(1L);
        }
    }
}
