package org.h5vds.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.h5vds.api.CreateMode;
import org.h5vds.api.Dataset;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.Index;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;
import org.h5vds.api.RemoteOptions;
import org.h5vds.api.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code h5vds write FILE DATASET --from-npy IN [--chunks a,b,..] [--compression ...] [--shuffle]
 * [--fletcher32] [--overwrite]}: a new HDF5 file holding one dataset copied from a .npy file.
 */
@Command(name = "write", mixinStandardHelpOptions = true, description = {
        "Write a NumPy .npy array as a dataset of a new HDF5 file (groups on the dataset's path are made).",
        "The .npy dtype and byte order are kept. Storage is contiguous unless --chunks, --compression, --shuffle or "
                + "--fletcher32 is given (then chunked; without --chunks the chunk shape is guessed as h5py guesses it).",
        "h5vds writes new files only; it does not modify existing HDF5 files. If FILE exists the command fails "
                + "unless --overwrite is given, and then FILE is replaced atomically once the new file is complete."})
final class WriteCommand implements Callable<Integer> {
    /** Rows are copied in slabs of about this many bytes, so arrays larger than memory stream through. */
    private static final long SLAB_BYTES = 16L << 20;
    /** Writes at least this large show a progress bar (on a terminal). */
    private static final long PROGRESS_BYTES = 64L << 20;

    @Parameters(index = "0", paramLabel = "FILE", description = "the HDF5 file to create: a path, or s3://bucket/key (uploaded when complete)")
    String file;

    @Mixin
    RemoteFlags remote;

    @Parameters(index = "1", paramLabel = "DATASET", description = "the dataset's path in it, e.g. entry/data")
    String dataset;

    @Option(names = "--from-npy", paramLabel = "IN", required = true, description = "the .npy file holding the array")
    Path npy;

    @Mixin
    StorageOptions storage;

    @Option(names = "--overwrite", description = "replace FILE if it exists (atomically, once the new file is complete)")
    boolean overwrite;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!overwrite && !RemoteOptions.isRemote(file) && Files.exists(Path.of(file))) {
            throw new IllegalArgumentException(file + ": already exists; h5vds write creates new files only (it does not modify "
                    + "existing HDF5 files): pass --overwrite to replace it");
        }
        DatasetOptions options = options();
        try (Npy.Reader in = Npy.open(npy)) {
            H5File f = H5File.create(file, overwrite ? CreateMode.TRUNCATE : CreateMode.EXCLUSIVE, remote.options());
            Notices.staleTemporariesRemoved(spec.commandLine().getErr(), file, f.removedTemporaryFiles());
            try {
                Dataset d = f.createDataset(dataset, in.dtype(), Shape.of(in.shape()), options);
                copy(in, d);
                f.close();
            } catch (RuntimeException | Error e) {
                f.discard();
                throw e;
            }
            spec.commandLine().getOut().println("wrote " + file + ":" + normalise(dataset) + " " + in.dtype() + " " + Shape.of(in.shape())
                    + describe(options));
        }
        return 0;
    }

    private static String normalise(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    private DatasetOptions options() {
        DatasetOptions o = storage.chunks != null ? DatasetOptions.chunked(storage.chunks)
                : storage.filtersGiven() ? DatasetOptions.defaults() : DatasetOptions.contiguous();
        return storage.withFilters(o);
    }

    static DatasetOptions compression(DatasetOptions o, String text) {
        try {
            return o.compression(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage(), e);
        }
    }

    private static String describe(DatasetOptions o) {
        StringBuilder sb = new StringBuilder();
        if (o.chunks() != null) sb.append(", chunks ").append(Shape.of(o.chunks()));
        if (!o.filters().isEmpty()) sb.append(", filters ").append(o.filters().stream().map(f -> String.valueOf(f.id())).toList());
        return sb.toString();
    }

    /** Copies the array in slabs of rows, with a progress bar for long copies on a terminal. */
    private void copy(Npy.Reader in, Dataset d) {
        long[] shape = in.shape();
        if (shape.length == 0 || in.dataBytes() == 0) {
            if (in.dataBytes() > 0) d.write(Npy.read(npy));
            return;
        }
        long rowsPerSlab = Math.max(1, SLAB_BYTES / Math.max(1, in.rowBytes()));
        try (Progress progress = Progress.of("write " + normalise(dataset), in.dataBytes() >> 20, " MiB", in.dataBytes() >= PROGRESS_BYTES)) {
            for (long first = 0; first < shape[0]; first += rowsPerSlab) {
                long n = Math.min(rowsPerSlab, shape[0] - first);
                NdArray slab = in.rows(first, n);
                d.write(Index.of(Index.slice(first, first + n)), slab);
                progress.stepTo(((first + n) * in.rowBytes()) >> 20);
            }
        }
    }
}
