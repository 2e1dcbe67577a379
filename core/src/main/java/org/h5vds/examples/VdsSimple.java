package org.h5vds.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.api.DType;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;
import org.h5vds.api.VirtualLayout;
import org.h5vds.api.VirtualSource;

/**
 * h5py's {@code vds_simple.py}: four source files, each with a 1-D dataset of 100 numbers, exposed
 * as one 4×100 virtual dataset.
 */
public final class VdsSimple implements Example {
    @Override
    public String name() {
        return "vds_simple";
    }

    @Override
    public String description() {
        return "four 1-D sources of 100 numbers stacked into one 4x100 virtual dataset";
    }

    @Override
    public Result run(Path dir, PrintWriter out) {
        // create some sample data: row n holds 0..99 plus n + 1
        int[] data = new int[4 * 100];
        for (int n = 0; n < 4; n++) {
            for (int i = 0; i < 100; i++) data[n * 100 + i] = i + n + 1;
        }

        // create source files (0.h5 to 3.h5)
        List<Path> sources = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            Path file = dir.resolve(n + ".h5");
            try (H5File f = H5File.create(file)) {
                int[] row = java.util.Arrays.copyOfRange(data, n * 100, (n + 1) * 100);
                f.createDataset("data", NdArray.of(row, 100));
            }
            sources.add(file);
        }

        // assemble the virtual dataset
        VirtualLayout layout = new VirtualLayout(Shape.of(4, 100), DType.INT32);
        for (int n = 0; n < 4; n++) {
            String filename = n + ".h5";
            VirtualSource vsource = new VirtualSource(filename, "data", Shape.of(100));
            layout.set(String.valueOf(n), vsource);
        }

        // add the virtual dataset to the output file, next to a normal dataset of the same data
        Path vds = dir.resolve("VDS.h5");
        try (H5File f = H5File.create(vds)) {
            f.createVirtualDataset("vdata", layout, -5);
            f.createDataset("data", NdArray.of(data, 4, 100));
        }
        out.println("wrote " + sources.size() + " sources and " + vds.getFileName() + " (virtual dataset /vdata, normal dataset /data)");
        return new Result(vds, "vdata", sources, ":, :10");
    }
}
