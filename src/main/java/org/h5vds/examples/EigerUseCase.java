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
 * h5py's {@code eiger_use_case.py}: an Eiger detector writes its acquisition as a series of files
 * of frames; the virtual dataset concatenates them along the frame axis as float64. The sources are
 * what Eiger detectors write: uint16 frames compressed with bitshuffle+LZ4, one frame per chunk.
 */
public final class EigerUseCase implements Example {
    static final int FRAMES_PER_FILE = 10, SIDE = 256;

    @Override
    public String name() {
        return "eiger_use_case";
    }

    @Override
    public String description() {
        return "five files of bitshuffle+LZ4 frames concatenated along the frame axis as float64";
    }

    @Override
    public Result run(Path dir, PrintWriter out) {
        List<String> files = List.of("1.h5", "2.h5", "3.h5", "4.h5", "5.h5");
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path p = dir.resolve(files.get(i));
            writeSeries(p, i * FRAMES_PER_FILE);
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
        out.println("wrote 5 series of " + FRAMES_PER_FILE + " frames (bitshuffle+LZ4) and " + vds.getFileName() + " (/data, float64)");
        return new Result(vds, "data", written, "::7, 128, 128");
    }

    /** Frames numbered from {@code first}: frame j holds j everywhere plus a small ramp along x. */
    static void writeSeries(Path file, int first) {
        try (H5File f = H5File.create(file)) {
            Dataset d = f.createDataset("data", DType.UINT16, Shape.of(FRAMES_PER_FILE, SIDE, SIDE),
                    DatasetOptions.chunked(1, SIDE, SIDE).bitshuffleLz4());
            short[] frame = new short[SIDE * SIDE];
            for (int k = 0; k < FRAMES_PER_FILE; k++) {
                for (int y = 0; y < SIDE; y++) {
                    for (int x = 0; x < SIDE; x++) frame[y * SIDE + x] = (short) (first + k + (x % 4));
                }
                d.write(String.valueOf(k), NdArray.ofUnsigned(frame, SIDE, SIDE));
            }
        }
    }
}
