package org.h5vds.vds;

import org.h5vds.select.Hyperslab;
import org.h5vds.select.Regular;
import org.h5vds.select.Selection;

/**
 * How libhdf5 treats one mapping, from its selections and names (H5O__layout_decode,
 * H5D_virtual_check_mapping_post):
 * <ul>
 *   <li>{@link Kind#LIMITED}: the virtual selection is bounded; the source selection is resolved
 *       against the source's extent;</li>
 *   <li>{@link Kind#UNLIMITED}: both selections have an UNLIMITED axis; the source's extent along
 *       its axis sets how far the mapping reaches;</li>
 *   <li>{@link Kind#PRINTF}: the virtual selection has an UNLIMITED count, the source selection is
 *       bounded, and a name holds {@code %b}: block j of the virtual selection comes from the
 *       source named with j.</li>
 * </ul>
 *
 * @param virtualAxis the unlimited axis of the virtual selection, or -1
 * @param sourceAxis  the unlimited axis of the source selection, or -1
 */
record MappingForm(Kind kind, int virtualAxis, int sourceAxis, SourceName file, SourceName dataset) {
    enum Kind { LIMITED, UNLIMITED, PRINTF }

    /**
     * @throws IllegalArgumentException describing a combination libhdf5 cannot read
     */
    static MappingForm of(VirtualMapping m) {
        return of(m, new java.util.HashMap<>());
    }

    /** As {@link #of(VirtualMapping)}, parsing each distinct name once across calls sharing {@code parsed}. */
    static MappingForm of(VirtualMapping m, java.util.Map<String, SourceName> parsed) {
        SourceName file = parsed.computeIfAbsent(m.sourceFileName(), SourceName::parse);
        SourceName dataset = parsed.computeIfAbsent(m.sourceDatasetName(), SourceName::parse);
        boolean printf = file.isPrintf() || dataset.isPrintf();
        int uv = unlimitedAxis(m.virtualSelection());
        int us = unlimitedAxis(m.sourceSelection());
        if (uv < 0) {
            if (printf) throw new IllegalArgumentException("printf specifiers (%b) in a source name need an unlimited virtual selection");
            return new MappingForm(Kind.LIMITED, -1, -1, file, dataset);
        }
        if (us >= 0) {
            if (printf) throw new IllegalArgumentException("printf specifiers (%b) in a source name need a limited source selection");
            return new MappingForm(Kind.UNLIMITED, uv, us, file, dataset);
        }
        if (!printf) throw new IllegalArgumentException("unlimited virtual selection, limited source selection, and no printf specifiers (%b) in the source names");
        Regular axis = ((Hyperslab) m.virtualSelection()).axis(uv);
        if (axis.count() != Regular.UNLIMITED) throw new IllegalArgumentException("a printf mapping needs an UNLIMITED count, not an UNLIMITED block, in its virtual selection");
        return new MappingForm(Kind.PRINTF, uv, -1, file, dataset);
    }

    private static int unlimitedAxis(Selection s) {
        return s instanceof Hyperslab h ? h.unlimitedAxis() : -1;
    }

    /** The key of a source that does not depend on the block number. */
    SourceKey literalKey() {
        return new SourceKey(file.literal(), dataset.literal());
    }

    /** The key of block {@code j} of a printf mapping. */
    SourceKey keyOfBlock(long j) {
        return new SourceKey(file.build(j), dataset.build(j));
    }
}
