package org.h5vds.api;

/**
 * A source a virtual dataset needs but cannot find: the file and dataset names (after printf
 * substitution) and why — no such file, not an HDF5 file, no such dataset.
 */
public record UnresolvedSource(String fileName, String datasetName, String problem) {
    @Override
    public String toString() {
        return fileName + ":" + datasetName + " (" + problem + ")";
    }
}
