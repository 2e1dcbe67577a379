package org.h5vds.vds;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.h5vds.io.Locations;
import org.h5vds.io.SearchOrder;
import org.h5vds.io.Stores;

/**
 * Where libhdf5 looks for a source file, in its order (H5F_prefix_open_file with H5F_PREFIX_VDS,
 * libhdf5 1.10 to 1.14; the prefix from H5D__build_file_prefix):
 * <ol>
 *   <li>an absolute name as stored (a path, or a URI such as {@code s3://bucket/key}); when that
 *       fails, the steps below use its last component;</li>
 *   <li>each folder of HDF5_VDS_PREFIX (colon-separated, taken literally);</li>
 *   <li>the dataset's prefix: HDF5_VDS_PREFIX as a whole when set, else the access property
 *       prefix, with {@code ${ORIGIN}} at its start replaced by the virtual file's folder
 *       ({@code "."} or empty meaning none);</li>
 *   <li>the virtual file's folder, as the file was opened;</li>
 *   <li>the name as given, relative to the working directory;</li>
 *   <li>the folder of the virtual file's resolved (symbolic links followed) name.</li>
 * </ol>
 * Folders and names are joined as text (H5F__build_name), so the same rules hold when the virtual
 * file is an object in a bucket: its "folder" is its key's prefix, and a relative source name
 * resolves in the same bucket, under the same prefix. A candidate that does not open as an HDF5
 * file is skipped, as libhdf5 skips it.
 */
final class SourceLocator {
    private static final String ORIGIN = "${ORIGIN}";

    private SourceLocator() {
    }

    /**
     * The locations to try for {@code fileName} (never {@code "."}, which is the virtual file
     * itself), in order, without repeats. The last one, in the folder of the virtual file's
     * resolved name, is worked out only when the iteration reaches it ({@link SearchOrder}).
     *
     * @param virtualFile the location of the virtual file, as it was opened
     */
    static Iterable<String> candidates(String fileName, String virtualFile, VirtualOptions options, Stores stores) {
        Set<String> out = new LinkedHashSet<>();
        String name = fileName;
        if (Locations.isAbsolute(fileName)) {
            add(out, fileName);
            name = Locations.lastComponent(fileName);
            if (name.isEmpty()) return out;
        }
        String folder = stores.parent(virtualFile);
        String env = options.environmentPrefix();
        if (env != null) {
            for (String entry : splitFolders(env)) if (!entry.isEmpty()) add(out, Locations.join(entry, name));
        }
        String prefix = env != null && !env.isEmpty() ? env : options.prefix();
        if (prefix != null && !prefix.isEmpty() && !prefix.equals(".")) {
            if (prefix.startsWith(ORIGIN)) prefix = folder + prefix.substring(ORIGIN.length());
            add(out, stores.resolve(prefix, name));
        }
        add(out, stores.resolve(folder, name));
        add(out, name);
        return SearchOrder.thenRealFolder(out, virtualFile, name);
    }

    /**
     * HDF5_VDS_PREFIX's colon-separated folders; a colon that starts "://" belongs to a URI (a
     * port number cannot be given there: its colon separates).
     */
    static List<String> splitFolders(String list) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            if (list.charAt(i) == ':' && !list.startsWith("://", i)) {
                out.add(list.substring(start, i));
                start = i + 1;
            }
        }
        out.add(list.substring(start));
        return out;
    }

    private static void add(Set<String> out, String candidate) {
        if (!candidate.isEmpty()) out.add(candidate);
    }
}
