package org.h5vds.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;
import org.h5vds.api.VirtualLayout;
import org.h5vds.api.VirtualSource;

/**
 * h5py's {@code percival_use_case.py}: the Percival frame builder writes frames round-robin to four
 * files (file k holds frames k, k+4, k+8, ...); the virtual dataset interleaves them back into one
 * time series of 799 frames with strided mappings. The full use case has 2000×2000 frames (6.4 GB
 * of sources); by default the frames are 40×40, with {@code fullSize} 2000×2000.
 */
public final class PercivalUseCase implements Example {
    private final int side;

    public PercivalUseCase(boolean fullSize) {
        this.side = fullSize ? 2000 : 40;
    }

    @Override
    public String name() {
        return "percival_use_case";
    }

    @Override
    public String description() {
        return "four round-robin files interleaved back into one time series of 799 frames (strided mappings)";
    }

    @Override
    public Result run(Path dir, PrintWriter out) {
        int[] frames = {200, 200, 200, 199};
        List<Path> raw = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            Path p = dir.resolve("raw_file_" + (k + 1) + ".h5");
            writeRoundRobin(p, k, frames[k]);
            raw.add(p);
        }
        String inKey = "data"; // where is the data at the input?
        DType dtype;
        try (H5File f = H5File.open(raw.get(0))) {
            dtype = f.dataset("data").dtype();
        }
        Shape outshape = Shape.of(799, side, side);

        // the virtual layout is a representation of the output dataset
        VirtualLayout layout = new VirtualLayout(outshape, dtype);

        // sources represent the input datasets
        VirtualSource vsource1 = new VirtualSource("raw_file_1.h5", "data", Shape.of(200, side, side));
        VirtualSource vsource2 = new VirtualSource("raw_file_2.h5", "data", Shape.of(200, side, side));
        VirtualSource vsource3 = new VirtualSource("raw_file_3.h5", "data", Shape.of(200, side, side));
        VirtualSource vsource4 = new VirtualSource("raw_file_4.h5", "data", Shape.of(199, side, side));

        // map the inputs into the virtual dataset
        layout.set("0:799:4, :, :", vsource1);
        layout.set("1:799:4, :, :", vsource2);
        layout.set("2:799:4, :, :", vsource3);
        layout.set("3:799:4, :, :", vsource4);

        // create an output file
        Path vds = dir.resolve("full_time_series.h5");
        try (H5File f = H5File.create(vds)) {
            f.createVirtualDataset(inKey, layout, 0x1);
        }
        out.println("wrote 4 round-robin files of " + side + "x" + side + " frames and " + vds.getFileName() + " (/data, shape " + outshape + ")");
        return new Result(vds, inKey, raw, ":10, 0, 0");
    }

    /** File k of the round robin: its frame i is frame 4i + k of the series, filled with that number. */
    void writeRoundRobin(Path file, int k, int frames) {
        try (H5File f = H5File.create(file)) {
            Dataset d = f.createDataset("data", DType.UINT16, Shape.of(frames, side, side), DatasetOptions.chunked(1, side, side));
            for (int i = 0; i < frames; i++) d.write(String.valueOf(i), NdArray.full(DType.UINT16, 4 * i + k, side, side));
        }
    }
}
