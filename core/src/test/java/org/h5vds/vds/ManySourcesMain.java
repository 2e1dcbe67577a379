package org.h5vds.vds;

import java.nio.file.Path;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.ReadOptions;

/**
 * Run by SourceFilePoolTest in a child JVM under {@code ulimit -n}: reads every element of a
 * virtual dataset whose row k comes from file k ({@code k * 1000 + column}) with the default
 * options, twice, and prints "ok" when every value is right.
 */
public final class ManySourcesMain {
    private ManySourcesMain() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        try (H5File f = H5File.open(file, ReadOptions.defaults())) {
            Dataset v = f.dataset("v");
            for (int pass = 0; pass < 2; pass++) {
                int[] values = v.read().toIntArray();
                long cols = v.shape().get(1);
                for (int k = 0; k < values.length; k++) {
                    long want = (k / cols) * 1000 + k % cols;
                    if (values[k] != want) {
                        System.out.println("wrong value at " + k + ": " + values[k] + " instead of " + want);
                        System.exit(1);
                    }
                }
                int[] row = v.read("1234").toIntArray();
                if (row[3] != 1234 * 1000 + 3) {
                    System.out.println("wrong row 1234: " + row[3]);
                    System.exit(1);
                }
            }
            System.out.println("ok " + v.shape());
        }
    }
}
