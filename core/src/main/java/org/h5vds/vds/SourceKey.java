package org.h5vds.vds;

/**
 * A source dataset as a mapping names it after {@code %b} substitution: the file name as stored
 * ({@code "."} for the virtual file itself) and the dataset path inside it.
 */
record SourceKey(String fileName, String datasetName) {
    boolean isSameFile() {
        return VirtualMapping.SAME_FILE.equals(fileName);
    }

    @Override
    public String toString() {
        return fileName + ":" + datasetName;
    }
}
