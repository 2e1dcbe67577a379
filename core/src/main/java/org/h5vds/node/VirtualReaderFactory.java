package org.h5vds.node;

import org.h5vds.storage.LayoutReader;

/**
 * Builds the reader of a virtual dataset. The VDS layer implements this; the node layer only
 * knows that layout class 3 needs one, so it never imports the VDS layer.
 */
@FunctionalInterface
public interface VirtualReaderFactory {
    LayoutReader open(DatasetNode dataset);
}
