package org.h5vds.vds;

import org.h5vds.node.DatasetNode;
import org.h5vds.select.Selection;

/**
 * What one mapping (or one printf block) of a virtual dataset reads at its current extent, for
 * tools that look beneath reads (chunk references, materialize's defaults): the virtual elements,
 * the source dataset as found, and the source elements they take, element k of one for element k
 * of the other in C order. Pieces come in mapping order; where they overlap the later one wins.
 * Obtained from {@link VirtualReader#resolvedPieces()}; open the source with
 * {@link VirtualReader#withSource}.
 */
public final class ResolvedPiece {
    private final int mapping;
    private final long block;
    private final Selection virtual;
    private final SourceDataset source;
    private final long[] sourceDims;
    private final Selection sourceSelection;

    ResolvedPiece(int mapping, long block, Selection virtual, SourceDataset source, long[] sourceDims, Selection sourceSelection) {
        this.mapping = mapping;
        this.block = block;
        this.virtual = virtual;
        this.source = source;
        this.sourceDims = sourceDims;
        this.sourceSelection = sourceSelection;
    }

    /**
     * A plain dataset seen as one piece mapping all of it onto itself, so that questions asked of
     * a virtual dataset's pieces can be asked of it too; its source is the dataset itself.
     */
    public static ResolvedPiece whole(DatasetNode node) {
        long[] dims = node.storageDims();
        Selection all = Selection.box(new long[dims.length], dims);
        return new ResolvedPiece(0, -1, all, SourceDataset.inVirtualFile(new SourceKey(VirtualMapping.SAME_FILE, node.path())), dims, all);
    }

    /** The mapping's position in the stored list. */
    public int mapping() {
        return mapping;
    }

    /** The printf block number, or -1. */
    public long block() {
        return block;
    }

    /** The virtual elements, resolved and clipped to the current extent. */
    public Selection virtual() {
        return virtual;
    }

    /** The source file name as stored, after {@code %b} substitution ({@code "."}: the virtual file itself). */
    public String fileName() {
        return source.key().fileName();
    }

    public String datasetName() {
        return source.key().datasetName();
    }

    public boolean found() {
        return source.found();
    }

    /** Why the source is not read (null when found); its elements read as the fill value. */
    public String problem() {
        return source.problem();
    }

    public boolean isSameFile() {
        return source.isSameFile();
    }

    /** The location (path or URI) the source file was found at, as searched; null for the virtual file itself or a missing source. */
    public String foundAs() {
        return source.foundAs();
    }

    /** The source's current extent; null when it was not found. */
    public long[] sourceDims() {
        return sourceDims == null ? null : sourceDims.clone();
    }

    /** The source elements, resolved against the source's extent; null when it was not found. */
    public Selection sourceSelection() {
        return sourceSelection;
    }

    SourceDataset source() {
        return source;
    }

    /** {@code mapping 3 (stripe_4.h5:/data)}, or with the printf block. */
    public String label() {
        return "mapping " + mapping + (block >= 0 ? " block " + block : "") + " (" + source.key() + ")";
    }

    @Override
    public String toString() {
        return label() + ": " + virtual + " <- " + sourceSelection;
    }
}
