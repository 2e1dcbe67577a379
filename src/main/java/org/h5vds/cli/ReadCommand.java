package org.h5vds.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code h5vds read FILE DATASET [--select EXPR] [--npy OUT] [--view first-missing|last-available] [--printf-gap N] [--prefix DIR]}. */
@Command(name = "read", mixinStandardHelpOptions = true, description = "Read a dataset or a selection of it; print it, or write it as a NumPy .npy file.")
final class ReadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Parameters(index = "1", paramLabel = "DATASET")
    String dataset;

    @Option(names = "--select", paramLabel = "EXPR", description = "a NumPy basic index, e.g. '1:3, ::2' or '-1, ...' (default: everything)")
    String select;

    @Option(names = "--npy", paramLabel = "OUT", description = "write the values to a .npy file (dtype and byte order as stored)")
    Path npy;

    @Mixin
    SourceLookupOptions sources;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (H5File f = H5File.open(file, sources.readOptions())) {
            Dataset d = f.dataset(dataset);
            NdArray a = select == null ? d.read() : d.read(select);
            if (npy != null) {
                Npy.write(npy, a);
            } else {
                spec.commandLine().getOut().println(a);
            }
        }
        return 0;
    }
}
