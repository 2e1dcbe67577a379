package org.h5vds.node;

import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.storage.RawSpace;

/**
 * Storage of a dataset that another layer lays out itself, such as a virtual dataset whose
 * mappings the VDS layer encodes into a global heap collection: it is called once when the
 * dataset is committed, before the dataset's header is written, may allocate and write what it
 * needs in {@code space}, and returns the Data Layout message that describes it.
 */
@FunctionalInterface
public interface ProvidedLayout {
    /** @param lengthSize the file's Size of Lengths, for the structures written */
    DataLayoutMessage write(RawSpace space, int lengthSize);

    /** The layout class the message will have (virtual unless said otherwise). */
    default DataLayoutMessage.LayoutClass layoutClass() {
        return DataLayoutMessage.LayoutClass.VIRTUAL;
    }
}
