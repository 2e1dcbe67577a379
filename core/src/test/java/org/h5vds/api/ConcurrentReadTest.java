package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h5vds.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Eight threads sharing one Dataset get exact answers: readers hold no shared mutable state. */
class ConcurrentReadTest {
    @ParameterizedTest
    @ValueSource(strings = {"/fixed_gzip", "/extensible_gzip", "/btree2_gzip", "/contiguous", "/implicit"})
    void eightThreadsReadOneDatasetExactly(String path) throws Exception {
        Fixtures.DatasetCase c = Fixtures.dataset("layouts_latest.h5", path);
        NdArray expected = c.expectedArray();
        try (H5File f = H5File.open(c.filePath())) {
            Dataset d = f.dataset(path);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int seed = t;
                    results.add(pool.submit(() -> {
                        Random rnd = new Random(seed);
                        int checked = 0;
                        for (int i = 0; i < 200; i++) {
                            String index = NumpyReference.randomIndex(expected.shape(), rnd);
                            NdArray got = d.read(index);
                            if (!got.equals(NumpyReference.select(expected, index))) {
                                throw new AssertionError("thread " + seed + " read " + path + "[" + index + "] wrong");
                            }
                            checked++;
                        }
                        return checked;
                    }));
                }
                for (Future<Integer> r : results) assertThat(r.get()).isEqualTo(200);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
