package org.h5vds.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.api.CreateMode;
import org.h5vds.api.Dataset;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.Index;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;
import org.h5vds.api.RemoteOptions;
import org.h5vds.api.Shape;

/**
 * {@code h5vds write FILE DATASET --from-npy IN [--chunks a,b,..] [--compression ...] [--shuffle]
 * [--fletcher32] [--overwrite | --append]}: a dataset copied from a .npy file, into a new HDF5 file
 * or added to an existing one; or rows appended to an existing dataset.
 */
final class WriteCommand implements Command {
    static final CommandSpec SPEC = new CommandSpec("write",
            "Write a NumPy .npy array as a dataset (groups on the dataset's path are made). When FILE exists the dataset is "
                    + "added to it in place, as h5py's mode 'a' adds it; otherwise a new file is made, which appears only once complete.",
            "The .npy dtype and byte order are kept. Storage is contiguous unless --chunks, --compression, --shuffle or "
                    + "--fletcher32 is given (then chunked; without --chunks the chunk shape is guessed as h5py guesses it).",
            "A dataset that exists already is refused unless --overwrite (which replaces that dataset only) or --append "
                    + "(which adds the array's rows along axis 0 of a chunked dataset with an unlimited first axis). A failed "
                    + "write leaves an existing file as it was.")
            .positional("FILE", "the HDF5 file to create or add to: a path, or s3://bucket/key (created only, uploaded when complete)")
            .positional("DATASET", "the dataset's path in it, e.g. entry/data")
            .options(RemoteFlags.OPTIONS)
            .option(OptionSpec.value("--from-npy", "IN", Converters.PATH, "the .npy file holding the array").required())
            .options(StorageOptions.OPTIONS)
            .option(OptionSpec.flag("--overwrite", "replace DATASET if FILE has it already (only that dataset)"))
            .option(OptionSpec.flag("--append", "append the array's rows along axis 0 of DATASET, which must exist, be chunked and have "
                    + "an unlimited first axis; the other axes must match (an array of one frame, without axis 0, adds one row)"));

    /** Rows are copied in slabs of about this many bytes, so arrays larger than memory stream through. */
    private static final long SLAB_BYTES = 16L << 20;
    /** Writes at least this large show a progress bar (on a terminal). */
    private static final long PROGRESS_BYTES = 64L << 20;

    private String file;
    private String dataset;
    private Path npy;
    private StorageOptions storage;

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(Arguments args, PrintWriter out, PrintWriter err) {
        file = args.get("FILE");
        dataset = args.get("DATASET");
        RemoteFlags remote = new RemoteFlags(args);
        npy = args.get("--from-npy");
        storage = new StorageOptions(args);
        boolean overwrite = args.flag("--overwrite");
        boolean append = args.flag("--append");
        if (overwrite && append) throw new IllegalArgumentException("--overwrite and --append exclude each other");
        boolean isRemote = RemoteOptions.isRemote(file);
        boolean exists = !isRemote && Files.exists(Path.of(file));
        if (append && !exists) {
            throw new IllegalArgumentException(file + ": " + (isRemote ? "not a local file" : "no such file")
                    + "; --append adds rows to a dataset of an existing local file");
        }
        DatasetOptions options = options();
        String name = normalise(dataset);
        try (Npy.Reader in = Npy.open(npy)) {
            H5File f = exists ? H5File.open(Path.of(file), H5File.Mode.READ_WRITE)
                    : H5File.create(file, overwrite ? CreateMode.TRUNCATE : CreateMode.EXCLUSIVE, remote.options());
            Notices.staleTemporariesRemoved(err, file, f.removedTemporaryFiles());
            String done;
            try {
                if (append) {
                    Dataset d = f.dataset(dataset);
                    long before = d.shape().get(0);
                    copy(in, d, true);
                    done = "appended " + (d.shape().get(0) - before) + " rows to " + file + ":" + name + ", now " + d.shape();
                } else {
                    if (exists && f.contains(dataset)) {
                        if (!overwrite) {
                            throw new IllegalArgumentException(file + ":" + name + " already exists; pass --overwrite to replace that dataset, "
                                    + "or --append to add rows to it");
                        }
                        f.delete(dataset);
                    }
                    Dataset d = f.createDataset(dataset, in.dtype(), Shape.of(in.shape()), options);
                    copy(in, d, false);
                    done = "wrote " + file + ":" + name + " " + in.dtype() + " " + Shape.of(in.shape()) + describe(options);
                }
                f.close();
            } catch (RuntimeException | Error e) {
                f.discard();
                throw e;
            }
            out.println(done);
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

    /** Copies the array in slabs of rows (appended when {@code append}), with a progress bar for long copies on a terminal. */
    private void copy(Npy.Reader in, Dataset d, boolean append) {
        long[] shape = in.shape();
        if (shape.length == 0 || in.dataBytes() == 0 || (append && shape.length < d.rank())) {
            if (in.dataBytes() > 0 || append) {
                NdArray all = Npy.read(npy);
                if (append) d.append(all);
                else d.write(all);
            }
            return;
        }
        long rowsPerSlab = Math.max(1, SLAB_BYTES / Math.max(1, in.rowBytes()));
        try (Progress progress = Progress.of((append ? "append " : "write ") + normalise(dataset), in.dataBytes() >> 20, " MiB",
                in.dataBytes() >= PROGRESS_BYTES)) {
            for (long first = 0; first < shape[0]; first += rowsPerSlab) {
                long n = Math.min(rowsPerSlab, shape[0] - first);
                NdArray slab = in.rows(first, n);
                if (append) d.append(slab);
                else d.write(Index.of(Index.slice(first, first + n)), slab);
                progress.stepTo(((first + n) * in.rowBytes()) >> 20);
            }
        }
    }
}
