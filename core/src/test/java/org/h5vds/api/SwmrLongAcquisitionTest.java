package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long SWMR acquisition: thousands of small frames, one chunk each, flushed one by one while
 * h5py SWMR readers follow. The extensible array chunk index is updated in place as libhdf5's
 * writer updates it (new elements into their data block, new blocks only as the array grows), so
 * the file stays the frames' data plus a small amount per frame; rewriting the index per flush
 * would make it grow with the square of the frame count. Uses {@link SwmrWriteTest}'s follower.
 */
class SwmrLongAcquisitionTest {
    static final int FRAMES = 2000;
    static final long FRAME_BYTES = 4L * SwmrWriteTest.H * SwmrWriteTest.W;

    @TempDir
    Path dir;

    @Test
    void thousandsOfFlushedFramesAreFollowedAndTheFileGrowsLinearly() throws Exception {
        Path live = dir.resolve("long.h5");
        Path done = dir.resolve("done");
        try (H5File f = H5File.create(live)) {
            SwmrWriteTest.createFrames(f, "plain", 1, DatasetOptions.chunked(1));
            f.startSwmrWrite();
            List<Process> readers = new ArrayList<>();
            for (int k = 0; k < 2; k++) readers.add(SwmrWriteTest.follower(live, done, FRAMES, List.of("plain")));
            SwmrWriteTest.awaitFollowers(live, readers, 2);
            Dataset d = f.dataset("plain");
            for (int r = 0; r < FRAMES; r++) {
                d.append(SwmrWriteTest.frame(r));
                d.flush();
                if (r % 50 == 0) Thread.sleep(5); // let the readers see the array at many sizes
            }
            Files.writeString(done, "done\n");
            for (Process p : readers) SwmrWriteTest.assertFollowerOk(p);
        }
        long size = Files.size(live);
        long data = FRAMES * FRAME_BYTES;
        // the index itself is ~8 bytes per chunk plus block headers; one index per flush would be > 16 MB here
        assertThat(size).as("file size after %d flushed frames of %d bytes", FRAMES, FRAME_BYTES).isLessThan(data + FRAMES * 64L + 256 * 1024);
        assertThat(SwmrWriteTest.dumpFrames(live, "/plain")).isEqualTo(FRAMES);
        String out = Python.run("""
                import h5py, sys, numpy as np
                with h5py.File(sys.argv[1], 'r') as f:
                    d = f['plain']
                    a = d[...].reshape(d.shape[0], -1).astype(np.int64)
                    want = np.arange(a.shape[1])[None, :] + 1000 * np.arange(a.shape[0])[:, None]
                    print(d.shape[0], bool((a == want).all()))
                """, live);
        assertThat(out.strip()).isEqualTo(FRAMES + " True");
        try (H5File f = H5File.open(live)) {
            int[] v = f.dataset("plain").read().toIntArray();
            for (int r = 0; r < FRAMES; r++) assertThat(v[(int) (r * FRAME_BYTES / 4) + 5]).isEqualTo(r * 1000 + 5);
        }
    }
}
