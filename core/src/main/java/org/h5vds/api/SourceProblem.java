package org.h5vds.api;

/**
 * Something wrong with a source of a virtual dataset, as {@link Dataset#checkSources()} finds it.
 *
 * @param virtualDataset the virtual dataset whose mapping names the source, {@code file:path} (for a
 *                       nested virtual dataset, that one)
 * @param mapping        the mapping's position in that dataset's list, or -1 for a problem of the
 *                       dataset as a whole (such as a cycle)
 * @param block          the printf block number, or -1
 * @param fileName       the source file as the mapping names it, or null
 * @param datasetName    the source dataset as the mapping names it, or null
 * @param problem        what is wrong
 */
public record SourceProblem(String virtualDataset, int mapping, long block, String fileName, String datasetName, String problem) {
    /** One line: {@code vds.h5:/data mapping 3 (raw_3.h5:data): file not found}. */
    @Override
    public String toString() {
        String where = mapping < 0 ? "" : " mapping " + mapping + (block >= 0 ? " block " + block : "");
        String source = fileName == null ? "" : " (" + fileName + ":" + datasetName + ")";
        return virtualDataset + where + source + ": " + problem;
    }
}
