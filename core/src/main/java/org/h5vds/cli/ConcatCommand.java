package org.h5vds.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.api.CreateMode;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.Index;
import org.h5vds.api.RemoteOptions;
import org.h5vds.api.Shape;
import org.h5vds.api.VirtualLayout;
import org.h5vds.api.VirtualSource;

/**
 * {@code h5vds concat --output OUT --dataset NAME (--axis K | --stack) [--fill V] [--dtype T]
 * SRC[:DSET]...}: a virtual dataset that joins the sources end to end along an axis, or stacks
 * them on a new first axis, like h5py's dataset_concatenation example. Nothing is written unless
 * every source opens and fits.
 */
final class ConcatCommand implements Command {
    static final CommandSpec SPEC = new CommandSpec("concat",
            "Build a virtual dataset that concatenates source datasets along an axis (--axis K) or stacks them on a new axis 0 "
                    + "(--stack). Sources may be plain or virtual datasets; each is FILE or FILE:DATASET (DATASET defaults to --dataset).",
            "A source given by a relative path is stored relative to OUT's folder (so the files can move together); one given by an "
                    + "absolute path is stored as given. The dtype defaults to the one NumPy's concatenate would give (the first source's "
                    + "when all agree); unmapped elements and missing sources read as --fill (default 0).",
            "When OUT exists the virtual dataset is added to it in place (a source in OUT itself is stored as \".\"); a dataset "
                    + "of that name is refused unless --overwrite, which replaces that dataset only.")
            .option(OptionSpec.value("--output", "OUT", Converters.TEXT, "the HDF5 file to create or add to: a path, or "
                    + "s3://bucket/key (created only, uploaded when complete)").required())
            .options(RemoteFlags.OPTIONS)
            .option(OptionSpec.value("--dataset", "NAME", Converters.TEXT,
                    "the virtual dataset's path in OUT, and the dataset read from sources that name none").required())
            .oneOf(OptionSpec.value("--axis", "K", Converters.INT, "join along axis K (negative counts from the last); other axes must agree"),
                    OptionSpec.flag("--stack", "stack on a new axis 0; all shapes must be equal"))
            .option(OptionSpec.value("--fill", "V", Converters.TEXT, "fill value (default 0)"))
            .option(OptionSpec.value("--dtype", "T", Converters.TEXT,
                    "NumPy dtype of the virtual dataset, e.g. float64 or '<i4' (default: NumPy's promotion of the sources' dtypes)"))
            .option(OptionSpec.flag("--overwrite", "replace the dataset NAME if OUT has it already (only that dataset)"))
            .positionals("SRC[:DSET]", "source files, each optionally with a dataset path");

    /** Runs over at least this many sources show a progress bar (on a terminal). */
    private static final int PROGRESS_SOURCES = 50;

    private String output;
    private RemoteFlags remote;
    private String dataset;
    private List<String> sources;

    /** One source as opened: what the mapping stores, and its shape and dtype. */
    private record Source(String spec, String storedFile, String storedDataset, Shape shape, DType dtype) {
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(Arguments args, PrintWriter out, PrintWriter err) {
        output = args.get("--output");
        remote = new RemoteFlags(args);
        dataset = args.get("--dataset");
        Integer axis = args.get("--axis");
        boolean stack = args.flag("--stack");
        String fill = args.get("--fill");
        String dtype = args.get("--dtype");
        boolean overwrite = args.flag("--overwrite");
        sources = args.list("SRC[:DSET]");
        boolean exists = !RemoteOptions.isRemote(output) && Files.exists(Path.of(output));
        DType type = dtype == null ? null : parseDtype(dtype);
        Number fillValue = fill == null ? null : parseFill(fill);
        List<Source> opened = open();
        DType virtualType = type != null ? type : DType.resultType(opened.stream().map(Source::dtype).toList());
        for (Source s : opened) requireConvertible(s, virtualType);
        VirtualLayout layout = stack ? stack(opened, virtualType) : concatenate(opened, virtualType, axis);
        H5File f = exists ? H5File.open(Path.of(output), H5File.Mode.READ_WRITE)
                : H5File.create(output, overwrite ? CreateMode.TRUNCATE : CreateMode.EXCLUSIVE, remote.options());
        Notices.staleTemporariesRemoved(err, output, f.removedTemporaryFiles());
        try {
            if (exists && f.contains(dataset)) {
                if (!overwrite) {
                    throw new IllegalArgumentException(output + ":" + (dataset.startsWith("/") ? dataset : "/" + dataset)
                            + " already exists; pass --overwrite to replace that dataset");
                }
                f.delete(dataset);
            }
            f.createVirtualDataset(dataset, layout, fillValue);
            f.close();
        } catch (RuntimeException | Error e) {
            f.discard();
            throw e;
        }
        out.println("wrote " + output + ":" + (dataset.startsWith("/") ? dataset : "/" + dataset) + " " + virtualType + " "
                + layout.shape() + " from " + opened.size() + " source" + (opened.size() == 1 ? "" : "s")
                + (stack ? ", stacked" : " along axis " + axis));
        return 0;
    }

    private static DType parseDtype(String text) {
        try {
            return DType.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dtype " + e.getMessage(), e);
        }
    }

    private static Number parseFill(String text) {
        String t = text.strip();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException notWhole) {
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--fill " + text + ": not a number");
            }
        }
    }

    /** Opens every source, with a progress bar for long lists on a terminal. */
    private List<Source> open() {
        // a remote output stores every source by its absolute name (path or URI)
        Path outPath = RemoteOptions.isRemote(output) ? null : Path.of(output).toAbsolutePath().normalize();
        Path outDir = outPath == null ? null : outPath.getParent();
        List<Source> out = new ArrayList<>(sources.size());
        try (Progress progress = Progress.of("open sources", sources.size(), "", sources.size() >= PROGRESS_SOURCES)) {
            for (String s : sources) {
                out.add(open(s, outDir, outPath));
                progress.step();
            }
        }
        return out;
    }

    private Source open(String spec, Path outDir, Path outPath) {
        String fileText = spec;
        String datasetPath = dataset;
        if (RemoteOptions.isRemote(spec)) return openRemote(spec);
        int colon = spec.lastIndexOf(':');
        if (colon > 0 && !Files.isRegularFile(Path.of(spec))) {
            fileText = spec.substring(0, colon);
            datasetPath = spec.substring(colon + 1);
            if (datasetPath.isEmpty()) throw new IllegalArgumentException("source " + spec + ": no dataset after ':'");
        }
        Path file = Path.of(fileText);
        if (Files.isDirectory(file)) throw new IllegalArgumentException("source " + spec + ": " + fileText + ": is a directory");
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("source " + spec + ": " + fileText + ": no such file");
        Path absolute = file.toAbsolutePath().normalize();
        try (H5File f = H5File.open(file)) {
            Dataset d;
            try {
                d = f.dataset(datasetPath);
            } catch (RuntimeException e) {
                String m = String.valueOf(e.getMessage());
                throw new IllegalArgumentException(m.startsWith(fileText) ? "source " + spec + m.substring(fileText.length()) : "source " + spec + ": " + m, e);
            }
            if (d.isNull()) throw new IllegalArgumentException("source " + spec + ": " + d.path() + " has no elements (null dataspace)");
            if (absolute.equals(outPath)) {
                // a dataset of OUT itself: stored as "." (h5py's rule), so the file can be renamed
                return new Source(spec, ".", VirtualSource.escape(d.path()), d.shape(), d.dtype());
            }
            String stored = file.isAbsolute() || outDir == null ? absolute.toString() : outDir.relativize(absolute).toString();
            return new Source(spec, VirtualSource.escape(stored), VirtualSource.escape(d.path()), d.shape(), d.dtype());
        }
    }

    /**
     * A source named by URI ({@code s3://bucket/key[:DATASET]}), stored as given. The dataset
     * follows the last colon after the start of the URI's path, so a port's colon is not one.
     */
    private Source openRemote(String spec) {
        String fileText = spec;
        String datasetPath = dataset;
        int pathStart = spec.indexOf('/', spec.indexOf("://") + 3);
        int colon = spec.lastIndexOf(':');
        if (pathStart > 0 && colon > pathStart) {
            fileText = spec.substring(0, colon);
            datasetPath = spec.substring(colon + 1);
            if (datasetPath.isEmpty()) throw new IllegalArgumentException("source " + spec + ": no dataset after ':'");
        }
        if (fileText.equals(output)) throw new IllegalArgumentException("source " + spec + ": is the output file " + output);
        try (H5File f = H5File.open(fileText, remote.apply(org.h5vds.api.ReadOptions.defaults()))) {
            Dataset d = f.dataset(datasetPath);
            if (d.isNull()) throw new IllegalArgumentException("source " + spec + ": " + d.path() + " has no elements (null dataspace)");
            return new Source(spec, VirtualSource.escape(fileText), VirtualSource.escape(d.path()), d.shape(), d.dtype());
        }
    }

    /** As libhdf5 converts a source to the virtual dataset's type (numbers by value, compounds and enumerations by name, strings by length). */
    private static void requireConvertible(Source s, DType to) {
        String why = s.dtype().conversionProblem(to);
        if (why != null) throw new IllegalArgumentException("source " + s.spec() + ": dtype " + s.dtype() + " does not convert to " + to + ": " + why);
    }

    private VirtualLayout concatenate(List<Source> list, DType type, int axisGiven) {
        Source first = list.get(0);
        int rank = first.shape().rank();
        if (rank == 0) throw new IllegalArgumentException("source " + first.spec() + ": a scalar dataset has no axis to concatenate along; use --stack");
        int axis = axisGiven < 0 ? axisGiven + rank : axisGiven;
        if (axis < 0 || axis >= rank) {
            throw new IllegalArgumentException("--axis " + axisGiven + " is out of range for sources of rank " + rank + " (shape " + first.shape() + ")");
        }
        long total = 0;
        for (Source s : list) {
            if (s.shape().rank() != rank) {
                throw new IllegalArgumentException("source " + s.spec() + ": shape " + s.shape() + " has rank " + s.shape().rank() + ", but "
                        + first.spec() + " has shape " + first.shape());
            }
            for (int d = 0; d < rank; d++) {
                if (d != axis && s.shape().get(d) != first.shape().get(d)) {
                    throw new IllegalArgumentException("source " + s.spec() + ": shape " + s.shape() + " differs from " + first.spec() + "'s "
                            + first.shape() + " on axis " + d + " (concatenating along axis " + axis + ")");
                }
            }
            total = Math.addExact(total, s.shape().get(axis));
        }
        long[] dims = first.shape().toArray();
        dims[axis] = total;
        VirtualLayout layout = new VirtualLayout(Shape.of(dims), type);
        long at = 0;
        for (Source s : list) {
            long n = s.shape().get(axis);
            Index.Item[] key = new Index.Item[axis + 1];
            for (int d = 0; d < axis; d++) key[d] = Index.all();
            key[axis] = Index.slice(at, at + n);
            if (n > 0) layout.set(Index.of(key), new VirtualSource(s.storedFile(), s.storedDataset(), s.shape(), s.dtype(), null));
            at += n;
        }
        return layout;
    }

    private static VirtualLayout stack(List<Source> list, DType type) {
        Source first = list.get(0);
        for (Source s : list) {
            if (!s.shape().equals(first.shape())) {
                throw new IllegalArgumentException("source " + s.spec() + ": shape " + s.shape() + " differs from " + first.spec() + "'s "
                        + first.shape() + (s.shape().rank() == first.shape().rank() ? " on axis " + firstDifference(s.shape(), first.shape()) : "")
                        + " (stacking needs equal shapes)");
            }
        }
        long[] item = first.shape().toArray();
        long[] dims = new long[item.length + 1];
        dims[0] = list.size();
        System.arraycopy(item, 0, dims, 1, item.length);
        VirtualLayout layout = new VirtualLayout(Shape.of(dims), type);
        for (int i = 0; i < list.size(); i++) {
            Source s = list.get(i);
            layout.set(Index.of(Index.at(i)), new VirtualSource(s.storedFile(), s.storedDataset(), s.shape(), s.dtype(), null));
        }
        return layout;
    }

    private static int firstDifference(Shape a, Shape b) {
        for (int d = 0; d < a.rank(); d++) if (a.get(d) != b.get(d)) return d;
        return -1;
    }
}
