package org.h5vds.api;

import java.util.Objects;
import org.h5vds.select.Hyperslab;
import org.h5vds.select.Regular;
import org.h5vds.vds.SourceName;

/**
 * One mapping of a virtual dataset, like h5py's {@code VDSmap(vspace, file_name, dset_name,
 * src_space)}: the elements {@code virtualSelection} take, in order, the elements
 * {@code sourceSelection} of dataset {@code datasetName} in file {@code fileName}. Names are as
 * stored ({@code "."} is the virtual dataset's own file; {@code %b} is a printf block number,
 * {@code %%} a percent sign); regions are as stored (ALL and unlimited hyperslabs unresolved).
 *
 * @param virtualSelection the elements of the virtual dataset this mapping fills
 * @param fileName         the source file's name as stored
 * @param datasetName      the source dataset's path as stored
 * @param sourceSelection  the elements of the source dataset it takes
 */
public record VirtualSourceInfo(Region virtualSelection, String fileName, String datasetName, Region sourceSelection) {
    /**
     * Checks that no part is null.
     *
     * @param virtualSelection the elements of the virtual dataset this mapping fills, not null
     * @param fileName the source file's name as stored, not null
     * @param datasetName the source dataset's path as stored, not null
     * @param sourceSelection the elements of the source dataset it takes, not null
     */
    public VirtualSourceInfo {
        Objects.requireNonNull(virtualSelection, "virtualSelection");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(datasetName, "datasetName");
        Objects.requireNonNull(sourceSelection, "sourceSelection");
    }

    /**
     * The virtual selection in index notation, e.g. {@code [0, 0:100]}.
     *
     * @return the virtual selection as text
     */
    public String virtualText() {
        try {
            return virtualSelection.toString();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The source selection in index notation.
     *
     * @return the source selection as text
     */
    public String sourceText() {
        try {
            return sourceSelection.toString();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Whether this is a printf mapping as libhdf5 reads one: a name holds {@code %b} and the virtual
     * region is a hyperslab with an unlimited count, each of whose blocks maps to the source whose
     * names have that block's number in place of {@code %b} (see {@link #block}).
     *
     * @return true for a printf ({@code %b}) mapping
     */
    public boolean isPrintf() {
        try {
            return unlimitedBlocks() != null && (printf(fileName) || printf(datasetName));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The number of blocks of a printf mapping that start inside {@code extent} (along its
     * unlimited axis), hence the number of source files it reads there.
     *
     * @param extent the virtual dataset's extent
     * @return the number of blocks starting inside {@code extent}
     * @throws IllegalStateException when this is not a printf mapping
     */
    public long blockCount(Shape extent) {
        try {
            Hyperslab h = printfSlab();
            Regular a = h.axis(h.unlimitedAxis());
            long along = extent.toArray()[h.unlimitedAxis()];
            return along <= a.start() ? 0 : (along - a.start() + a.stride() - 1) / a.stride();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Block {@code k} of a printf mapping as a plain mapping: its virtual region is that block of
     * the unlimited hyperslab, its names have {@code k} in place of {@code %b} and {@code %} in
     * place of {@code %%}, its source region is this mapping's.
     *
     * @param k the block number, 0 or more
     * @return the plain mapping of block {@code k}
     * @throws IllegalStateException when this is not a printf mapping
     */
    public VirtualSourceInfo block(long k) {
        try {
            Hyperslab h = printfSlab();
            int u = h.unlimitedAxis();
            Regular a = h.axis(u);
            Regular[] axes = new Regular[h.rank()];
            for (int d = 0; d < axes.length; d++) axes[d] = h.axis(d);
            axes[u] = new Regular(a.start() + k * a.stride(), 1, 1, a.block());
            return new VirtualSourceInfo(new Region(new Hyperslab(axes)), build(fileName, k), build(datasetName, k), sourceSelection);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The source file's name as it is looked for: {@code %%} read as {@code %}. When a name holds
     * {@code %b}, the name as stored (it names many files; see {@link #block}).
     *
     * @return the file name to look for
     */
    public String plainFileName() {
        try {
            return plain(fileName);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The source dataset's path as it is looked for, as {@link #plainFileName()} gives the file's.
     *
     * @return the dataset path to look for
     */
    public String plainDatasetName() {
        try {
            return plain(datasetName);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    private Hyperslab unlimitedBlocks() {
        if (virtualSelection.selection() instanceof Hyperslab h && h.unlimitedAxis() >= 0
                && h.axis(h.unlimitedAxis()).count() == Index.UNLIMITED) {
            return h;
        }
        return null;
    }

    private Hyperslab printfSlab() {
        if (!isPrintf()) throw new IllegalStateException(this + " is not a printf mapping");
        return unlimitedBlocks();
    }

    private static SourceName parse(String stored) {
        try {
            return SourceName.parse(stored);
        } catch (IllegalArgumentException e) {
            return null;   // a name libhdf5 would not write: shown as stored
        }
    }

    private static boolean printf(String stored) {
        SourceName n = parse(stored);
        return n != null && n.isPrintf();
    }

    private static String build(String stored, long block) {
        SourceName n = parse(stored);
        return n == null ? stored : n.build(block);
    }

    private String plain(String stored) {
        SourceName n = parse(stored);
        return n == null || printf(fileName) || printf(datasetName) ? stored : n.literal();
    }

    /** {@code virtual <- file:dataset[source]}, e.g. {@code [2, 0:50] <- src.h5:data[0:99:2]} or {@code ... <- src.h5:data[ALL]}. */
    @Override
    public String toString() {
        try {
            String source = sourceText();
            return virtualText() + " <- " + fileName + ":" + datasetName + (source.startsWith("[") ? source : "[" + source + "]");
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }
}
