package org.h5vds.vds;

import org.h5vds.io.H5Exception;
import org.h5vds.node.DatasetNode;
import org.h5vds.node.ObjectNode;
import org.h5vds.node.OpenFile;

/**
 * Where a source dataset was found: the identity of its file (or the virtual file itself), or why
 * it was not. The dataset node is looked up once per opened file and reused until the pool reopens
 * the file. Thread-safe.
 */
final class SourceDataset {
    private final SourceKey key;
    private final String file;     // identity (real path, normalized URI); null for the virtual file itself or when missing
    private final String foundAs;  // the location (path or URI) the file was found at, as searched; null as file
    private final boolean sameFile;
    private final String problem;  // null when found
    private volatile Handle handle;

    private record Handle(OpenFile file, DatasetNode node) {
    }

    private SourceDataset(SourceKey key, String file, String foundAs, boolean sameFile, String problem) {
        this.key = key;
        this.file = file;
        this.foundAs = foundAs;
        this.sameFile = sameFile;
        this.problem = problem;
    }

    static SourceDataset inFile(SourceKey key, String identity, String foundAs) {
        return new SourceDataset(key, identity, foundAs, false, null);
    }

    static SourceDataset inVirtualFile(SourceKey key) {
        return new SourceDataset(key, null, null, true, null);
    }

    static SourceDataset missing(SourceKey key, String problem) {
        return new SourceDataset(key, null, null, false, problem);
    }

    SourceKey key() {
        return key;
    }

    boolean found() {
        return problem == null;
    }

    boolean isSameFile() {
        return sameFile;
    }

    /** The identity of the source file (its key in the pool); null for the virtual file itself and for a missing source. */
    String file() {
        return file;
    }

    /** The location (path or URI) the file was found at, as searched; null as {@link #file()}. */
    String foundAs() {
        return foundAs;
    }

    /** Why the source is missing (null when found). */
    String problem() {
        return problem;
    }

    /** The dataset in {@code opened} (the file as opened now), looked up on first use per opened file. */
    DatasetNode node(OpenFile opened) {
        Handle h = handle;
        if (h != null && h.file == opened) return h.node;
        ObjectNode n = opened.resolve(key.datasetName());
        if (!(n instanceof DatasetNode d)) {
            throw new H5Exception(opened.fileName() + ": " + key.datasetName() + " is no longer a dataset");
        }
        handle = new Handle(opened, d);
        return d;
    }

    @Override
    public String toString() {
        return key + (found() ? "" : " (" + problem + ")");
    }
}
