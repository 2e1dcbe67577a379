package org.h5vds.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;
import org.h5vds.api.VirtualLayout;
import org.h5vds.api.VirtualSource;

/**
 * h5py's {@code eiger_use_case.py}: an Eiger detector writes its acquisition as a series of files
 * of frames; the virtual dataset concatenates them along the frame axis as float64.
 *
 * <p>The sources have h5py's shapes and dtype: five files of 7 frames of 120×130 random integers
 * below 2<sup>16</sup>, stored as int64 (NumPy's default integer, which h5py's script writes). One
 * deliberate difference: h5py stores them contiguous and uncompressed, we store them as Eiger
 * detectors write their frames, bitshuffle+LZ4, one frame per chunk, so the example also shows a
 * virtual dataset reading compressed sources. The random numbers are seeded so that runs repeat.
 */
public final class EigerUseCase implements Example {
    static final int FRAMES_PER_FILE = 7, ROWS = 120, COLUMNS = 130;

    @Override
    public String name() {
        return "eiger_use_case";
    }

    @Override
    public String description() {
        return "five files of 7 frames (bitshuffle+LZ4) concatenated along the frame axis as float64";
    }

    @Override
    public Result run(Path dir, PrintWriter out) {
        List<String> files = List.of("1.h5", "2.h5", "3.h5", "4.h5", "5.h5");
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path p = dir.resolve(files.get(i));
            writeSeries(p, i + 1);
            written.add(p);
        }
        String entryKey = "data"; // where the data is inside of the source files
        Shape sh;
        try (H5File f = H5File.open(written.get(0))) {
            sh = f.dataset(entryKey).shape(); // the first one's shape
        }

        VirtualLayout layout = new VirtualLayout(Shape.of(files.size() * sh.get(0), sh.get(1), sh.get(2)), DType.FLOAT64);
        long mStart = 0;
        for (String filename : files) {
            long mEnd = mStart + sh.get(0);
            VirtualSource vsource = new VirtualSource(filename, entryKey, sh);
            layout.set(mStart + ":" + mEnd + ":1, :, :", vsource);
            mStart = mEnd;
        }

        Path vds = dir.resolve("eiger_vds.h5");
        try (H5File f = H5File.create(vds)) {
            f.createVirtualDataset("data", layout, 0);
        }
        out.println("wrote 5 files of " + FRAMES_PER_FILE + " random int64 frames of " + ROWS + "x" + COLUMNS
                + " (bitshuffle+LZ4) and " + vds.getFileName() + " (/data, shape " + layout.shape() + ", float64)");
        return new Result(vds, "data", written, "::7, 0, :5"); // the first pixels of each file's first frame
    }

    /** One file of the series: random integers in [0, 2^16) as int64, seeded by the file's number. */
    static void writeSeries(Path file, int seed) {
        Random random = new Random(seed);
        long[] frame = new long[ROWS * COLUMNS];
        try (H5File f = H5File.create(file)) {
            Dataset d = f.createDataset("data", DType.INT64, Shape.of(FRAMES_PER_FILE, ROWS, COLUMNS),
                    DatasetOptions.chunked(1, ROWS, COLUMNS).bitshuffleLz4());
            for (int k = 0; k < FRAMES_PER_FILE; k++) {
                for (int p = 0; p < frame.length; p++) frame[p] = random.nextInt(1 << 16);
                d.write(String.valueOf(k), NdArray.of(frame, ROWS, COLUMNS));
            }
        }
    }
}
