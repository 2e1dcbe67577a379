package org.h5vds.inplace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.testing.Mirror;
import org.h5vds.testing.TreeDump;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chunks rewritten and then cut off by shrinking the dataset in the same commit: each committed
 * chunk's space is given back once. A compressed chunk rewritten goes to new space and its
 * committed copy is released then; shrinking used to release that copy a second time, and the
 * commit failed ("block ... is freed twice"). Found by {@link RandomSessionsTest} (jqwik seed
 * -3394802305453707047, format v108: write /unlimited_2d_gzip[0:4, 2:7], resize to (0, 7), flush).
 * The space freed is then reused by the next commit, and h5py, h5dump, libhdf5 1.14 and h5wasm
 * read every dataset as the model says.
 */
class ShrinkAfterRewriteTest {
    @TempDir
    Path dir;

    private static NdArray ints(int seed, long... shape) {
        int n = 1;
        for (long s : shape) n *= (int) s;
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = seed * 1000 + i * 3;
        return NdArray.of(v, shape);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"earliest", "v108", "latest"})
    void rewrittenChunksCutOffInTheSameCommitAreFreedOnce(String libver) {
        Path file = Oracles.copyOfBase(libver, dir);
        ObjectNode before = TreeDump.of(file);
        Mirror m;
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            m = new Mirror(f, before);
            // the sequence RandomSessionsTest failed on: gzip chunks (3, 3) of a (6, 7) dataset
            // rewritten (moved to new space), then every one cut off
            m.write("/unlimited_2d_gzip", "0:4, 2:7", ints(1, 4, 5));
            m.resize("/unlimited_2d_gzip", 0, 7);
            // rewritten compressed chunks partly cut off (some dropped, some kept and reset to fill)
            m.write("/unlimited_gzip", "1:5, 0:6", ints(2, 4, 6));
            m.resize("/unlimited_gzip", 3, 6);
            // unfiltered chunks are rewritten where they are: dropped, their one copy is released once
            m.write("/unlimited_2d", "2:6, 0:7", ints(3, 4, 7));
            m.resize("/unlimited_2d", 2, 4);
            f.flush();
            // the next commit reuses the space freed above
            m.resize("/unlimited_2d_gzip", 5, 7);
            m.write("/unlimited_2d_gzip", "0:5, 0:7", ints(4, 5, 7));
            m.append("/unlimited_gzip", ints(5, 4, 6));
            m.resize("/unlimited_2d", 7, 8);
            m.write("/unlimited_2d", "1:7, 3:8", ints(6, 6, 5));
            f.flush();
            // rewritten and cut off again, in a commit of its own
            m.write("/unlimited_2d_gzip", "3:5, 0:7", ints(7, 2, 7));
            m.resize("/unlimited_2d_gzip", 2, 7);
        }
        ObjectNode after = Oracles.matchesModel(file, m);
        Oracles.allReadersAgree(file, after);
        Oracles.libhdf5KeepsWriting(file);
    }
}
