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
 * h5py's {@code excalibur_detector_modules.py}: the Excalibur detector writes each of its six
 * stripes (256 rows of 8 chips × 256 pixels) to its own file; a virtual dataset stitches them into
 * full frames with a 10-pixel vertical gap between stripes, read as the fill value 1. The sources
 * are written as h5py's test writes them (uint16, one frame per chunk), deflate-compressed.
 */
public final class ExcaliburDetectorModules implements Example {
    static final int FRAMES = 5;
    static final int STRIPE_ROWS = 256;   // pixels per chip (y) × chips per stripe (y)
    static final int STRIPE_COLUMNS = 2048; // pixels per chip (x) × chips per stripe (x)

    @Override
    public String name() {
        return "excalibur_detector_modules";
    }

    @Override
    public String description() {
        return "six detector stripes stitched into full frames with 10-row gaps (fill value 1)";
    }

    @Override
    public Result run(Path dir, PrintWriter out) {
        List<Path> rawFiles = new ArrayList<>();
        for (int stripe = 1; stripe <= 6; stripe++) {
            Path file = dir.resolve("stripe_" + stripe + ".h5");
            writeStripe(file, stripe - 1);
            rawFiles.add(file);
        }
        String inKey = "data"; // where is the data at the input?
        Path outfile = dir.resolve("full_detector.h5");
        String outKey = "full_frame";

        Shape inSh;
        DType dtype;
        try (H5File f = H5File.open(rawFiles.get(0))) {
            Dataset d = f.dataset(inKey);
            inSh = d.shape();   // the input shape
            dtype = d.dtype();  // the datatype
        }

        // now generate the output shape
        int verticalGap = 10; // pixel spacing in the vertical
        int nfiles = rawFiles.size();
        long nframes = inSh.get(0);
        long width = inSh.get(2);
        long height = inSh.get(1) * nfiles + (long) verticalGap * (nfiles - 1);
        Shape outSh = Shape.of(nframes, height, width);

        // the virtual layout is a representation of the output dataset
        VirtualLayout layout = new VirtualLayout(outSh, dtype);
        long offset = 0; // initial offset
        for (int i = 0; i < nfiles; i++) {
            out.println("frame_number is: " + i); // for feedback, as h5py's example prints
            VirtualSource vsource = new VirtualSource(rawFiles.get(i).getFileName().toString(), inKey, inSh);
            layout.set(":, " + offset + ":" + (offset + inSh.get(1)) + ", :", vsource);
            offset += inSh.get(1) + verticalGap; // increment the offset
        }

        try (H5File f = H5File.create(outfile)) {
            f.createVirtualDataset(outKey, layout, 0x1);
        }
        out.println("wrote 6 stripes and " + outfile.getFileName() + " (/" + outKey + ", shape " + outSh + ")");
        return new Result(outfile, outKey, rawFiles, "3, 250:270:2, 0");
    }

    /** A stripe file as h5py's test writes it: frame k of stripe s is filled with k × s. */
    static void writeStripe(Path file, int scale) {
        try (H5File f = H5File.create(file)) {
            Dataset d = f.createDataset("data", DType.UINT16, Shape.of(FRAMES, STRIPE_ROWS, STRIPE_COLUMNS),
                    DatasetOptions.chunked(1, STRIPE_ROWS, STRIPE_COLUMNS).deflate(4));
            for (int k = 0; k < FRAMES; k++) {
                d.write(String.valueOf(k), NdArray.full(DType.UINT16, k * scale, STRIPE_ROWS, STRIPE_COLUMNS));
            }
        }
    }
}
