package org.h5vds.node;

import java.nio.file.Path;
import java.util.List;

/**
 * How files are opened: where external link targets are searched, who reads virtual (layout class
 * 3) datasets — the VDS layer, which sits above this one and registers itself here — and whether
 * a file another program has flagged as open for writing is read anyway.
 *
 * @param externalPrefixes  folders searched first for external link targets (libhdf5's
 *                          HDF5_EXT_PREFIX and H5Pset_elink_prefix)
 * @param virtualReaders    builds readers for virtual datasets, or null when none is registered
 * @param ignoreWriterFlags read a file whose superblock says a writer has it open (what
 *                          {@code h5clear -s} would clear), instead of refusing it as libhdf5 does
 */
public record NodeOptions(List<Path> externalPrefixes, VirtualReaderFactory virtualReaders, boolean ignoreWriterFlags) {
    public NodeOptions {
        externalPrefixes = List.copyOf(externalPrefixes);
    }

    public NodeOptions(List<Path> externalPrefixes, VirtualReaderFactory virtualReaders) {
        this(externalPrefixes, virtualReaders, false);
    }

    public static NodeOptions defaults() {
        return new NodeOptions(ExternalFiles.prefixesFromEnvironment(), null, false);
    }

    public NodeOptions withVirtualReaders(VirtualReaderFactory f) {
        return new NodeOptions(externalPrefixes, f, ignoreWriterFlags);
    }

    public NodeOptions withIgnoreWriterFlags(boolean ignore) {
        return new NodeOptions(externalPrefixes, virtualReaders, ignore);
    }
}
