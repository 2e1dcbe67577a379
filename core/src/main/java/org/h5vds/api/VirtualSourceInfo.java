package org.h5vds.api;

import java.util.Objects;
import org.h5vds.select.Selection;

/**
 * One mapping of a virtual dataset, like h5py's {@code VDSmap(vspace, file_name, dset_name,
 * src_space)}: the elements {@code virtualSelection} take, in order, the elements
 * {@code sourceSelection} of dataset {@code datasetName} in file {@code fileName}. Names are as
 * stored ({@code "."} is the virtual dataset's own file; {@code %b} is a printf block number);
 * selections are as stored (ALL and UNLIMITED unresolved).
 */
public record VirtualSourceInfo(Selection virtualSelection, String fileName, String datasetName, Selection sourceSelection) {
    public VirtualSourceInfo {
        Objects.requireNonNull(virtualSelection, "virtualSelection");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(datasetName, "datasetName");
        Objects.requireNonNull(sourceSelection, "sourceSelection");
    }

    /** The virtual selection in index notation, e.g. {@code [0, 0:100]}. */
    public String virtualText() {
        return SelectionText.of(virtualSelection);
    }

    /** The source selection in index notation. */
    public String sourceText() {
        return SelectionText.of(sourceSelection);
    }

    /** {@code virtual <- file:dataset[source]}, e.g. {@code [2, 0:50] <- src.h5:data[0:99:2]} or {@code ... <- src.h5:data[ALL]}. */
    @Override
    public String toString() {
        String source = sourceText();
        return virtualText() + " <- " + fileName + ":" + datasetName + (source.startsWith("[") ? source : "[" + source + "]");
    }
}
