package org.h5vds.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.Index;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code h5vds read FILE DATASET [--select EXPR] [--npy OUT | --json] [--view first-missing|last-available] [--printf-gap N] [--prefix DIR]}. */
@Command(name = "read", mixinStandardHelpOptions = true, description = {
        "Read a dataset or a selection of it, of any type; print it as NumPy prints it, write it as a NumPy .npy file, or print it as JSON.",
        "--npy holds every type .npy stores without pickling (numbers, bool, complex, long double, 'S' strings, structured "
                + "with nested and subarray fields, enumerations as their base integers, opaque as 'V'); variable-length strings "
                + "and sequences and references need --json.",
        "--json writes nested lists along the shape: compounds as objects, strings as strings (non-UTF-8 bytes as \\xNN), "
                + "enumerations as their names, references as the path they point to, NaN and infinities as \"nan\", \"inf\", \"-inf\"."})
final class ReadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE")
    String file;

    @Mixin
    RemoteFlags remote;

    @Parameters(index = "1", paramLabel = "DATASET")
    String dataset;

    @Option(names = "--select", paramLabel = "EXPR", description = "a NumPy basic index, e.g. '1:3, ::2' or '-1, ...' (default: everything)")
    String select;

    @Option(names = "--npy", paramLabel = "OUT", description = "write the values to a .npy file (dtype and byte order as stored)")
    Path npy;

    @Option(names = "--overwrite", description = "replace OUT if it exists (once the new file is complete)")
    boolean overwrite;

    @Option(names = "--json", description = "print the values as JSON")
    boolean json;

    @Mixin
    SourceLookupOptions sources;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Rows are read and written in slabs of about this many bytes. */
    static final long SLAB_BYTES = 64L << 20;
    /** Reads at least this large show a progress bar on a terminal. */
    static final long PROGRESS_BYTES = 256L << 20;

    @Override
    public Integer call() throws java.io.IOException {
        if (npy != null && json) throw new IllegalArgumentException("--npy and --json: choose one");
        if (npy != null) Notices.requireNew(npy, overwrite, "--npy");
        try (H5File f = H5File.open(file, remote.apply(sources.readOptions()))) {
            Dataset d = f.dataset(dataset);
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
                spec.commandLine().getOut().println(d.read(index));
            }
        }
        return 0;
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
        try (Npy.Writer out = Npy.create(npy, element, shape);
             Progress progress = Progress.of("read " + dataset, total >> 20, " MiB", total >= PROGRESS_BYTES)) {
            Notices.staleTemporariesRemoved(spec.commandLine().getErr(), npy, out.removedTemporaryFiles());
            try {
                for (long first = 0; first < shape[0]; first += rowsPerSlab) {
                    long end = Math.min(shape[0], first + rowsPerSlab);
                    NdArray rows = d.read(index, first, end);
                    out.append(rows);
                    progress.stepTo((end * rowBytes) >> 20);
                }
            } catch (RuntimeException e) {
                out.abandon();
                throw e;
            }
        }
    }

    /** Streams the selection as JSON, rows of the first axis read in slabs. */
    private void json(Dataset d, Index index) throws java.io.IOException {
        java.io.PrintWriter out = spec.commandLine().getOut();
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
