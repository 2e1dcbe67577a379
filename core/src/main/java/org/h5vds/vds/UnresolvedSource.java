package org.h5vds.vds;

/**
 * A source a virtual dataset names but that cannot be read: its file name and dataset name (after
 * {@code %b} substitution) and why.
 */
public record UnresolvedSource(String fileName, String datasetName, String problem) {
    @Override
    public String toString() {
        return fileName + ":" + datasetName + " (" + problem + ")";
    }
}
