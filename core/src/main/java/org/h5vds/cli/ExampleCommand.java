package org.h5vds.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.examples.Example;
import org.h5vds.examples.Examples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code h5vds example NAME [--dir D]}: runs one of the seed's examples and shows what it made. */
@Command(name = "example", mixinStandardHelpOptions = true, description = "Run one of h5py's VDS examples ported to h5vds: vds_simple, dataset_concatenation, "
        + "excalibur_detector_modules, dual_pco_edge, eiger_use_case, percival_use_case.")
final class ExampleCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "the example (h5py's script name without .py)")
    String name;

    @Option(names = "--dir", paramLabel = "D", description = "folder for the files (default: a new folder h5vds-NAME-N here)")
    Path dir;

    @Option(names = "--overwrite", description = "let the example replace files in an existing, non-empty --dir")
    boolean overwrite;

    @Option(names = "--full", description = "percival_use_case only: the full 2000x2000 frames (6.4 GB of sources)")
    boolean full;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
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
