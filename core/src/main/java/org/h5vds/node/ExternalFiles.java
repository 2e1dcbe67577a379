package org.h5vds.node;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h5vds.io.H5Exception;

/**
 * The files external links lead to, found where libhdf5 looks for them (H5F_prefix_open_file with
 * H5F_PREFIX_ELINK, 1.10 to 2.0) and kept open until the linking file closes. libhdf5's order:
 * <ol>
 *   <li>an absolute name as stored; when that does not open, the steps below use its last component;</li>
 *   <li>each folder of HDF5_EXT_PREFIX (colon-separated, taken literally: no {@code ${ORIGIN}}), then
 *       any prefix given by the application (H5Pset_elink_prefix);</li>
 *   <li>the folder of the file holding the link, as that file was opened (so a chain of links is
 *       followed relative to each file in turn);</li>
 *   <li>the name as given, relative to the working directory;</li>
 *   <li>the folder of the linking file's resolved name (symbolic links followed).</li>
 * </ol>
 * A candidate that does not open as an HDF5 file is skipped, as libhdf5 skips it. When none opens
 * the link dangles: following it is a {@link NoSuchObjectException}, as h5py's KeyError.
 */
final class ExternalFiles implements AutoCloseable {
    private final OpenFile owner;
    private final Map<Path, OpenFile> open = new ConcurrentHashMap<>();

    ExternalFiles(OpenFile owner) {
        this.owner = owner;
    }

    static List<Path> prefixesFromEnvironment() {
        String env = System.getenv("HDF5_EXT_PREFIX");
        List<Path> out = new ArrayList<>();
        if (env == null || env.isEmpty()) return out;
        for (String p : env.split(":")) {
            if (p.isEmpty()) continue;
            try {
                out.add(Path.of(p));
            } catch (InvalidPathException ignored) {
                // an unusable entry is skipped, as libhdf5 skips entries it cannot open
            }
        }
        return out;
    }

    /**
     * The file an external link names, opened once.
     *
     * @throws NoSuchObjectException when no candidate opens (a dangling link)
     */
    OpenFile open(String fileName, String linkPath, String object) {
        String why = "not found";
        for (Path candidate : candidates(fileName)) {
            if (!Files.isRegularFile(candidate)) continue;
            Path key = candidate.toAbsolutePath().normalize();
            if (key.equals(owner.path().toAbsolutePath().normalize())) return owner;
            OpenFile f = open.get(key);
            if (f != null) return f;
            try {
                return open.computeIfAbsent(key, k -> OpenFile.open(k, owner.options()));
            } catch (H5Exception e) {
                why = candidate + " does not open: " + e.getMessage(); // libhdf5 goes on to the next candidate
            }
        }
        throw new NoSuchObjectException(owner.fileName(), linkPath, "an external link to " + fileName + ":" + object + ", whose file is " + why);
    }

    /** Where libhdf5 looks for {@code fileName}, in its order, without repeats. */
    List<Path> candidates(String fileName) {
        java.util.Set<Path> out = new java.util.LinkedHashSet<>();
        Path name;
        try {
            name = Path.of(fileName);
        } catch (InvalidPathException e) {
            return List.of();
        }
        if (name.isAbsolute()) {
            out.add(name);
            if (name.getFileName() == null) return new ArrayList<>(out);
            name = name.getFileName();
        }
        for (Path prefix : owner.options().externalPrefixes()) out.add(prefix.resolve(name));
        Path dir = owner.path().toAbsolutePath().getParent();
        if (dir != null) out.add(dir.resolve(name));
        out.add(name);
        try {
            Path real = owner.path().toRealPath().getParent();
            if (real != null) out.add(real.resolve(name));
        } catch (java.io.IOException | SecurityException e) {
            // libhdf5 resolves the name when the file is opened; a name we cannot resolve now adds no candidate
        }
        return new ArrayList<>(out);
    }

    @Override
    public void close() {
        H5Exception first = null;
        for (OpenFile f : open.values()) {
            try {
                f.close();
            } catch (H5Exception e) {
                if (first == null) first = e;
            }
        }
        open.clear();
        if (first != null) throw first;
    }
}
