package org.h5vds.vds;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where libhdf5 looks for a source file, in its order (H5F_prefix_open_file with H5F_PREFIX_VDS,
 * libhdf5 1.10 to 1.14; the prefix from H5D__build_file_prefix):
 * <ol>
 *   <li>an absolute name as stored; when that fails, the steps below use its last component;</li>
 *   <li>each folder of HDF5_VDS_PREFIX (colon-separated, taken literally);</li>
 *   <li>the dataset's prefix: HDF5_VDS_PREFIX as a whole when set, else the access property
 *       prefix, with {@code ${ORIGIN}} at its start replaced by the virtual file's folder
 *       ({@code "."} or empty meaning none);</li>
 *   <li>the virtual file's folder, as the file was opened;</li>
 *   <li>the name as given, relative to the working directory;</li>
 *   <li>the folder of the virtual file's resolved (symbolic links followed) name.</li>
 * </ol>
 * A candidate that does not open as an HDF5 file is skipped, as libhdf5 skips it.
 */
final class SourceLocator {
    private static final String ORIGIN = "${ORIGIN}";

    private SourceLocator() {
    }

    /** The paths to try for {@code fileName} (never {@code "."}, which is the virtual file itself), in order, without repeats. */
    static List<Path> candidates(String fileName, Path virtualFile, VirtualOptions options) {
        Set<Path> out = new LinkedHashSet<>();
        String name = fileName;
        if (fileName.startsWith("/")) {
            add(out, fileName);
            int slash = fileName.lastIndexOf('/');
            name = fileName.substring(slash + 1);
        }
        Path absolute = virtualFile.toAbsolutePath();
        String folder = absolute.getParent() == null ? "/" : absolute.getParent().toString();
        String env = options.environmentPrefix();
        if (env != null) {
            for (String entry : env.split(":")) if (!entry.isEmpty()) add(out, join(entry, name));
        }
        String prefix = env != null && !env.isEmpty() ? env : options.prefix();
        if (prefix != null && !prefix.isEmpty() && !prefix.equals(".")) {
            if (prefix.startsWith(ORIGIN)) prefix = folder + prefix.substring(ORIGIN.length());
            add(out, join(prefix, name));
        }
        add(out, join(folder, name));
        add(out, name);
        try {
            Path real = virtualFile.toRealPath().getParent();
            if (real != null) add(out, join(real.toString(), name));
        } catch (IOException | SecurityException e) {
            // libhdf5 resolves the name when the file is opened; a file we cannot resolve now adds no candidate
        }
        return new ArrayList<>(out);
    }

    /** H5F__build_name: the prefix, a slash unless it ends with one, the name. */
    private static String join(String prefix, String name) {
        return prefix.endsWith("/") ? prefix + name : prefix + "/" + name;
    }

    private static void add(Set<Path> out, String candidate) {
        if (candidate.isEmpty()) return;
        try {
            out.add(Path.of(candidate));
        } catch (InvalidPathException e) {
            // a name the file system cannot express cannot be opened either
        }
    }
}
