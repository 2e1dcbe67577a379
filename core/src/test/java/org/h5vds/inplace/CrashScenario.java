package org.h5vds.inplace;

import java.nio.file.Path;
import java.util.function.IntConsumer;
import org.h5vds.api.DType;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;

/**
 * A session of changes to a base file (see {@link Oracles#copyOfBase}), the same every time it
 * runs: {@code commits} commits, each a mix of every kind of change — chunks rewritten with and
 * without filters, frames appended, datasets and groups created, attributes set (compact and
 * dense), links added past the compact limit, deleted and moved across groups. The crash tests run
 * it to completion to learn the file after each commit, then stop it at every point in between.
 */
final class CrashScenario {
    private CrashScenario() {
    }

    /** Runs the session on {@code file}; {@code committed} hears each commit number (1, 2, ...) once it is durable. */
    static void run(Path file, int commits, IntConsumer committed) {
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            for (int k = 1; k <= commits; k++) {
                change(f, k);
                if (k < commits) {
                    f.flush();
                    committed.accept(k);
                }
            }
        }
        committed.accept(commits);
    }

    private static NdArray ints(int seed, long... shape) {
        int n = 1;
        for (long s : shape) n *= (int) s;
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = seed * 1000 + i;
        return NdArray.of(v, shape);
    }

    private static void change(H5File f, int k) {
        f.dataset("chunked_gzip").write("0:4, 0:5", ints(k, 4, 5));
        f.dataset("chunked").write((k % 3) + ":" + (k % 3 + 5) + ", 2:9", ints(k + 50, 5, 7));
        f.dataset("contiguous").write("1:3, 1:4", ints(k + 100, 2, 3));
        f.dataset("unlimited_gzip").append(ints(k + 200, 1, 6));
        f.dataset("unlimited").append(ints(k + 300, 2, 6));
        f.createGroup("crash_" + k).attrs().put("k", (long) k);
        f.createDataset("crash_" + k + "/data", ints(k + 400, 3, 4), DatasetOptions.chunked(2, 4).maxShape(Shape.UNLIMITED, 4).deflate());
        f.dataset("contiguous").attrs().put("commit", (long) k);
        f.group("many_attrs").attrs().put("c" + k, NdArray.of(new double[] {k, k + 0.5}, 2));
        for (int i = 0; i < 4; i++) f.group("small").createGroup("k" + k + "_" + i);
        if (k == 2) f.delete("small/d1");
        if (k == 3) f.move("nested/a/b/leaf", "moved_leaf");
        if (k == 4) f.move("small/d2", "small/d2_renamed");
        if (k == 5) f.dataset("chunked_fletcher").write("0:9, 0:8", NdArray.full(DType.INT32, 5, 9, 8));
    }
}
