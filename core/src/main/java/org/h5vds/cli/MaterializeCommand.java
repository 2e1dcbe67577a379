package org.h5vds.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.h5vds.api.CreateMode;
import org.h5vds.api.Dataset;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.Index;
import org.h5vds.api.MaterializeOptions;
import org.h5vds.api.Shape;
import org.h5vds.api.StoragePlan;

/**
 * {@code h5vds materialize FILE DATASET --output OUT [--dataset NAME] [--chunks a,b,..]
 * [--compression ...] [--shuffle] [--fletcher32] [--select EXPR] [--overwrite]}, or
 * {@code h5vds materialize FILE --all --output OUT}: a dataset's data (a virtual dataset's as read)
 * copied into a real dataset of OUT (added in place when OUT exists), or a whole file copied into a
 * new file with every virtual dataset replaced by its data.
 */
final class MaterializeCommand implements Command {
    static final CommandSpec SPEC = new CommandSpec("materialize",
            "Copy a dataset (virtual or not, or a selection of it) into a real dataset of a new file OUT, streaming with bounded memory; "
                    + "or, with --all, copy the whole file replacing every virtual dataset by its data (a flattened file that needs no sources).",
            "Default storage: a virtual dataset's copy is chunked like its sources when they are all chunked alike (else one frame per chunk) "
                    + "and compressed as its sources when they all agree; a plain dataset's copy is stored as the dataset is. "
                    + "The choice is printed. Fill value and attributes are copied.",
            "When OUT exists the copy is added to it in place; a dataset of that name is refused unless --overwrite, which replaces that "
                    + "dataset only. With --all OUT is a new file: if it exists the command fails unless --overwrite is given (it is then "
                    + "replaced once the copy is complete).")
            .positional("FILE", "the HDF5 file to copy from")
            .optionalPositional("DATASET", "the dataset to copy (not with --all)")
            .option(OptionSpec.value("--output", "OUT", Converters.PATH, "the new HDF5 file").required())
            .option(OptionSpec.value("--dataset", "NAME", Converters.TEXT, "the copy's path in OUT (default: DATASET's path)"))
            .option(OptionSpec.flag("--all", "copy every group, attribute and dataset of FILE, virtual datasets as their data"))
            .option(OptionSpec.value("--select", "EXPR", Converters.TEXT, "copy only this NumPy basic index of DATASET, e.g. '0:100, ::2'"))
            .options(StorageOptions.OPTIONS)
            .option(OptionSpec.flag("--overwrite", "replace the dataset in OUT if OUT has it already (only that dataset); with --all, replace OUT"))
            .options(SourceLookupOptions.OPTIONS);

    /** Copies at least this large show a progress bar (on a terminal). */
    private static final long PROGRESS_BYTES = 64L << 20;

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(Arguments args, PrintWriter out, PrintWriter err) {
        Path file = Path.of(args.<String>get("FILE"));
        String dataset = args.get("DATASET");
        Path output = args.get("--output");
        String name = args.get("--dataset");
        boolean all = args.flag("--all");
        String select = args.get("--select");
        StorageOptions storage = new StorageOptions(args);
        boolean overwrite = args.flag("--overwrite");
        SourceLookupOptions sources = new SourceLookupOptions(args);
        boolean exists = Files.exists(output);
        if (all && exists && !overwrite) {
            throw new IllegalArgumentException(output + ": already exists; materialize --all writes a new file: pass --overwrite to replace it");
        }
        try (H5File in = H5File.open(file, sources.readOptions())) {
            if (all) {
                if (dataset != null || name != null || select != null || storage.chunks != null || storage.filtersGiven()) {
                    throw new IllegalArgumentException("--all copies the whole file as it is stored: give no DATASET, --dataset, --select, "
                            + "--chunks or compression options with it");
                }
                long total = totalBytes(in);
                List<String> notes;
                try (Progress progress = Progress.of("materialize --all", total >> 20, " MiB", total >= PROGRESS_BYTES)) {
                    notes = in.copyFlattened(output, overwrite ? CreateMode.TRUNCATE : CreateMode.EXCLUSIVE, done -> progress.stepTo(done >> 20));
                }
                for (String n : notes) out.println("note: " + n);
                out.println("wrote " + output + ": every group, attribute and dataset of " + file + ", virtual datasets as their data"
                        + (notes.isEmpty() ? "" : ", except as noted above"));
                return 0;
            }
            if (dataset == null) throw new IllegalArgumentException("give the DATASET to copy, or --all for the whole file");
            Dataset d = in.dataset(dataset);
            Index index = select == null ? Index.ALL : Index.parse(select);
            StoragePlan plan = d.materializeStorage(index);
            DatasetOptions options = plan.options();
            String chunksFrom = plan.chunksFrom();
            String filtersFrom = plan.filtersFrom();
            if (storage.chunks != null) {
                options = options.withChunkShape(storage.chunks);
                chunksFrom = "given";
            }
            if (storage.filtersGiven()) {
                if (options.layout() != DatasetOptions.Layout.CHUNKED) options = options.withChunkShape();
                options = storage.withFilters(options.withoutFilters());
                filtersFrom = "given";
                if (storage.chunks == null && plan.options().layout() != DatasetOptions.Layout.CHUNKED) chunksFrom = "guessed as h5py guesses";
            }
            String target = name != null ? name : d.path();
            Shape shape = d.shapeOf(index);
            long total = shape.size() * d.dtype().size();
            H5File made = exists ? H5File.open(output, H5File.Mode.READ_WRITE) : H5File.create(output, CreateMode.EXCLUSIVE);
            try (Progress progress = Progress.of("materialize " + d.path(), total >> 20, " MiB", total >= PROGRESS_BYTES)) {
                if (exists && made.contains(target)) {
                    if (!overwrite) {
                        throw new IllegalArgumentException(output + ":" + absolute(target) + " already exists; pass --overwrite to replace "
                                + "that dataset");
                    }
                    made.delete(target);
                }
                out.println("materialize " + file + ":" + d.path() + (select != null ? "[" + select + "]" : "") + " -> " + output + ":"
                        + absolute(target) + " " + d.dtype() + " " + shape);
                out.println("  layout " + describeLayout(options) + " (" + chunksFrom + "); filters " + describeFilters(options) + " ("
                        + filtersFrom + ")");
                out.flush();
                d.materialize(made.root(), target, MaterializeOptions.defaults().select(index).storage(options)
                        .progress(done -> progress.stepTo(done >> 20)));
                made.close();
            } catch (RuntimeException | Error e) {
                made.discard();
                throw e;
            }
            out.println("wrote " + output + ":" + absolute(target));
        }
        return 0;
    }

    private static long totalBytes(H5File f) {
        long[] total = {0};
        f.visit((path, o) -> {
            if (o instanceof Dataset d && !d.isNull()) {
                try {
                    total[0] += d.size() * d.dtype().size();
                } catch (RuntimeException notNumeric) {
                    // counted by the copy, not by the bar
                }
            }
        });
        return total[0];
    }

    private static String absolute(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    private static String describeLayout(DatasetOptions o) {
        if (o.layout() == DatasetOptions.Layout.CHUNKED) return o.chunks() == null ? "chunked, chunks guessed as h5py guesses" : "chunks " + Shape.of(o.chunks());
        return o.layout().name().toLowerCase();
    }

    private static String describeFilters(DatasetOptions o) {
        if (o.filters().isEmpty()) return "none";
        return o.filters().stream().map(f -> java.util.Objects.requireNonNullElse(f.name(), "filter " + f.id())
                + ((f.id() == DatasetOptions.DEFLATE || f.id() == DatasetOptions.ZSTD) && f.clientData().length > 0 ? "=" + f.clientData()[0] : ""))
                .collect(Collectors.joining(" + "));
    }
}
