package org.h5vds.picture;

import java.util.List;
import org.h5vds.api.Dataset;
import org.h5vds.api.UnresolvedSource;
import org.h5vds.api.VirtualSourceInfo;

/**
 * Everything a mapping picture shows, read from a virtual dataset: its extent and maximum shape,
 * type and fill value (for the header and the hatched gaps), its mappings and the sources that
 * could not be opened (drawn dashed).
 *
 * @param file the file as the user named it, for the title
 * @param dataset the dataset's path in the file
 */
public record MappingSubject(String file, String dataset, long[] extent, long[] maxShape, String dtype, String fillValue,
                             List<VirtualSourceInfo> mappings, List<UnresolvedSource> unresolved) {
    public MappingSubject {
        extent = extent.clone();
        maxShape = maxShape.clone();
        mappings = List.copyOf(mappings);
        unresolved = List.copyOf(unresolved);
    }

    /** Reads the mappings, extent, fill value and missing sources of {@code d} (opening every source). */
    public static MappingSubject of(String fileLabel, Dataset d) {
        return new MappingSubject(fileLabel, d.path(), d.shape().toArray(), d.maxShape().toArray(), d.dtype().toString(),
                d.fillValue().toString(), d.virtualSources(), d.unresolvedSources());
    }
}
