package org.h5vds.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
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
 * h5py's {@code dual_pco_edge.py}: two PCO Edge cameras look at the two halves of a scene; their
 * frames are stacked one above the other with a 10-row gap, read as the fill value 1.
 *
 * <p>h5py's script does not run as written: it sizes the layout with {@code in_sh[3]} (an
 * IndexError for the 3-D camera data) and puts the gap on axis 0 (frames) instead of the rows, so
 * even with {@code in_sh[2]} libhdf5 refuses its second mapping (selections of different sizes;
 * checked with h5py 3.7 / libhdf5 1.10.8). This
 * port builds what the use case (and the script's comments) intend: frames × (2 × rows + gap) ×
 * columns, camera 1 in rows [0, rows), camera 2 in rows [rows + gap, 2 × rows + gap).
 */
public final class DualPcoEdge implements Example {
    static final int FRAMES = 5, ROWS = 216, COLUMNS = 256; // a PCO Edge frame (2160 × 2560) scaled by 1/10

    @Override
    public String name() {
        return "dual_pco_edge";
    }

    @Override
    public String description() {
        return "two cameras' frames stacked with a 10-row gap between them (fill value 1)";
    }

    @Override
    public Result run(Path dir, PrintWriter out) {
        Path raw1 = dir.resolve("raw_file_1.h5"), raw2 = dir.resolve("raw_file_2.h5");
        writeCamera(raw1, 100);
        writeCamera(raw2, 200);

        Shape inSh;
        DType dtype;
        try (H5File f = H5File.open(raw1)) {
            Dataset d = f.dataset("data");
            inSh = d.shape();  // the input shape
            dtype = d.dtype(); // the datatype
        }
        int gap = 10;

        // sources represent the input datasets
        VirtualSource vsource1 = new VirtualSource("raw_file_1.h5", "data", inSh);
        VirtualSource vsource2 = new VirtualSource("raw_file_2.h5", "data", inSh);
        // the layout is where we place them in the virtual dataset
        long rows = inSh.get(1);
        VirtualLayout layout = new VirtualLayout(Shape.of(inSh.get(0), 2 * rows + gap, inSh.get(2)), dtype);
        layout.set(":, 0:" + rows + ", :", vsource1);
        layout.set(":, " + (rows + gap) + ":" + (2 * rows + gap) + ", :", vsource2);

        // create an output file
        Path outfile = dir.resolve("outfile.h5");
        try (H5File f = H5File.create(outfile)) {
            f.createVirtualDataset("data", layout, 0x1);
        }
        out.println("wrote raw_file_1.h5, raw_file_2.h5 and " + outfile.getFileName() + " (/data, shape "
                + Shape.of(inSh.get(0), 2 * rows + gap, inSh.get(2)) + ")");
        return new Result(outfile, "data", List.of(raw1, raw2), "0, 210:232:3, 0");
    }

    /** One camera's frames: frame k filled with base + k. */
    static void writeCamera(Path file, int base) {
        try (H5File f = H5File.create(file)) {
            Dataset d = f.createDataset("data", DType.UINT16, Shape.of(FRAMES, ROWS, COLUMNS), DatasetOptions.chunked(1, ROWS, COLUMNS));
            for (int k = 0; k < FRAMES; k++) d.write(String.valueOf(k), NdArray.full(DType.UINT16, base + k, ROWS, COLUMNS));
        }
    }
}
