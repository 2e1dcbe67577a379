package org.h5vds.vds;

/**
 * Something wrong with a source of a virtual dataset, found by {@link SourceCheck}.
 *
 * @param virtualDataset the virtual dataset whose mapping names the source ({@code file:path}); for
 *                       a source of a nested virtual dataset, that nested dataset
 * @param mapping        the mapping's position in its list, or -1 when the problem concerns the
 *                       virtual dataset as a whole (a cycle, a plan that cannot be built)
 * @param block          the printf block number, or -1
 * @param fileName       the source file name as the mapping names it (after %b substitution)
 * @param datasetName    the source dataset name
 * @param problem        what is wrong
 */
public record SourceProblem(String virtualDataset, int mapping, long block, String fileName, String datasetName, String problem) {
    @Override
    public String toString() {
        String where = mapping < 0 ? "" : " mapping " + mapping + (block >= 0 ? " block " + block : "");
        String source = fileName == null ? "" : " (" + fileName + ":" + datasetName + ")";
        return virtualDataset + where + source + ": " + problem;
    }
}
