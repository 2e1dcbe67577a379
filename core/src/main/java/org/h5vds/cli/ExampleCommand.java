package org.h5vds.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.examples.Example;
import org.h5vds.examples.Examples;

/** {@code h5vds example NAME [--dir D]}: runs one of the seed's examples and shows what it made. */
final class ExampleCommand implements Command {
    static final CommandSpec SPEC = new CommandSpec("example",
            "Run one of h5py's VDS examples ported to h5vds: vds_simple, dataset_concatenation, "
                    + "excalibur_detector_modules, dual_pco_edge, eiger_use_case, percival_use_case.")
            .positional("NAME", "the example (h5py's script name without .py)")
            .option(OptionSpec.value("--dir", "D", Converters.PATH, "folder for the files (default: a new folder h5vds-NAME-N here)"))
            .option(OptionSpec.flag("--overwrite", "let the example replace files in an existing, non-empty --dir"))
            .option(OptionSpec.flag("--full", "percival_use_case only: the full 2000x2000 frames (6.4 GB of sources)"));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(Arguments args, PrintWriter out, PrintWriter err) throws Exception {
        String name = args.get("NAME");
        Path dir = args.get("--dir");
        boolean overwrite = args.flag("--overwrite");
        boolean full = args.flag("--full");
        Example example = Examples.named(name, full);
        Path folder = dir != null ? Folders.forWriting(dir, overwrite) : Folders.fresh(Path.of(""), "h5vds-" + name);
        Files.createDirectories(folder);
        out.println(example.name() + ": " + example.description());
        Example.Result r = example.run(folder, out);
        show(r, out);
        return 0;
    }

    /** Prints the mappings and the index h5py's example prints, read back through h5vds. */
    static void show(Example.Result r, PrintWriter out) {
        try (H5File f = H5File.open(r.vdsFile())) {
            Dataset d = f.dataset(r.dataset());
            out.println();
            out.println(r.vdsFile() + ": /" + r.dataset() + " " + d.shape() + " " + d.dtype() + ", fill value "
                    + d.fillValue().getDouble() + ", " + d.virtualSources().size() + " mappings:");
            d.virtualSources().stream().limit(8).forEach(m -> out.println("  " + m));
            if (d.virtualSources().size() > 8) out.println("  ...");
            out.println();
            out.println("read back through h5vds, [" + r.showIndex() + "]:");
            out.println(d.read(r.showIndex()));
        }
    }
}
