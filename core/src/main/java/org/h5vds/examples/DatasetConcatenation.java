package org.h5vds.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.h5vds.api.DType;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;
import org.h5vds.api.VirtualLayout;
import org.h5vds.api.VirtualSource;

/**
 * h5py's {@code dataset_concatenation.py}: five files of random 5×10×20 integers stacked along a
 * new first axis into one float64 virtual dataset (the VDS converts the int32 sources).
 */
public final class DatasetConcatenation implements Example {
    @Override
    public String name() {
        return "dataset_concatenation";
    }

    @Override
    public String description() {
        return "five random int32 files of 5x10x20 stacked on a new axis into a float64 virtual dataset";
    }

    @Override
    public Result run(Path dir, PrintWriter out) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 5; i++) files.add(createRandomFile(dir, i));
        Path vds = concatenate(dir, files);
        out.println("wrote " + files.size() + " random files myfile_0..4 and " + vds.getFileName() + " (/data)");
        return new Result(vds, "data", files, ":, 0, 0, :5");
    }

    /** Stacks the 'data' datasets of the files along a new axis 0, as h5py's concatenate() does. */
    static Path concatenate(Path dir, List<Path> fileNamesToConcatenate) {
        String entryKey = "data"; // where the data is inside of the source files
        Shape sh;
        try (H5File f = H5File.open(fileNamesToConcatenate.get(0))) {
            sh = f.dataset(entryKey).shape(); // the first one's shape
        }
        long[] shape = new long[sh.rank() + 1];
        shape[0] = fileNamesToConcatenate.size();
        System.arraycopy(sh.toArray(), 0, shape, 1, sh.rank());
        VirtualLayout layout = new VirtualLayout(Shape.of(shape), DType.FLOAT64);
        Path vds = dir.resolve("VDS.h5");
        try (H5File f = H5File.create(vds)) {
            for (int i = 0; i < fileNamesToConcatenate.size(); i++) {
                // h5py stores the file names as given: here absolute paths, as tempfile.mkdtemp() gives
                VirtualSource vsource = new VirtualSource(fileNamesToConcatenate.get(i).toString(), entryKey, sh);
                layout.set(i + ", :, :, :", vsource);
            }
            f.createVirtualDataset(entryKey, layout, 0);
        }
        return vds;
    }

    /** One file 'myfile_INDEX' with random integers 0..99 of shape (5, 10, 20). */
    static Path createRandomFile(Path folder, int index) {
        Path name = folder.resolve("myfile_" + index);
        Random random = new Random(index); // seeded so that runs and tests repeat
        int[] data = new int[5 * 10 * 20];
        for (int k = 0; k < data.length; k++) data[k] = random.nextInt(100);
        try (H5File f = H5File.create(name)) {
            f.createDataset("data", NdArray.of(data, 5, 10, 20));
        }
        return name.toAbsolutePath();
    }
}
