package org.h5vds.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.h5vds.io.Stores;

/**
 * How files are opened: where external link targets are searched, who reads virtual (layout class
 * 3) datasets — the VDS layer, which sits above this one and registers itself here —, how files
 * are opened by location, and whether a file another program has flagged as open for writing is
 * read anyway.
 *
 * @param externalPrefixes  folders searched first for external link targets (libhdf5's
 *                          HDF5_EXT_PREFIX and H5Pset_elink_prefix)
 * @param virtualReaders    builds readers for virtual datasets, or null when none is registered
 * @param stores            opens files (the file itself, external link targets) by location
 * @param ignoreWriterFlags read a file whose superblock says a writer has it open (what
 *                          {@code h5clear -s} would clear), instead of refusing it as libhdf5 does
 */
public record NodeOptions(List<Path> externalPrefixes, VirtualReaderFactory virtualReaders, Stores stores, boolean ignoreWriterFlags) {
    public NodeOptions {
        externalPrefixes = List.copyOf(externalPrefixes);
        Objects.requireNonNull(stores, "stores");
    }

    public NodeOptions(List<Path> externalPrefixes, VirtualReaderFactory virtualReaders, Stores stores) {
        this(externalPrefixes, virtualReaders, stores, false);
    }

    public static NodeOptions defaults() {
        return new NodeOptions(ExternalFiles.prefixesFromEnvironment(), null, Stores.local(), false);
    }

    public NodeOptions withVirtualReaders(VirtualReaderFactory f) {
        return new NodeOptions(externalPrefixes, f, stores, ignoreWriterFlags);
    }

    public NodeOptions withStores(Stores s) {
        return new NodeOptions(externalPrefixes, virtualReaders, s, ignoreWriterFlags);
    }

    public NodeOptions withIgnoreWriterFlags(boolean ignore) {
        return new NodeOptions(externalPrefixes, virtualReaders, stores, ignore);
    }
}
