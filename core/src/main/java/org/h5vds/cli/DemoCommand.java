package org.h5vds.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.examples.Example;
import org.h5vds.examples.VdsSimple;

/**
 * {@code h5vds demo [--dir D]}: the main job on an embedded default. Builds the seed's first
 * example (four source files stacked into one 4×100 virtual dataset), prints its mappings and the
 * data read back, checks its sources, draws the mapping, then shows what a virtual dataset does
 * when a source goes missing: that row reads as the fill value, and check says why.
 */
final class DemoCommand implements Command {
    static final CommandSpec SPEC = new CommandSpec("demo", "Build h5py's vds_simple example, show its mappings, data, check and picture.")
            .option(OptionSpec.value("--dir", "D", Converters.PATH, "folder for the demo files (default: a new folder h5vds-demo-N here)"))
            .option(OptionSpec.flag("--overwrite", "let the demo replace files in an existing, non-empty --dir"));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(Arguments args, PrintWriter out, PrintWriter err) throws Exception {
        Path dir = args.get("--dir");
        boolean overwrite = args.flag("--overwrite");
        Path folder = (dir != null ? Folders.forWriting(dir, overwrite) : Folders.fresh(Path.of(""), "h5vds-demo")).toAbsolutePath();
        Files.createDirectories(folder);

        out.println("== 1. Build h5py's vds_simple example in " + folder);
        Example.Result r = new VdsSimple().run(folder, out);
        Path vds = r.vdsFile();

        out.println();
        out.println("== 2. The mappings (h5vds mappings " + vds.getFileName() + " vdata):");
        Main.run(new String[] {"mappings", vds.toString(), "vdata"}, out, err);

        out.println();
        out.println("== 3. The data read back (h5vds read " + vds.getFileName() + " vdata --select ':, :10'):");
        Main.run(new String[] {"read", vds.toString(), "vdata", "--select", ":, :10"}, out, err);

        out.println();
        out.println("== 4. Every source present and fitting (h5vds check " + vds.getFileName() + "):");
        Main.run(new String[] {"check", vds.toString()}, out, err);

        Path svg = folder.resolve("mapping.svg");
        out.println();
        out.println("== 5. A picture of the mapping (h5vds mappings " + vds.getFileName() + " vdata --svg mapping.svg):");
        // the command lists the mappings again before saying what it drew; step 2 showed them already
        java.io.StringWriter listing = new java.io.StringWriter();
        Main.run(new String[] {"mappings", vds.toString(), "vdata", "--svg", svg.toString()}, new PrintWriter(listing, true), err);
        String[] lines = listing.toString().strip().split("\\R");
        out.println(lines[lines.length - 1]);

        out.println();
        out.println("== 6. A missing source reads as the fill value (-5): 3.h5 moved away");
        Path source = folder.resolve("3.h5"), aside = folder.resolve("3.h5.moved");
        Files.move(source, aside, StandardCopyOption.REPLACE_EXISTING);
        try {
            try (H5File f = H5File.open(vds)) {
                Dataset d = f.dataset("vdata");
                out.println(d.read(":, :10"));
            }
            out.println("h5vds check now says:");
            Main.run(new String[] {"check", vds.toString()}, out, out);
        } finally {
            Files.move(aside, source, StandardCopyOption.REPLACE_EXISTING);
        }

        out.println();
        out.println("== 7. The same numbers with h5py:");
        out.println("/usr/bin/python3 -c \"import h5py; print(h5py.File('" + vds + "')['vdata'][:, :10])\"");
        return 0;
    }
}
