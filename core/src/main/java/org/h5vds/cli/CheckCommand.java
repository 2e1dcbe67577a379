package org.h5vds.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.ReadOptions;
import org.h5vds.api.SourceProblem;

/**
 * {@code h5vds check FILE [DATASET] [--prefix DIR]}: every source of every virtual dataset in
 * FILE (or of one): present, readable, of a shape that fits its mapping and a type that converts.
 * One line per problem; exit status 1 when there is any.
 */
final class CheckCommand implements Command {
    static final CommandSpec SPEC = new CommandSpec("check",
            "Check the sources of the virtual datasets in FILE (or of DATASET): each source file is found and opens, its dataset is "
                    + "there and readable, its shape fits what the mapping takes and its type converts. Sources that are virtual "
                    + "datasets are checked in turn. Printf (%b) mappings are checked for the blocks present.",
            "Prints one line per problem and exits with status 1 when there is any; otherwise one line saying what was checked.")
            .positional("FILE", null)
            .optionalPositional("DATASET", "one virtual dataset (default: all of them)")
            .options(RemoteFlags.OPTIONS)
            .option(OptionSpec.value("--prefix", "DIR", Converters.TEXT, "folder to look for sources in first; ${ORIGIN} stands for the file's folder"));

    /** Virtual datasets with at least this many mappings show a progress bar while checked (on a terminal). */
    static final int PROGRESS_MAPPINGS = 50;

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(Arguments args, PrintWriter out, PrintWriter err) {
        String file = args.get("FILE");
        String dataset = args.get("DATASET");
        String prefix = args.get("--prefix");
        RemoteFlags remote = new RemoteFlags(args);
        ReadOptions options = prefix == null ? ReadOptions.defaults() : ReadOptions.defaults().virtualPrefix(prefix);
        try (H5File f = H5File.open(file, remote.apply(options))) {
            List<Dataset> virtual = new ArrayList<>();
            if (dataset != null) {
                Dataset d = f.dataset(dataset);
                if (!d.isVirtual()) throw new IllegalArgumentException(file + ": " + d.path() + " is not a virtual dataset");
                virtual.add(d);
            } else {
                f.visit((path, o) -> {
                    if (o instanceof Dataset d && d.isVirtual()) virtual.add(d);
                });
            }
            int problems = 0;
            long mappings = 0;
            for (Dataset d : virtual) {
                int n = d.virtualSources().size();
                mappings += n;
                List<SourceProblem> found;
                try (Progress progress = Progress.of("check " + d.path(), n, "", n >= PROGRESS_MAPPINGS)) {
                    found = d.checkSources(progress::stepTo);
                }
                for (SourceProblem p : found) {
                    out.println(p);
                    problems++;
                }
            }
            if (problems > 0) return Main.FAILED;
            out.println(file + ": " + (virtual.isEmpty() ? "no virtual datasets"
                    : virtual.size() + " virtual dataset" + (virtual.size() == 1 ? "" : "s") + ", " + mappings + " mapping"
                    + (mappings == 1 ? "" : "s") + ": every source present, readable and fitting"));
            return 0;
        }
    }
}
