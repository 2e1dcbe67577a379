package org.h5vds.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code h5vds demo [--dir D]}: the main job on an embedded default. Until writing lands it lists
 * and reads a small HDF5 file shipped inside h5vds, the way a user would explore their own.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the demonstration: list and read a small HDF5 file shipped with h5vds.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "D", description = "folder for the demo files (default: a new folder h5vds-demo-N here)")
    Path dir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path folder = dir != null ? dir : newFolder(Path.of(""));
        Files.createDirectories(folder);
        Path file = folder.resolve("sample.h5");
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/sample.h5")) {
            if (in == null) throw new IllegalStateException("the demo file is missing from the h5vds jar");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        out.println("Wrote " + file + " (a small file made by h5py). Its contents, as `h5vds ls` lists them:");
        out.println();
        Main.run(new String[] {"ls", file.toString()}, out, new PrintWriter(System.err, true));
        try (H5File f = H5File.open(file)) {
            Dataset d = f.dataset("entry/frames");
            out.println();
            out.println("entry/frames[1] (" + d.dtype() + ", chunks " + d.chunks().orElseThrow() + ", " + d.filters() + "):");
            out.println(d.read("1"));
            out.println("entry/frames[:, 0, ::2]:");
            out.println(d.read(":, 0, ::2"));
            out.println("attribute NX_class of /entry: " + f.group("entry").attr("NX_class").string());
        }
        out.println();
        out.println("The same with h5py: /usr/bin/python3 -c \"import h5py; f = h5py.File('" + file
                + "'); print(f['entry/frames'][1]); print(f['entry/frames'][:, 0, ::2])\"");
        return 0;
    }

    static Path newFolder(Path parent) {
        for (int n = 1; ; n++) {
            Path p = parent.resolve("h5vds-demo-" + n);
            if (!Files.exists(p)) return p;
        }
    }
}
