package org.h5vds.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.Index;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;

/**
 * {@code h5vds read FILE DATASET [--select EXPR] [--npy OUT | --json] [--view first-missing|last-available] [--printf-gap N] [--prefix DIR]},
 * and {@code --follow [--npy-dir D]}: the rows of a dataset a SWMR writer is growing, as they come ({@link Follower}).
 */
final class ReadCommand implements Command {
    static final CommandSpec SPEC = new CommandSpec("read",
            "Read a dataset or a selection of it, of any type; print it as NumPy prints it, write it as a NumPy .npy file, or print it as JSON.",
            "--npy holds every type .npy stores without pickling (numbers, bool, complex, long double, 'S' strings, structured "
                    + "with nested and subarray fields, enumerations as their base integers, opaque as 'V'); variable-length strings "
                    + "and sequences and references need --json.",
            "--json writes nested lists along the shape: compounds as objects, strings as strings (non-UTF-8 bytes as \\xNN), "
                    + "enumerations as their names, references as the path they point to, NaN and infinities as \"nan\", \"inf\", \"-inf\".",
            "--follow prints the rows of a dataset a SWMR writer is growing as they come (like tail -f).")
            .positional("FILE", null)
            .positional("DATASET", null)
            .options(RemoteFlags.OPTIONS)
            .option(OptionSpec.value("--select", "EXPR", Converters.TEXT, "a NumPy basic index, e.g. '1:3, ::2' or '-1, ...' (default: everything)"))
            .option(OptionSpec.value("--npy", "OUT", Converters.PATH, "write the values to a .npy file (dtype and byte order as stored)"))
            .option(OptionSpec.flag("--overwrite", "replace OUT if it exists (once the new file is complete)"))
            .option(OptionSpec.flag("--json", "print the values as JSON"))
            .option(OptionSpec.flag("--follow", "like tail -f: print the rows (along axis 0) already there, then each new batch as a SWMR writer "
                    + "adds it, every row once and in order; ends when the writer closes the file (for a virtual dataset: when the SWMR writers "
                    + "of its sources have all closed them), or on Ctrl-C. A virtual dataset is followed in the first-missing view unless --view says otherwise"))
            .option(OptionSpec.value("--npy-dir", "D", Converters.PATH, "with --follow: write each batch to D/<start>-<stop>.npy instead of printing it"))
            .option(OptionSpec.value("--interval", "MS", Converters.LONG, "with --follow: milliseconds between looks at the file (default 100)")
                    .defaultValue("100"))
            .options(SourceLookupOptions.OPTIONS);

    /** Rows are read and written in slabs of about this many bytes. */
    static final long SLAB_BYTES = 64L << 20;
    /** Reads at least this large show a progress bar on a terminal. */
    static final long PROGRESS_BYTES = 256L << 20;

    private String file;
    private String dataset;
    private RemoteFlags remote;
    private String select;
    private Path npy;
    private boolean overwrite;
    private boolean json;
    private boolean follow;
    private Path npyDir;
    private long intervalMs;
    private SourceLookupOptions sources;
    private PrintWriter out;
    private PrintWriter err;

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(Arguments args, PrintWriter out, PrintWriter err) throws java.io.IOException {
        file = args.get("FILE");
        dataset = args.get("DATASET");
        remote = new RemoteFlags(args);
        select = args.get("--select");
        npy = args.get("--npy");
        overwrite = args.flag("--overwrite");
        json = args.flag("--json");
        follow = args.flag("--follow");
        npyDir = args.get("--npy-dir");
        intervalMs = args.<Long>get("--interval");
        sources = new SourceLookupOptions(args);
        this.out = out;
        this.err = err;
        if (npy != null && json) throw new IllegalArgumentException("--npy and --json: choose one");
        if (follow || npyDir != null) return follow();
        if (npy != null) Notices.requireNew(npy, overwrite, "--npy");
        try (H5File f = H5File.open(file, remote.apply(sources.readOptions()))) {
            Dataset d = f.dataset(dataset);
            if (d.isNull()) {
                empty(d);
                return 0;
            }
            Index index;
            try {
                index = select == null ? Index.ALL : Index.parse(select);
                d.shapeOf(index);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                // the selection checked against the shape before anything is read or written, named with the file and dataset
                throw new IllegalArgumentException(file + ": " + d.path() + ": --select '" + select + "': " + e.getMessage(), e);
            }
            if (npy != null) {
                String why = Npy.unsupported(d.dtype().kind() == DType.Kind.ARRAY ? d.dtype().base() : d.dtype());
                if (why != null) throw new IllegalArgumentException(file + ": " + d.path() + ": " + why + "; use --json");
                save(d, index);
            } else if (json) {
                json(d, index);
            } else {
                out.println(d.read(index));
            }
        }
        return 0;
    }

    /**
     * A dataset with a null dataspace, as h5py reads it whole ({@code Empty(dtype=...)}; JSON null);
     * h5py refuses any other selection of it, and .npy has no form for it.
     */
    private void empty(Dataset d) {
        if (select != null && !selectsAll(d, select)) {
            throw new IllegalArgumentException(file + ": " + d.path() + ": --select '" + select + "': the dataset has a null dataspace "
                    + "(h5py's Empty), which cannot be sliced");
        }
        if (npy != null) throw new IllegalArgumentException(file + ": " + d.path() + ": the dataset has a null dataspace (h5py's Empty): "
                + "no array to write as .npy; use --json (null) or no option");
        if (json) {
            out.println("null");
            return;
        }
        DType t = d.dtype();
        out.println("Empty(dtype=dtype(" + (t.kind() == DType.Kind.COMPOUND ? t.numpy() : "'" + t.numpy().replace("|", "") + "'") + "))");
    }

    private boolean selectsAll(Dataset d, String select) {
        try {
            return Index.parse(select).selectsAll();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + d.path() + ": --select '" + select + "': " + e.getMessage(), e);
        }
    }

    private int follow() {
        if (!follow) throw new IllegalArgumentException("--npy-dir goes with --follow");
        if (select != null || npy != null) throw new IllegalArgumentException("--follow reads whole rows as they come; it takes neither --select nor --npy (use --npy-dir)");
        if (intervalMs < 1) throw new IllegalArgumentException("--interval must be at least 1 ms, got " + intervalMs);
        var options = remote.apply(sources.readOptions());
        if (sources.view == null) options = options.virtualView(org.h5vds.api.VirtualView.FIRST_MISSING);
        try (H5File f = H5File.open(file, options)) {
            Dataset d = f.dataset(dataset);
            if (d.isScalar() || d.isNull()) throw new IllegalArgumentException(file + ": " + d.path() + ": has no axis 0 to follow");
            return new Follower(d, out, npyDir, intervalMs).run();
        }
    }

    /**
     * Streams the selection to the .npy file in slabs of rows, so that any size fits in memory,
     * with a progress bar for large reads on a terminal.
     */
    private void save(Dataset d, Index index) {
        long[] shape = d.shapeOf(index).toArray();
        if (shape.length == 0 || shape[0] == 0) {
            Npy.write(npy, d.read(index));
            return;
        }
        DType element = d.dtype();
        if (element.kind() == DType.Kind.ARRAY) {
            // a subarray type's dimensions become axes of the array, as h5py reads it
            long[] dims = element.dims();
            long[] all = java.util.Arrays.copyOf(shape, shape.length + dims.length);
            System.arraycopy(dims, 0, all, shape.length, dims.length);
            shape = all;
            element = element.base();
        }
        long rowBytes = element.size();
        for (int i = 1; i < shape.length; i++) rowBytes = Math.multiplyExact(rowBytes, shape[i]);
        long rowsPerSlab = Math.max(1, SLAB_BYTES / Math.max(1, rowBytes));
        long total = Math.multiplyExact(rowBytes, shape[0]);
        try (Npy.Writer written = Npy.create(npy, element, shape);
             Progress progress = Progress.of("read " + dataset, total >> 20, " MiB", total >= PROGRESS_BYTES)) {
            Notices.staleTemporariesRemoved(err, npy, written.removedTemporaryFiles());
            try {
                for (long first = 0; first < shape[0]; first += rowsPerSlab) {
                    long end = Math.min(shape[0], first + rowsPerSlab);
                    NdArray rows = d.read(index, first, end);
                    written.append(rows);
                    progress.stepTo((end * rowBytes) >> 20);
                }
            } catch (RuntimeException e) {
                written.abandon();
                throw e;
            }
        }
    }

    /** Streams the selection as JSON, rows of the first axis read in slabs. */
    private void json(Dataset d, Index index) throws java.io.IOException {
        com.fasterxml.jackson.core.JsonGenerator g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(out);
        long[] shape = d.shapeOf(index).toArray();
        if (shape.length == 0) {
            JsonArray.write(g, d.read(index));
        } else {
            long rowBytes = d.dtype().size();
            for (int i = 1; i < shape.length; i++) rowBytes = Math.multiplyExact(rowBytes, shape[i]);
            long rowsPerSlab = Math.max(1, SLAB_BYTES / 4 / Math.max(1, rowBytes));
            g.writeStartArray();
            for (long first = 0; first < shape[0]; first += rowsPerSlab) {
                long end = Math.min(shape[0], first + rowsPerSlab);
                JsonArray.writeRows(g, d.read(index, first, end));
            }
            g.writeEndArray();
        }
        g.flush();
        out.println();
    }
}
