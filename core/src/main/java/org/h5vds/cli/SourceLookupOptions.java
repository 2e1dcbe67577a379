package org.h5vds.cli;

import org.h5vds.api.ReadOptions;
import org.h5vds.api.VirtualView;
import picocli.CommandLine.Option;

/**
 * The options that say how a virtual dataset's sources are looked for and how far its extent
 * reaches; shared by every command that opens virtual datasets (a picocli mixin).
 */
final class SourceLookupOptions {
    @Option(names = "--view", paramLabel = "VIEW", converter = ViewOption.class,
            description = "extent of a virtual dataset with unlimited mappings: first-missing or last-available (default, as libhdf5)")
    VirtualView view;

    @Option(names = "--printf-gap", paramLabel = "N", description = "missing printf source blocks to look past, with last-available (default 0)")
    Long printfGap;

    @Option(names = "--prefix", paramLabel = "DIR", description = "folder to look for virtual dataset sources in; $${ORIGIN} stands for the file's folder")
    String prefix;

    @Option(names = "--ignore-writer-flags", description = "read a file flagged as open for writing by a program that is not a SWMR writer "
            + "(libhdf5 refuses it; what it holds may be half-written); a SWMR writer's file needs no flag")
    boolean ignoreWriterFlags;

    /** The read options these flags ask for. */
    ReadOptions readOptions() {
        ReadOptions o = ReadOptions.defaults().ignoreWriterFlags(ignoreWriterFlags);
        if (view != null) o = o.virtualView(view);
        if (printfGap != null) o = o.printfGap(printfGap);
        if (prefix != null) o = o.virtualPrefix(prefix);
        return o;
    }
}
