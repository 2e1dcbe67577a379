package org.h5vds.node;

import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.io.FileSink;

/**
 * Storage of a dataset that another layer lays out itself, such as a virtual dataset whose
 * mappings the VDS layer encodes into a global heap collection: it is called once when the file
 * is closed, before the dataset's header is written, may allocate and write what it needs through
 * the sink, and returns the Data Layout message that describes it.
 */
@FunctionalInterface
public interface ProvidedLayout {
    DataLayoutMessage write(FileSink sink);

    /** The layout class the message will have (virtual unless said otherwise). */
    default DataLayoutMessage.LayoutClass layoutClass() {
        return DataLayoutMessage.LayoutClass.VIRTUAL;
    }
}
