package org.h5vds.vds;

import java.util.Objects;
import org.h5vds.select.Selection;

/**
 * One entry of a virtual dataset's mapping list (format spec III.F): the elements
 * {@code virtualSelection} of the virtual dataset take, in order, the elements
 * {@code sourceSelection} of dataset {@code sourceDatasetName} in file {@code sourceFileName}.
 * Names are kept as stored: {@code "."} is the virtual dataset's own file, and {@code %b} /
 * {@code %%} are still escaped (see {@link SourceName}). Selections are kept as decoded: ALL and
 * UNLIMITED counts are resolved against extents only when the dataset is read.
 */
public record VirtualMapping(String sourceFileName, String sourceDatasetName, Selection sourceSelection, Selection virtualSelection) {

    /** The name libhdf5 stores for "the virtual dataset's own file". */
    public static final String SAME_FILE = ".";

    public VirtualMapping {
        Objects.requireNonNull(sourceFileName, "sourceFileName");
        Objects.requireNonNull(sourceDatasetName, "sourceDatasetName");
        Objects.requireNonNull(sourceSelection, "sourceSelection");
        Objects.requireNonNull(virtualSelection, "virtualSelection");
        if (sourceFileName.indexOf('\0') >= 0 || sourceDatasetName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a source name cannot contain a NUL character, which ends it on disk");
        }
    }

    /** The source file name parsed for {@code %b} substitutions. */
    public SourceName fileNameTemplate() {
        return SourceName.parse(sourceFileName);
    }

    /** The source dataset name parsed for {@code %b} substitutions. */
    public SourceName datasetNameTemplate() {
        return SourceName.parse(sourceDatasetName);
    }

    public boolean isSameFile() {
        return SAME_FILE.equals(sourceFileName);
    }
}
