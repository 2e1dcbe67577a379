package org.h5vds.cli;

import java.util.List;
import org.h5vds.api.ReadOptions;
import org.h5vds.api.VirtualView;

/**
 * The options that say how a virtual dataset's sources are looked for and how far its extent
 * reaches; shared by every command that opens virtual datasets.
 */
final class SourceLookupOptions {
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.value("--view", "VIEW", new ViewOption(),
                    "extent of a virtual dataset with unlimited mappings: first-missing or last-available (default, as libhdf5)"),
            OptionSpec.value("--printf-gap", "N", Converters.LONG, "missing printf source blocks to look past, with last-available (default 0)"),
            OptionSpec.value("--prefix", "DIR", Converters.TEXT, "folder to look for virtual dataset sources in; ${ORIGIN} stands for the file's folder"),
            OptionSpec.flag("--ignore-writer-flags", "read a file flagged as open for writing by a program that is not a SWMR writer "
                    + "(libhdf5 refuses it; what it holds may be half-written); a SWMR writer's file needs no flag"));

    final VirtualView view;
    private final Long printfGap;
    private final String prefix;
    private final boolean ignoreWriterFlags;

    SourceLookupOptions(Arguments line) {
        view = line.get("--view");
        printfGap = line.get("--printf-gap");
        prefix = line.get("--prefix");
        ignoreWriterFlags = line.flag("--ignore-writer-flags");
    }

    /** The read options these flags ask for. */
    ReadOptions readOptions() {
        ReadOptions o = ReadOptions.defaults().ignoreWriterFlags(ignoreWriterFlags);
        if (view != null) o = o.virtualView(view);
        if (printfGap != null) o = o.printfGap(printfGap);
        if (prefix != null) o = o.virtualPrefix(prefix);
        return o;
    }
}
