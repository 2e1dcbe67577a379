package org.h5vds.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.h5vds.io.Stores;

/**
 * How files are opened: where external link targets are searched, and who reads virtual
 * (layout class 3) datasets — the VDS layer, which sits above this one and registers itself here.
 *
 * @param externalPrefixes folders searched first for external link targets (libhdf5's
 *                         HDF5_EXT_PREFIX and H5Pset_elink_prefix)
 * @param virtualReaders   builds readers for virtual datasets, or null when none is registered
 * @param stores           opens files (the file itself, external link targets) by location
 */
public record NodeOptions(List<Path> externalPrefixes, VirtualReaderFactory virtualReaders, Stores stores) {
    public NodeOptions {
        externalPrefixes = List.copyOf(externalPrefixes);
        Objects.requireNonNull(stores, "stores");
    }

    public static NodeOptions defaults() {
        return new NodeOptions(ExternalFiles.prefixesFromEnvironment(), null, Stores.local());
    }

    public NodeOptions withVirtualReaders(VirtualReaderFactory f) {
        return new NodeOptions(externalPrefixes, f, stores);
    }

    public NodeOptions withStores(Stores s) {
        return new NodeOptions(externalPrefixes, virtualReaders, s);
    }
}
